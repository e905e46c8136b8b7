import { ResourceKind, resolveReferences } from '../../monitoring/datadog/model/desired-resource';
import { applyPlan } from '../../monitoring/datadog/sync/apply';
import { readDesiredState } from '../../monitoring/datadog/sync/assembly';
import { DatadogApi, apiUrlOfSite } from '../../monitoring/datadog/sync/datadog-api';
import { SyncEngine } from '../../monitoring/datadog/sync/engine';
import { renderInventory, takeInventory } from '../../monitoring/datadog/sync/inventory';
import { computePlan, hasDifferences, readManaged, renderPlan } from '../../monitoring/datadog/sync/plan';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../../monitoring/datadog/sync/transport';
import { assemblyProblems } from '../../monitoring/datadog/validation/assembly-validation';
import { Command, CommandIo, UsageError } from '../command';
import { OptionValues, defineCommand } from '../parser';

/** Exit codes of `plan` and `drift`, as `terraform plan -detailed-exitcode`. */
export const EXIT_NO_DIFF = 0;
export const EXIT_ERROR = 1;
export const EXIT_DIFF = 2;

/** The arguments of `tenant-platform datadog`, parsed by the CLI's one parser. */
const SPEC = {
  name: 'datadog',
  summary: 'Datadog monitors as code: plan | apply | drift | inventory | validate against a cloud assembly',
  description: [
    'Actions:',
    '  plan       show what apply would change (0: nothing, 2: changes, 1: error)',
    '  apply      create, update and delete managed monitors, SLOs, tests, downtimes',
    '  drift      what changed in Datadog behind the app\'s back (0: none, 2: drift)',
    '  inventory  list managed, orphaned, unmanaged and duplicate monitors',
    '  validate   check monitors locally and with Datadog (--offline: local only)',
    '',
    'Keys: DD_API_KEY and DD_APP_KEY from the environment.',
  ].join('\n'),
  arguments: [{ name: 'action', description: 'what to do', choices: ['plan', 'apply', 'drift', 'inventory', 'validate'] }],
  options: {
    'app': { type: 'string', value: 'DIR', default: 'cdk.out', description: 'the cloud assembly (cdk.out) to read the desired state from' },
    'site': { type: 'string', value: 'SITE', description: 'Datadog site (default: $DD_SITE or datadoghq.com)' },
    'api-url': { type: 'string', value: 'URL', description: 'full API base URL, overriding --site (proxies, tests)' },
    'concurrency': { type: 'string', value: 'N', description: 'requests in flight during apply (default 4)' },
    'verbose': { type: 'boolean', description: 'list unchanged resources too' },
    'offline': { type: 'boolean', description: 'validate: skip Datadog\'s validation endpoint' },
  },
  examples: [
    'tenant-platform datadog plan                                   # the reviewed dry run before apply',
    'tenant-platform datadog apply --app cdk.out --concurrency 8',
    'tenant-platform datadog drift --site datadoghq.eu               # daily from CI; exit 2 on drift',
    'tenant-platform datadog validate --offline',
  ],
  exitCodeRows: ['datadog'],
  usageExitCode: EXIT_ERROR,
} as const;

/** What the command needs besides its arguments; tests shorten the waits. */
export interface DatadogCommandOptions {
  readonly retry?: RetryPolicy;
}

/**
 * `tenant-platform datadog ...`: monitors-as-code lifecycle (MON-04, MON-06). `plan` is the reviewed
 * dry run before `apply` that change management asks for (OPS-04), with `cdk diff` on the AWS side.
 */
export function datadogCommand(options: DatadogCommandOptions = {}): Command {
  return defineCommand(SPEC, ({ values, positionals }, io) => run(positionals[0], values, io, options.retry ?? DEFAULT_RETRY_POLICY));
}

async function run(action: string, values: OptionValues<typeof SPEC.options>, io: CommandIo, retry: RetryPolicy): Promise<number> {
  const concurrency = Number(values.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency "${values.concurrency}" must be a positive integer`);
  const desired = readDesiredState(values.app.startsWith('/') ? values.app : `${io.cwd}/${values.app}`);

  if (action === 'validate') {
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
    if (problems.length) {
      io.err(problems.map(p => `✗ ${p}`).join('\n') + `\n${problems.length} problem(s) in ${monitors} monitors\n`);
      return EXIT_ERROR;
    }
    io.out(`✓ ${monitors} monitors valid${values.offline ? ' (local checks only)' : ''}\n`);
    return EXIT_NO_DIFF;
  }

  const engine = connect(io, values, retry);
  if (action === 'inventory') {
    const inventory = await takeInventory(engine.monitors, new Set(desired.resources.map(r => r.identity.id)), desired.stacks);
    io.out(renderInventory(inventory));
    return EXIT_NO_DIFF;
  }

  const plan = computePlan(engine, desired.resources, await readManaged(engine), desired.stacks);
  if (action === 'plan' || action === 'drift') {
    io.out(action === 'drift' && hasDifferences(plan) ? `Drift between the app and Datadog:\n${renderPlan(plan, values.verbose)}` : renderPlan(plan, values.verbose));
    io.err(`${engine.api.transport.stats.requests} API requests\n`);
    return hasDifferences(plan) ? EXIT_DIFF : EXIT_NO_DIFF;
  }

  io.out(renderPlan(plan, values.verbose));
  const result = await applyPlan(engine, plan, { concurrency, onProgress: line => io.out(`${line}\n`) });
  const stats = engine.api.transport.stats;
  io.out(`Applied ${result.done} change(s), ${result.failed.length} failed; ${stats.requests} API requests ` +
    `(${stats.rateLimited} rate-limited, ${stats.retried} retried)\n`);
  if (result.failed.length) {
    io.err(result.failed.map(f => `✗ ${f.label}: ${f.error}`).join('\n') + '\nRun apply again: resources already made are adopted by their identity tag.\n');
    return EXIT_ERROR;
  }
  return EXIT_NO_DIFF;
}

function connect(io: CommandIo, values: { 'site'?: string; 'api-url'?: string }, retry: RetryPolicy): SyncEngine {
  const apiKey = io.env.DD_API_KEY;
  const appKey = io.env.DD_APP_KEY;
  if (!apiKey || !appKey) throw new UsageError('DD_API_KEY and DD_APP_KEY must be set in the environment');
  const apiUrl = values['api-url'] ?? apiUrlOfSite(values.site ?? io.env.DD_SITE ?? 'datadoghq.com');
  const api = new DatadogApi({ apiUrl, apiKey, appKey, retry });
  return new SyncEngine(api, { sleep: retry.sleep, referrerWaitMs: 0 });
}
