/**
 * The type of a Datadog monitor (`type` in the API). Composite monitors are made with
 * `DatadogCompositeMonitor`.
 */
export class DatadogMonitorType {
  /** A metric threshold monitor: `avg(last_5m):avg:aws.ecs.cpuutilization{...} > 85`. */
  public static readonly METRIC_ALERT = new DatadogMonitorType('metric alert');
  /** A metric monitor with functions (formulas, anomalies, forecasts). */
  public static readonly QUERY_ALERT = new DatadogMonitorType('query alert');
  /** A service check monitor: `"http.can_connect".over("*").by("url").last(3).count_by_status()`. */
  public static readonly SERVICE_CHECK = new DatadogMonitorType('service check');
  /** A log monitor: `logs("status:error service:web").index("*").rollup("count").last("5m") > 10`. */
  public static readonly LOG_ALERT = new DatadogMonitorType('log alert');
  /** An APM trace analytics monitor. */
  public static readonly TRACE_ANALYTICS_ALERT = new DatadogMonitorType('trace-analytics alert');
  /** An event monitor (events v2). */
  public static readonly EVENT_ALERT = new DatadogMonitorType('event-v2 alert');
  /** A process monitor. */
  public static readonly PROCESS_ALERT = new DatadogMonitorType('process alert');
  /** An SLO burn-rate or error-budget monitor. */
  public static readonly SLO_ALERT = new DatadogMonitorType('slo alert');

  /** A type this class does not list yet, by its API name. */
  public static of(name: string): DatadogMonitorType {
    if (name === 'composite') {
      throw new Error('monitor type "composite" is made with DatadogCompositeMonitor, which checks its references');
    }
    if (!/^[a-z0-9 -]+ (alert|check)$/.test(name)) {
      throw new Error(`monitor type "${name}" is not a Datadog monitor type such as "metric alert" or "log alert"`);
    }
    return new DatadogMonitorType(name);
  }

  /** @param name The API name of the type. */
  private constructor(public readonly name: string) {}
}
