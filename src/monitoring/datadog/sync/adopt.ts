import { SyncEngine } from './engine';
import { ActualResource } from './resource-ops';
import { ApiJson } from '../model/desired-resource';
import { IDENTITY_TAG_PREFIX, MANAGED_BY_TAG, OWNER_TAG_PREFIX, ResourceIdentity, STACK_TAG_PREFIX, identityTags } from '../model/identity';

/** What `adopt` did. */
export interface Adoption {
  readonly monitor: ActualResource;
  /** The construct to add to the app, at the adopted path. */
  readonly code: string;
}

/**
 * Tags monitor `id` with `identity`, so the next `apply` (or deploy) of the construct at
 * `identity.path` updates this monitor instead of creating a twin. Only the tags are written
 * (a PUT without options leaves them as they are).
 */
export async function adoptMonitor(engine: SyncEngine, id: string, identity: ResourceIdentity): Promise<Adoption> {
  const monitor = await engine.monitors.get(id);
  if (!monitor) throw new Error(`monitor ${id} does not exist`);
  if (monitor.body.type === 'composite' || monitor.body.type === 'synthetics alert') {
    throw new Error(`monitor ${id} is a ${monitor.body.type} monitor; adopt takes plain monitors (composites and synthetics tests are made by their constructs)`);
  }
  if (monitor.identityId && monitor.identityId !== identity.id) {
    throw new Error(`monitor ${id} is already managed (identity ${monitor.identityId}, stack ${monitor.stack}); it belongs to another construct`);
  }
  const ours = [MANAGED_BY_TAG, IDENTITY_TAG_PREFIX, STACK_TAG_PREFIX, OWNER_TAG_PREFIX];
  const userTags = (monitor.body.tags ?? []).filter((t: string) => !ours.some(prefix => t.startsWith(prefix)));
  await engine.api.request('PUT', `/api/v1/monitor/${encodeURIComponent(id)}`, { tags: [...userTags, ...identityTags(identity)] });
  const adopted = (await engine.monitors.get(id)) ?? monitor;
  return { monitor: adopted, code: constructCode(adopted.body, identity.path.split('/').pop()!, userTags) };
}

const TYPE_CONSTANTS: Record<string, string> = {
  'metric alert': 'METRIC_ALERT',
  'query alert': 'QUERY_ALERT',
  'service check': 'SERVICE_CHECK',
  'log alert': 'LOG_ALERT',
  'trace-analytics alert': 'TRACE_ANALYTICS_ALERT',
  'event-v2 alert': 'EVENT_ALERT',
  'process alert': 'PROCESS_ALERT',
  'slo alert': 'SLO_ALERT',
};

/** TypeScript of a `DatadogMonitor` that declares `body` as it is. */
export function constructCode(body: ApiJson, constructId: string, tags: string[]): string {
  const options: ApiJson = body.options ?? {};
  const thresholds: ApiJson = options.thresholds ?? {};
  const type = TYPE_CONSTANTS[body.type] ? `DatadogMonitorType.${TYPE_CONSTANTS[body.type]}` : `DatadogMonitorType.of(${JSON.stringify(body.type)})`;
  const names: Record<string, string> = { critical: 'critical', warning: 'warning', critical_recovery: 'criticalRecovery', warning_recovery: 'warningRecovery' };
  const threshold = Object.entries(names).filter(([key]) => typeof thresholds[key] === 'number').map(([key, prop]) => `${prop}: ${thresholds[key]}`);
  const minutes = (value: unknown, prop: string) => (typeof value === 'number' ? [`  ${prop}: Duration.minutes(${value}),`] : []);
  const seconds = (value: unknown, prop: string) => (typeof value === 'number' ? [`  ${prop}: Duration.seconds(${value}),`] : []);
  return [
    `new DatadogMonitor(this, ${JSON.stringify(constructId)}, {`,
    '  connection,',
    `  type: ${type},`,
    `  name: ${JSON.stringify(body.name)},`,
    `  query: ${JSON.stringify(body.query)},`,
    `  message: ${JSON.stringify(body.message ?? '')},`,
    ...(threshold.length ? [`  thresholds: { ${threshold.join(', ')} },`] : []),
    ...(typeof body.priority === 'number' ? [`  priority: ${body.priority},`] : []),
    ...(tags.length ? [`  tags: ${JSON.stringify(tags)},`] : []),
    ...(options.notify_no_data === true ? ['  notifyNoData: true,'] : []),
    ...minutes(options.no_data_timeframe, 'noDataTimeframe'),
    ...minutes(options.renotify_interval, 'renotifyInterval'),
    ...(typeof options.escalation_message === 'string' && options.escalation_message ? [`  escalationMessage: ${JSON.stringify(options.escalation_message)},`] : []),
    ...seconds(options.evaluation_delay, 'evaluationDelay'),
    ...seconds(options.new_group_delay, 'newGroupDelay'),
    ...(options.require_full_window === true ? ['  requireFullWindow: true,'] : []),
    ...(options.include_tags === false ? ['  includeTags: false,'] : []),
    ...(typeof options.timeout_h === 'number' ? [`  autoResolveAfter: Duration.hours(${options.timeout_h}),`] : []),
    '});',
    '',
  ].join('\n');
}
