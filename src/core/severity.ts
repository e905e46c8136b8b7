/**
 * How urgent an alarm is, and so where it is routed (MON-02).
 */
export enum AlarmSeverity {
  /** Service down or about to be: PagerDuty + Slack + email, immediately. */
  CRITICAL = 'critical',
  /** Degradation that needs attention today: Slack. */
  WARNING = 'warning',
  /** Worth knowing, no action required: Slack #monitoring. */
  INFO = 'info',
}

/** Every severity, most urgent first. */
export const ALL_SEVERITIES: readonly AlarmSeverity[] = [AlarmSeverity.CRITICAL, AlarmSeverity.WARNING, AlarmSeverity.INFO];

/** `Critical`, `Warning`, `Info`: the severity as it appears in construct ids and export names. */
export function severityName(severity: AlarmSeverity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}
