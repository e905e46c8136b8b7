/**
 * Alarm thresholds of a `SecureServerlessApi`, at seed 004's targets (SRV-01): error rate ≤ 1 %,
 * average response ≤ 200 ms, cold start ≤ 1 s, 1,000 concurrent executions. Each can be tuned.
 */
export interface ServerlessAlarmThresholds {
  /** Function errors as a percentage of invocations over 5 minutes that page. @default 1 */
  readonly errorRatePercent?: number;
  /** API 5XX responses as a percentage of requests over 5 minutes that page. @default 1 */
  readonly api5xxRatePercent?: number;
  /** Average API latency over 5 minutes that warns (the seed's response target). @default 200 */
  readonly latencyAverageMs?: number;
  /** p99 API latency over 5 minutes that warns (the seed's cold-start target). @default 1000 */
  readonly latencyP99Ms?: number;
  /** Concurrent executions of the function that warn. @default 800 */
  readonly concurrencyWarning?: number;
  /** Concurrent executions that page: near the account's default quota of 1,000. @default 950 */
  readonly concurrencyCritical?: number;
}

export const SERVERLESS_ALARM_DEFAULTS: Required<ServerlessAlarmThresholds> = {
  errorRatePercent: 1,
  api5xxRatePercent: 1,
  latencyAverageMs: 200,
  latencyP99Ms: 1000,
  concurrencyWarning: 800,
  concurrencyCritical: 950,
};
