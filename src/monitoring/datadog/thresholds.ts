/**
 * Alert thresholds of a monitor (`options.thresholds`). For a query ending in `>`/`>=` a warning
 * sits below critical and recoveries below what they recover from; for `<`/`<=` the other way
 * round. `critical` must equal the number at the end of the query.
 */
export interface DatadogMonitorThresholds {
  /** The critical threshold; equals the query's threshold. */
  readonly critical: number;
  /**
   * The warning threshold.
   * @default - no warning state
   */
  readonly warning?: number;
  /**
   * The value at which a critical alert recovers.
   * @default - recovers as soon as the critical threshold is no longer crossed
   */
  readonly criticalRecovery?: number;
  /**
   * The value at which a warning recovers.
   * @default - recovers as soon as the warning threshold is no longer crossed
   */
  readonly warningRecovery?: number;
}
