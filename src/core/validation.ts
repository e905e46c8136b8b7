import { Duration, Token } from 'aws-cdk-lib';

/**
 * Synth-time checks of construct props. Every message names the prop, the value and what is
 * accepted, so a bad input fails `cdk synth` instead of a CloudFormation deployment.
 */
export class PropValidation {
  /** `construct` names the construct path (e.g. `Tenant-acme/Service`) shown in front of the prop. */
  public constructor(private readonly construct: string) {}

  /** Throws a validation error about `prop`. */
  public fail(prop: string, value: unknown, accepted: string): never {
    throw new Error(`${this.construct}: ${prop} ${show(value)} ${accepted}`);
  }

  /** `value` must match `pattern` (skipped for tokens). */
  public matches(prop: string, value: string, pattern: RegExp, what?: string): void {
    if (!Token.isUnresolved(value) && !pattern.test(value)) {
      this.fail(prop, value, `must match ${pattern}${what ? ` (${what})` : ''}`);
    }
  }

  /** `value` must be an integer in [min, max] (skipped for tokens). */
  public integerBetween(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(prop, value, `must be an integer from ${min} to ${max}`);
    }
  }

  /** `value` must be at least `floor` (skipped for tokens). */
  public durationAtLeast(prop: string, value: Duration | undefined, floor: Duration, why: string): void {
    if (value === undefined || value.isUnresolved()) return;
    if (value.toSeconds() < floor.toSeconds()) {
      this.fail(prop, value, `is below ${floor.toHumanString()}, the floor ${why}`);
    }
  }

  /** `value` must be at most `ceiling` (skipped for tokens). */
  public durationAtMost(prop: string, value: Duration | undefined, ceiling: Duration, why: string): void {
    if (value === undefined || value.isUnresolved()) return;
    if (value.toSeconds() > ceiling.toSeconds()) {
      this.fail(prop, value, `is above ${ceiling.toHumanString()}, the ceiling ${why}`);
    }
  }
}

function show(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  if (typeof value === 'string') return `"${value}"`;
  return JSON.stringify(value);
}
