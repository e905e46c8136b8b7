import { Duration } from 'aws-cdk-lib';

/** The seed's retries (ECS-06): at most 3, waiting 5, 15 and 30 minutes. */
export const SEED_RETRY = {
  maxAttempts: 3,
  interval: Duration.minutes(5),
  backoffRate: 3,
  maxDelay: Duration.minutes(30),
};

/**
 * The waits before each retry of a Step Functions retrier, in seconds, as the States Language
 * defines them: the n-th retry waits `IntervalSeconds × BackoffRate^(n-1)`, capped at
 * `MaxDelaySeconds` (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 * Without the cap, 300 s × 3 gives 5, 15 and 45 minutes; with `MaxDelaySeconds: 1800`, 5, 15, 30.
 */
export function retryWaitsSeconds(intervalSeconds: number, backoffRate: number, maxAttempts: number, maxDelaySeconds?: number): number[] {
  return Array.from({ length: maxAttempts }, (_, i) => {
    const wait = intervalSeconds * backoffRate ** i;
    return maxDelaySeconds === undefined ? wait : Math.min(wait, maxDelaySeconds);
  });
}
