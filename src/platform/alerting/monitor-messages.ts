import { AlarmSeverity } from '../../core/severity';
import { DatadogSettings } from '../datadog-settings';

/**
 * The notification part of a monitor message (MON-05): the platform's handles for the severity of
 * the monitor's alert state and, if it has a warning threshold, of its warning state, inside
 * Datadog's conditional variables so a warning goes to Slack and an alert pages. Recoveries go to
 * whoever heard about the alert. Under CloudWatch paging a critical monitor `watchedByCloudWatch`
 * (one with a CloudWatch twin) notifies the warning handles (`DatadogSettings.notify`).
 */
export function notificationHandles(datadog: DatadogSettings, alert: AlarmSeverity, warning?: AlarmSeverity, watchedByCloudWatch = false): string {
  const block = (variable: string, severity: AlarmSeverity) => `{{#${variable}}}${datadog.notify(severity, watchedByCloudWatch)}{{/${variable}}}`;
  return [
    block('is_alert', alert), block('is_alert_recovery', alert),
    ...warning ? [block('is_warning', warning), block('is_warning_recovery', warning)] : [],
  ].join('\n');
}

/**
 * A monitor message: what happened, `Runbook: <link>` to its section (MON-08), then the
 * notification handles — none for a raw monitor level L3 monitor, which notifies only through its composite.
 */
export function monitorMessage(summary: string, runbookLink: string, notification?: string): string {
  return [summary, `Runbook: ${runbookLink}`, ...notification ? [notification] : []].join('\n\n');
}
