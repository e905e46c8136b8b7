import { Duration, Token } from 'aws-cdk-lib';
import { SERVERLESS_ALARM_DEFAULTS, ServerlessAlarmThresholds } from './serverless-thresholds';

/**
 * The problems found in a construct's props, thrown together once every prop is checked, each
 * naming the prop, its value and what is accepted.
 */
export class ProblemList {
  private readonly problems: string[] = [];

  public constructor(private readonly construct: string) {}

  /** Records that `prop` with `value` is wrong: `accepted` says what would be right. */
  public add(prop: string, value: unknown, accepted: string): void {
    this.problems.push(`${prop} ${show(value)} ${accepted}`);
  }

  /** `value` must be an integer in [min, max] (skipped for tokens). */
  public integerBetween(prop: string, value: number | undefined, min: number, max: number, unit: string): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) this.add(prop, value, `must be an integer from ${min} to ${max} (${unit})`);
  }

  /** Throws one error listing every problem, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 1) throw new Error(`${this.construct}: ${this.problems[0]}`);
    if (this.problems.length > 1) throw new Error(`${this.construct}: ${this.problems.length} problems:\n- ${this.problems.join('\n- ')}`);
  }
}

/** The thresholds with defaults filled in; each must be a number ≥ 0 and the warning below the critical one. */
export function checkThresholds(problems: ProblemList, given: ServerlessAlarmThresholds | undefined): Required<ServerlessAlarmThresholds> {
  const defined = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...SERVERLESS_ALARM_DEFAULTS, ...defined } as Required<ServerlessAlarmThresholds>;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !(value > 0)) problems.add(`alarmThresholds.${key}`, value, 'must be a number above 0');
  }
  if (merged.concurrencyWarning >= merged.concurrencyCritical) {
    problems.add('alarmThresholds.concurrencyWarning', merged.concurrencyWarning,
      `must be below alarmThresholds.concurrencyCritical (${merged.concurrencyCritical}): a warning fires before the critical alarm`);
  }
  for (const key of ['errorRatePercent', 'api5xxRatePercent'] as const) {
    if (merged[key] > 100) problems.add(`alarmThresholds.${key}`, merged[key], 'must be a percentage from 0 to 100');
  }
  return merged;
}

function show(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  if (typeof value === 'string') return `"${value}"`;
  return JSON.stringify(value);
}
