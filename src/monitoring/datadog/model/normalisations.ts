import { ResourceKind } from './desired-resource';

/** One way Datadog stores or answers a field differently from how it was sent. */
export interface DatadogNormalisation {
  /** Stable key, used by tests and docs. */
  readonly id: string;
  readonly kind: ResourceKind;
  /** The field(s) concerned, dotted. */
  readonly field: string;
  /** What Datadog does, and so what the engine treats as equal. */
  readonly behaviour: string;
  /** Where the behaviour is recorded: a cassette of DataDog/datadog-api-client-typescript, or a spec path. */
  readonly source: string;
}

const MONITOR_CASSETTE = 'cassettes/v1/Monitors "Create a metric monitor returns OK"';
const EDIT_MONITOR_CASSETTE = 'cassettes/v1/Monitors "Edit a monitor returns OK"';
const SLO_CASSETTE = 'cassettes/v1/Service-Level-Objectives "Update an SLO returns OK"';
const SYNTHETICS_CASSETTE = 'cassettes/v1/Synthetics "Edit an API test returns OK"';
const DOWNTIME_CASSETTE = 'cassettes/v2/Downtimes "Update a downtime returns OK"';
const DASHBOARD_CASSETTE = 'cassettes/v1/Dashboards "Create a new dashboard returns OK"';

/**
 * Everything Datadog normalises that the engine must not mistake for drift (MON-06). `plan`,
 * `drift`, `apply` and the deploy-time provider all compare through the `comparable` views built
 * from the helpers below, and the test emulator reproduces every entry from the same recordings.
 */
export const DATADOG_NORMALISATIONS: readonly DatadogNormalisation[] = [
  {
    id: 'monitor-type-alias',
    kind: ResourceKind.MONITOR,
    field: 'type',
    behaviour: 'a monitor created as "metric alert" is stored and answered as "query alert"; the two compare equal',
    source: `${MONITOR_CASSETTE}; terraform-provider-datadog suppresses the same diff`,
  },
  {
    id: 'monitor-threshold-floats',
    kind: ResourceKind.MONITOR,
    field: 'options.thresholds.*',
    behaviour: 'thresholds come back as floats (2 -> 2.0); thresholds compare as numbers',
    source: EDIT_MONITOR_CASSETTE,
  },
  {
    id: 'monitor-option-defaults',
    kind: ResourceKind.MONITOR,
    field: 'options.notify_no_data, options.include_tags, options.notify_audit, options.new_host_delay, options.silenced',
    behaviour: 'the server adds notify_no_data false, include_tags true, notify_audit false, new_host_delay 300 and silenced {} ' +
      '(groupby_simple_monitor false for log alerts); an unset managed option compares as its server default, unmanaged ones are not compared',
    source: `${MONITOR_CASSETTE}; ${EDIT_MONITOR_CASSETTE}`,
  },
  {
    id: 'monitor-options-replaced',
    kind: ResourceKind.MONITOR,
    field: 'options',
    behaviour: 'a PUT that carries options replaces the stored options whole (what it leaves out returns to the server default), ' +
      'so the engine always sends every managed option',
    source: EDIT_MONITOR_CASSETTE,
  },
  {
    id: 'monitor-null-is-unset',
    kind: ResourceKind.MONITOR,
    field: 'priority, options.*, options.thresholds.*',
    behaviour: 'priority is answered null when unset; options sent as null are kept as null; a null threshold is dropped; null and absent compare equal',
    source: `${MONITOR_CASSETTE}; ${EDIT_MONITOR_CASSETTE}`,
  },
  {
    id: 'monitor-text-trim',
    kind: ResourceKind.MONITOR,
    field: 'name, query, message',
    behaviour: 'leading and trailing whitespace is not significant; text compares trimmed with Unix line ends',
    source: 'terraform-provider-datadog datadog/resource_datadog_monitor.go (StateFunc strings.TrimSpace on message and query)',
  },
  {
    id: 'slo-description-empty',
    kind: ResourceKind.SLO,
    field: 'description',
    behaviour: 'an SLO created without a description answers description ""; empty and unset compare equal',
    source: SLO_CASSETTE,
  },
  {
    id: 'slo-threshold-floats',
    kind: ResourceKind.SLO,
    field: 'thresholds[].target, thresholds[].warning',
    behaviour: 'targets come back as floats with target_display/warning_display added, and timeframe, target_threshold and ' +
      'warning_threshold copied to the top level; only timeframe, target and warning are compared, as numbers',
    source: SLO_CASSETTE,
  },
  {
    id: 'synthetics-status-live',
    kind: ResourceKind.SYNTHETICS_API_TEST,
    field: 'status',
    behaviour: 'a test created without status is stored "live"; unset compares as "live"',
    source: SYNTHETICS_CASSETTE,
  },
  {
    id: 'downtime-defaults',
    kind: ResourceKind.DOWNTIME,
    field: 'display_timezone, mute_first_recovery_notification, notify_end_states, notify_end_types',
    behaviour: 'the server adds display_timezone "UTC", mute_first_recovery_notification false, notify_end_states (in varying order) and ' +
      'notify_end_types ["expired"]; unset compares as the default, notify_end_* are not managed',
    source: DOWNTIME_CASSETTE,
  },
  {
    id: 'downtime-instants',
    kind: ResourceKind.DOWNTIME,
    field: 'schedule.start, schedule.end',
    behaviour: 'one-time instants are answered with microseconds and "+00:00" (a null start becomes the creation time); instants compare by the moment they name',
    source: DOWNTIME_CASSETTE,
  },
  {
    id: 'dashboard-widget-ids',
    kind: ResourceKind.DASHBOARD,
    field: 'widgets[].id',
    behaviour: 'every widget gets a numeric id; widget ids are not compared',
    source: DASHBOARD_CASSETTE,
  },
  {
    id: 'dashboard-null-lists',
    kind: ResourceKind.DASHBOARD,
    field: 'description, template_variables',
    behaviour: 'an unset description or template variable list is answered null; null, empty and unset compare equal',
    source: DASHBOARD_CASSETTE,
  },
];

/** Monitor types Datadog stores under another name (`monitor-type-alias`). */
const MONITOR_TYPE_ALIASES: Record<string, string> = { 'metric alert': 'query alert' };

/** A monitor type as Datadog stores it (`monitor-type-alias`). */
export function normalMonitorType(type: unknown): string | null {
  return typeof type === 'string' ? MONITOR_TYPE_ALIASES[type] ?? type : null;
}

/** Text as compared (`monitor-text-trim`): trimmed, with Unix line ends; null when unset. */
export function normalText(value: unknown): string | null {
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : null;
}

/** Text where empty and unset are the same (`slo-description-empty`, `dashboard-null-lists`). */
export function normalOptionalText(value: unknown): string | null {
  return normalText(value) || null;
}

/** A number (`"100"`, `100.0` and `100` are the same), or null when unset (`*-floats`, `monitor-null-is-unset`). */
export function normalNumber(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A boolean with the server's default when unset (`monitor-option-defaults`, `downtime-defaults`). */
export function normalBoolean(value: unknown, serverDefault: boolean): boolean {
  return value === undefined || value === null ? serverDefault : value === true || value === 'true';
}

/** An instant as milliseconds since the epoch, or the text when it names none (`downtime-instants`). */
export function normalInstant(value: unknown): number | string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? value : ms;
}

/** Tags as a set: de-duplicated and sorted. */
export function normalTags(tags: unknown): string[] {
  return Array.isArray(tags) ? [...new Set(tags.map(String))].sort() : [];
}
