import { SERVERLESS_ALARM_DEFAULTS, ServerlessAlarmThresholds } from './serverless-thresholds';
import { PropValidation } from '../../core/validation';

/** The thresholds with defaults filled in; each must be a number ≥ 0 and the warning below the critical one. */
export function checkThresholds(problems: PropValidation, given: ServerlessAlarmThresholds | undefined): Required<ServerlessAlarmThresholds> {
  const defined = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...SERVERLESS_ALARM_DEFAULTS, ...defined } as Required<ServerlessAlarmThresholds>;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !(value > 0)) problems.report(`alarmThresholds.${key}`, value, 'must be a number above 0');
  }
  if (merged.concurrencyWarning >= merged.concurrencyCritical) {
    problems.report('alarmThresholds.concurrencyWarning', merged.concurrencyWarning,
      `must be below alarmThresholds.concurrencyCritical (${merged.concurrencyCritical}): a warning fires before the critical alarm`);
  }
  for (const key of ['errorRatePercent', 'api5xxRatePercent'] as const) {
    if (merged[key] > 100) problems.report(`alarmThresholds.${key}`, merged[key], 'must be a percentage from 0 to 100');
  }
  return merged;
}
