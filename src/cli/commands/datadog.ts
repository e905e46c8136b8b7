import * as fs from 'fs';
import * as path from 'path';
import { ResourceKind, resolveReferences } from '../../monitoring/datadog/model/desired-resource';
import { identityOf } from '../../monitoring/datadog/model/identity';
import { adoptMonitor } from '../../monitoring/datadog/sync/adopt';
import { applyPlan } from '../../monitoring/datadog/sync/apply';
import { DesiredState, readDesiredState } from '../../monitoring/datadog/sync/assembly';
import { DatadogApi, apiUrlOfSite, errorText } from '../../monitoring/datadog/sync/datadog-api';
import { SyncEngine } from '../../monitoring/datadog/sync/engine';
import { renderInventory, takeInventory } from '../../monitoring/datadog/sync/inventory';
import { Plan, computePlan, hasDifferences, readManaged, renderPlan } from '../../monitoring/datadog/sync/plan';
import { parsePlanFile, planChanges, planFile, planFingerprint, planSummary } from '../../monitoring/datadog/sync/plan-file';
import { ActualResource, survivorOrder } from '../../monitoring/datadog/sync/resource-ops';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../../monitoring/datadog/sync/transport';
import { assemblyProblems } from '../../monitoring/datadog/validation/assembly-validation';
import { Command, CommandIo, UsageError } from '../command';
import { defineCommand } from '../parser';

/** Exit codes of `plan` and `drift`, as `terraform plan -detailed-exitcode`. */
export const EXIT_NO_DIFF = 0;
export const EXIT_ERROR = 1;
export const EXIT_DIFF = 2;

const ACTIONS = ['plan', 'apply', 'drift', 'inventory', 'validate', 'adopt'];

/** The arguments of `tenant-platform datadog`, parsed by the CLI's one parser. */
const SPEC = {
  name: 'datadog',
  summary: 'Datadog monitors as code: plan | apply | drift | inventory | validate | adopt against a cloud assembly',
  description: [
    'Actions:',
    '  plan                 show what apply would change (0: nothing, 2: changes, 1: error); --out FILE saves it',
    '  apply [FILE]         create, update and delete monitors, SLOs, tests, downtimes and dashboards to match the app;',
    '                       with a FILE from plan --out, only if Datadog and the app are still as planned',
    '                       (1 if anything failed or duplicates remain)',
    '  drift                what changed in Datadog behind the app\'s back (0: none, 2: drift, 1: error)',
    '  inventory            orphaned, duplicate and unmanaged resources with the command that resolves each',
    '  validate             check monitors locally and with Datadog (--offline: local only)',
    '  adopt ID --as PATH   tag existing monitor ID as the construct at PATH (Stack/Construct/Path), so apply',
    '                       updates it instead of creating a twin, and print the construct to add',
    '',
    'Keys: DD_API_KEY and DD_APP_KEY from the environment.',
  ].join('\n'),
  arguments: [
    { name: 'action', description: 'what to do', choices: ACTIONS },
    { name: 'operand', description: 'apply: a plan file from plan --out; adopt: the monitor id', optional: true },
  ],
  options: {
    'app': { type: 'string', value: 'DIR', description: 'the cloud assembly to read the desired state from; apply FILE uses the plan\'s (default: cdk.out)' },
    'stack': { type: 'string', value: 'NAME', multiple: true, description: 'only these stacks (repeat for more)' },
    'json': { type: 'boolean', description: 'machine-readable output (plan, drift, inventory, validate)' },
    'out': { type: 'string', value: 'FILE', description: 'plan: write the plan to FILE for a later "apply FILE"' },
    'as': { type: 'string', value: 'PATH', description: 'adopt: the construct path the monitor becomes' },
    'site': { type: 'string', value: 'SITE', description: 'Datadog site (default: $DD_SITE or datadoghq.com)' },
    'api-url': { type: 'string', value: 'URL', description: 'full API base URL, overriding --site (proxies, tests)' },
    'timeout': { type: 'string', value: 'SECONDS', description: 'longest wait for one answer from Datadog (default 30)' },
    'concurrency': { type: 'string', value: 'N', description: 'requests in flight during apply (default 4)' },
    'verbose': { type: 'boolean', description: 'list unchanged resources too' },
    'offline': { type: 'boolean', description: 'validate: skip Datadog\'s validation endpoint' },
  },
  examples: [
    'tenant-platform datadog plan --out plan.json                   # the reviewed dry run before apply',
    'tenant-platform datadog apply plan.json                        # applies only what was reviewed',
    'tenant-platform datadog drift --json                           # daily from CI; exit 2 on drift',
    'tenant-platform datadog adopt 1234567 --as Shared/Platform/Alerting/CpuHigh',
    'tenant-platform datadog validate --offline',
  ],
  exitCodeRows: ['datadog'],
  usageExitCode: EXIT_ERROR,
} as const;

/** What the command needs besides its arguments; tests shorten the waits. */
export interface DatadogCommandOptions {
  readonly retry?: RetryPolicy;
}

type Values = {
  'app'?: string;
  'site'?: string;
  'api-url'?: string;
  'concurrency'?: string;
  'verbose'?: boolean;
  'offline'?: boolean;
  'json'?: boolean;
  'out'?: string;
  'stack'?: string[];
  'timeout'?: string;
  'as'?: string;
};

/**
 * `tenant-platform datadog ...`: monitors-as-code lifecycle (MON-04, MON-06). `plan` is the reviewed
 * dry run before `apply` that change management asks for (OPS-04), with `cdk diff` on the AWS side.
 */
export function datadogCommand(options: DatadogCommandOptions = {}): Command {
  return defineCommand(SPEC, ({ values, positionals }, io) => run(positionals, values, io, options.retry ?? DEFAULT_RETRY_POLICY));
}

async function run(positionals: string[], values: Values, io: CommandIo, retry: RetryPolicy): Promise<number> {
  const [action, operand] = positionals;
  try {
    return await runAction(action, operand, values, io, retry);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // One line naming what failed (status and endpoint for API errors), never a stack trace.
    io.err(`tenant-platform datadog ${action}: ${errorText(error).replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT_ERROR;
  }
}

async function runAction(action: string, operand: string | undefined, values: Values, io: CommandIo, retry: RetryPolicy): Promise<number> {
  const concurrency = Number(values.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency "${values.concurrency}" must be a positive integer`);
  const timeout = Number(values.timeout ?? (retry.timeoutMs ?? 30_000) / 1000);
  if (!(timeout > 0)) throw new UsageError(`--timeout "${values.timeout}" must be a positive number of seconds`);
  const policy: RetryPolicy = { ...retry, timeoutMs: timeout * 1000 };

  const savedPlan = action === 'apply' && operand ? parsePlanFile(fs.readFileSync(resolvePath(io, operand), 'utf8'), operand) : undefined;
  const app = values.app ?? savedPlan?.app ?? 'cdk.out';
  const appDir = resolvePath(io, app);
  const desired = onlyStacks(readDesiredState(appDir), values.stack ?? savedPlan?.stacks ?? []);

  if (action === 'validate') return validate(desired, values, io, policy);
  const engine = connect(io, values, policy);

  if (action === 'adopt') return adopt(engine, desired, operand, values, io, app);
  if (action === 'inventory') {
    const inventory = await takeInventory(engine, desired.resources, desired.stacks, { app, apiUrl: apiUrlOf(io, values) });
    io.out(values.json ? `${JSON.stringify(inventory, undefined, 2)}\n` : renderInventory(inventory));
    return EXIT_NO_DIFF;
  }

  const plan = computePlan(engine, desired.resources, await readManaged(engine), desired.stacks);
  if (action === 'plan' || action === 'drift') {
    if (values.out) {
      fs.writeFileSync(resolvePath(io, values.out), `${JSON.stringify(planFile(plan, appDir, values.stack ?? []), undefined, 2)}\n`);
    }
    if (values.json) {
      io.out(`${JSON.stringify({ summary: planSummary(plan), changes: planChanges(plan).filter(c => values.verbose || c.action !== 'unchanged') }, undefined, 2)}\n`);
    } else {
      io.out(action === 'drift' && hasDifferences(plan) ? `Drift between the app and Datadog:\n${renderPlan(plan, values.verbose)}` : renderPlan(plan, values.verbose));
    }
    io.err(`${engine.api.transport.stats.requests} API requests${values.out ? `; plan written to ${values.out}` : ''}\n`);
    return hasDifferences(plan) ? EXIT_DIFF : EXIT_NO_DIFF;
  }

  if (savedPlan && planFingerprint(plan) !== savedPlan.fingerprint) {
    io.err(`tenant-platform datadog apply: ${operand} is stale: the app or Datadog changed since it was planned ` +
      `(${savedPlan.createdAt}); nothing was applied. Run plan again:\n${renderPlan(plan)}`);
    return EXIT_ERROR;
  }
  return apply(engine, plan, desired, concurrency, values, io);
}

async function apply(engine: SyncEngine, plan: Plan, desired: DesiredState, concurrency: number, values: Values, io: CommandIo): Promise<number> {
  io.out(renderPlan(plan, values.verbose));
  const result = await applyPlan(engine, plan, { concurrency, onProgress: line => io.out(`${line}\n`) });
  // Another run (a deploy, a second apply) may have raced this one's creates, or a duplicate's delete
  // failed: duplicates left mean exit 1. Only kinds where either happened are read again.
  const kinds = new Set([...result.createdKinds, ...plan.changes.filter(c => c.actual && c.reason?.startsWith('duplicate')).map(c => c.kind)]);
  const duplicates = kinds.size ? duplicatesOf(await readManaged(engine, [...kinds]), desired) : [];
  const stats = engine.api.transport.stats;
  io.out(`Applied ${result.done} change(s), ${result.failed.length} failed; ${stats.requests} API requests ` +
    `(${stats.rateLimited} rate-limited, ${stats.retried} retried)\n`);
  if (result.failed.length) {
    io.err(result.failed.map(f => `✗ ${f.label}: ${f.error}`).join('\n') + '\nRun apply again: resources already made are adopted by their identity tag.\n');
  }
  if (duplicates.length) {
    io.err(duplicates.map(d => `✗ duplicate ${d.kind} ${d.id} "${d.name}" (identity ${d.identityId})`).join('\n') +
      '\nDuplicates remain (another run raced this one); run plan to see them as deletions and apply again.\n');
  }
  return result.failed.length || duplicates.length ? EXIT_ERROR : EXIT_NO_DIFF;
}

/** Resources of the app's identities beyond the first made of each. */
function duplicatesOf(actual: ActualResource[], desired: DesiredState): ActualResource[] {
  const declared = new Set(desired.resources.map(d => `${d.kind}/${d.identity.id}`));
  const seen = new Set<string>();
  return [...actual].sort(survivorOrder).filter(resource => {
    const key = `${resource.kind}/${resource.identityId}`;
    if (!declared.has(key)) return false;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

async function validate(desired: DesiredState, values: Values, io: CommandIo, retry: RetryPolicy): Promise<number> {
  const problems = assemblyProblems(desired.resources);
  if (!values.offline) {
    const engine = connect(io, values, retry);
    for (const resource of desired.resources) {
      if (resource.kind !== ResourceKind.MONITOR || resource.body.type === 'composite') continue;
      const body = resolveReferences(resource.body, () => 0);
      problems.push(...(await engine.monitors.validate(body)).map(p => `${resource.identity.path}: Datadog: ${p}`));
    }
  }
  const monitors = desired.resources.filter(r => r.kind === ResourceKind.MONITOR).length;
  if (values.json) {
    io.out(`${JSON.stringify({ valid: problems.length === 0, monitors, offline: values.offline ?? false, problems }, undefined, 2)}\n`);
    return problems.length ? EXIT_ERROR : EXIT_NO_DIFF;
  }
  if (problems.length) {
    io.err(problems.map(p => `✗ ${p}`).join('\n') + `\n${problems.length} problem(s) in ${monitors} monitors\n`);
    return EXIT_ERROR;
  }
  io.out(`✓ ${monitors} monitors valid${values.offline ? ' (local checks only)' : ''}\n`);
  return EXIT_NO_DIFF;
}

async function adopt(engine: SyncEngine, desired: DesiredState, id: string | undefined, values: Values, io: CommandIo, app: string): Promise<number> {
  if (!id || !/^\d+$/.test(id)) throw new UsageError('adopt needs the id of a monitor: adopt <monitor id> --as <Stack/Construct/Path>');
  const as = values.as?.replace(/^\/+|\/+$/g, '');
  if (!as || !as.includes('/')) throw new UsageError(`--as "${values.as ?? ''}" must be a construct path Stack/Construct/Path`);
  // A construct already in the app keeps its identity (an explicit one included); else the path's.
  const declared = desired.resources.find(r => r.identity.path === as);
  if (declared && declared.kind !== ResourceKind.MONITOR) throw new UsageError(`${as} is a ${declared.kind}, not a monitor`);
  const [stackName, ...rest] = as.split('/');
  const identity = declared?.identity ?? identityOf(stackName, rest.join('/'));
  const { monitor, code } = await adoptMonitor(engine, id, identity);
  io.out(`Monitor ${monitor.id} "${monitor.name}" now carries the identity of ${as}.\n` +
    `${declared ? 'The app declares it: ' : `Add this construct to stack ${stackName} (its id is the last part of ${as}), then `}` +
    `run "tenant-platform datadog plan --app ${app}": it updates monitor ${monitor.id} instead of creating a twin.\n\n${declared ? '' : code}`);
  return EXIT_NO_DIFF;
}

/** `state` limited to `stacks` (case-insensitive); all of it when none are given. */
function onlyStacks(state: DesiredState, stacks: string[]): DesiredState {
  if (stacks.length === 0) return state;
  const wanted = new Set(stacks.map(s => s.toLowerCase()));
  const unknown = [...wanted].filter(s => !state.stacks.has(s));
  if (unknown.length) {
    throw new UsageError(`--stack ${unknown.join(', ')}: not a stack of the app; its stacks are ${[...state.stacks].sort().join(', ')}`);
  }
  return { resources: state.resources.filter(r => wanted.has(r.identity.stack)), stacks: wanted };
}

function resolvePath(io: CommandIo, file: string): string {
  return path.isAbsolute(file) ? file : path.join(io.cwd, file);
}

function apiUrlOf(io: CommandIo, values: Values): string {
  return values['api-url'] ?? apiUrlOfSite(values.site ?? io.env.DD_SITE ?? 'datadoghq.com');
}

function connect(io: CommandIo, values: Values, retry: RetryPolicy): SyncEngine {
  const apiKey = io.env.DD_API_KEY;
  const appKey = io.env.DD_APP_KEY;
  if (!apiKey || !appKey) throw new UsageError('DD_API_KEY and DD_APP_KEY must be set in the environment');
  const api = new DatadogApi({ apiUrl: apiUrlOf(io, values), apiKey, appKey, retry });
  return new SyncEngine(api, { sleep: retry.sleep, referrerWaitMs: 0 });
}
