import { parseArgs } from 'util';
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

/** Exit codes of `plan` and `drift`, as `terraform plan -detailed-exitcode`. */
export const EXIT_NO_DIFF = 0;
export const EXIT_ERROR = 1;
export const EXIT_DIFF = 2;

const USAGE = `Usage: tenant-platform datadog <plan|apply|drift|inventory|validate> --app <cdk.out> [options]

  plan       show what apply would change (exit 0: nothing, 2: changes, 1: error)
  apply      create, update and delete managed monitors, SLOs, tests and downtimes to match the app
  drift      report what changed in Datadog behind the app's back (exit 0: none, 2: drift, 1: error)
  inventory  list managed, orphaned, unmanaged and duplicate monitors
  validate   check every monitor locally and with POST /api/v1/monitor/validate (--offline: local only)

Options:
  --app DIR          the cloud assembly (cdk.out) to read the desired state from
  --site SITE        Datadog site (default: $DD_SITE or datadoghq.com)
  --api-url URL      full API base URL, overriding --site (proxies, tests)
  --concurrency N    requests in flight during apply (default 4)
  --verbose          list unchanged resources too
  --offline          validate: skip Datadog's validation endpoint
Keys: DD_API_KEY and DD_APP_KEY from the environment.
`;

/** What the command needs besides its arguments; tests shorten the waits. */
export interface DatadogCommandOptions {
  readonly retry?: RetryPolicy;
}

/**
 * `tenant-platform datadog ...`: monitors-as-code lifecycle (MON-04, MON-06). `plan` is the reviewed
 * dry run before `apply` that change management asks for (OPS-04), with `cdk diff` on the AWS side.
 */
export function datadogCommand(options: DatadogCommandOptions = {}): Command {
  return {
    summary: 'Datadog monitors as code: plan | apply | drift | inventory | validate against a cloud assembly',
    run: (args, io) => run(args, io, options.retry ?? DEFAULT_RETRY_POLICY),
  };
}

async function run(args: string[], io: CommandIo, retry: RetryPolicy): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'app': { type: 'string' },
      'site': { type: 'string' },
      'api-url': { type: 'string' },
      'concurrency': { type: 'string' },
      'verbose': { type: 'boolean' },
      'offline': { type: 'boolean' },
      'help': { type: 'boolean', short: 'h' },
    },
  });
  const [action] = positionals;
  if (values.help || !action) {
    io.out(USAGE);
    return values.help ? 0 : EXIT_ERROR;
  }
  if (!['plan', 'apply', 'drift', 'inventory', 'validate'].includes(action)) {
    throw new UsageError(`unknown action "${action}"; expected plan, apply, drift, inventory or validate\n\n${USAGE}`);
  }
  if (!values.app) throw new UsageError(`--app <cdk.out> is required\n\n${USAGE}`);
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
