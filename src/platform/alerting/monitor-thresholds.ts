/**
 * Thresholds of the Datadog platform monitors (monitor level L0) that have no CloudWatch alarm in the alarm
 * catalogue (`alarm-thresholds.ts`); every other monitor reads its numbers from there.
 */
export const PLATFORM_MONITOR_DEFAULTS = {
  /** DR-01: the database's RPO is 5 minutes; a replica further behind cannot be promoted within it. */
  replicaLagCriticalSeconds: 300,
  /** A fifth of the RPO: time to act before the RPO is at risk. */
  replicaLagWarningSeconds: 60,
  /** EDGE-03: blocked requests in 5 minutes that mean an attack in progress (the WAF's default rate limit is 2000 per IP). */
  wafBlockedRequestsPer5Minutes: 1000,
  /** NET-02: any NAT port allocation error means tenants' outbound connections fail. */
  natPortAllocationErrors: 0,
};
