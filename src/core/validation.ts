import { Duration, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EnvironmentProfile } from './environment';

/**
 * Synth-time checks of construct props. Every message names the prop, the value and what is
 * accepted, so a bad input fails `cdk synth` instead of a CloudFormation deployment.
 */
export class PropValidation {
  /**
   * `construct` names the construct path (e.g. `Tenant-acme/Service`) shown in front of the prop; ''
   * when the prop names its owner itself (e.g. `TenantServiceRunbookContext.tenantId`).
   */
  public constructor(private readonly construct: string) {}

  /** Throws a validation error about `prop`. */
  public fail(prop: string, value: unknown, accepted: string): never {
    throw new Error(`${prefix(this.construct)}${prop} ${show(value)} ${accepted}`);
  }

  /** Reports that `prop` with `value` is wrong (`accepted` says what is right): throws here; `PropProblems` records it instead. */
  public report(prop: string, value: unknown, accepted: string): void {
    this.fail(prop, value, accepted);
  }

  /** `value` must match `pattern` (skipped for tokens). */
  public matches(prop: string, value: string, pattern: RegExp, what?: string): void {
    if (!Token.isUnresolved(value) && !pattern.test(value)) {
      this.report(prop, value, `must match ${pattern}${what ? ` (${what})` : ''}`);
    }
  }

  /** `value` must be an integer in [min, max] (skipped for tokens); `unit` (e.g. `capacity units`) is named after the range. */
  public integerBetween(prop: string, value: number | undefined, min: number, max: number, unit?: string): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.report(prop, value, `must be an integer from ${min} to ${max}${unit ? ` (${unit})` : ''}`);
    }
  }

  /** `value` must be at least `floor` (skipped for tokens). */
  public durationAtLeast(prop: string, value: Duration | undefined, floor: Duration, why: string): void {
    if (value === undefined || value.isUnresolved()) return;
    if (value.toSeconds() < floor.toSeconds()) {
      this.report(prop, value, `is below ${floor.toHumanString()}, the floor ${why}`);
    }
  }

  /** `value` must be at most `ceiling` (skipped for tokens). */
  public durationAtMost(prop: string, value: Duration | undefined, ceiling: Duration, why: string): void {
    if (value === undefined || value.isUnresolved()) return;
    if (value.toSeconds() > ceiling.toSeconds()) {
      this.report(prop, value, `is above ${ceiling.toHumanString()}, the ceiling ${why}`);
    }
  }

  /** Log retention `days` must reach the floor of `profile`'s environment (LOG-01); `INFINITE` always does. */
  public logRetentionReaches(prop: string, days: logs.RetentionDays, profile: EnvironmentProfile): void {
    if (days !== logs.RetentionDays.INFINITE && days < profile.minLogRetentionDays) {
      this.report(prop, days, `days is below the ${profile.minLogRetentionDays}-day floor of ${profile.environment} (LOG-01)`);
    }
  }
}

/**
 * The problems of a construct's props, collected while every prop is checked and thrown together
 * once (the library's validation style): each names the prop, the value and what is accepted. The
 * checks of `PropValidation` record here instead of throwing; `report` records any other problem.
 */
export class PropProblems extends PropValidation {
  private readonly problems: string[] = [];

  public constructor(private readonly where: string) {
    super(where);
  }


  /** How many problems were recorded. */
  public get count(): number {
    return this.problems.length;
  }

  /** Throws one error listing every recorded problem, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length === 1) throw new Error(`${prefix(this.where)}${this.problems[0]}`);
    if (this.problems.length > 1) throw new Error(`${prefix(this.where)}${this.problems.length} problems:\n- ${this.problems.join('\n- ')}`);
  }

  /** Records that `prop` with `value` is wrong; `accepted` says what would be right. */
  public report(prop: string, value: unknown, accepted: string): void {
    this.problems.push(`${prop} ${show(value)} ${accepted}`);
  }
}

function prefix(construct: string): string {
  return construct ? `${construct}: ` : '';
}

function show(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  if (typeof value === 'string') return `"${value}"`;
  return JSON.stringify(value);
}
