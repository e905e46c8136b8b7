import { PropValidation } from '../core/validation';
import { deploymentBehaviour } from '../runbooks/sections/deployment-behaviours';

/**
 * Alarm thresholds of one tenant service (MON-01). Each defaults to the value in REQUIREMENTS.md;
 * set one to tune a tenant.
 */
export interface ServiceAlarmThresholds {
  /** @default 70 */
  readonly cpuWarningPercent?: number;
  /** @default 85 */
  readonly cpuCriticalPercent?: number;
  /** @default 80 */
  readonly memoryWarningPercent?: number;
  /** @default 90 */
  readonly memoryCriticalPercent?: number;
  /** Target 5XX responses per minute that page. @default 10 */
  readonly http5xxPerMinute?: number;
  /** @default 500 */
  readonly latencyP99WarningMs?: number;
  /** @default 1000 */
  readonly latencyP99CriticalMs?: number;
  /** 5XX responses as a percentage of requests over 5 minutes. @default 0.1 */
  readonly errorRateWarningPercent?: number;
  /** @default 1 */
  readonly errorRateCriticalPercent?: number;
}

/** Alarm thresholds of a database (DB-06). */
export interface DatabaseAlarmThresholds {
  /** @default 70 */
  readonly cpuWarningPercent?: number;
  /** @default 85 */
  readonly cpuCriticalPercent?: number;
  /** Connections as a percentage of `max_connections`. @default 80 */
  readonly connectionsWarningPercent?: number;
  /** @default 90 */
  readonly connectionsCriticalPercent?: number;
  /** Free storage as a percentage of allocated storage: plan expansion (DB-07's 70 % used). @default 30 */
  readonly freeStorageWarningPercent?: number;
  /** @default 10 */
  readonly freeStorageCriticalPercent?: number;
  /** @default 20 */
  readonly readLatencyWarningMs?: number;
  /** @default 20 */
  readonly writeLatencyWarningMs?: number;
}

export const SERVICE_ALARM_DEFAULTS: Required<ServiceAlarmThresholds> = {
  cpuWarningPercent: 70,
  cpuCriticalPercent: 85,
  memoryWarningPercent: 80,
  memoryCriticalPercent: 90,
  http5xxPerMinute: 10,
  latencyP99WarningMs: 500,
  latencyP99CriticalMs: 1000,
  errorRateWarningPercent: 0.1,
  errorRateCriticalPercent: 1,
};

export const DATABASE_ALARM_DEFAULTS: Required<DatabaseAlarmThresholds> = {
  cpuWarningPercent: 70,
  cpuCriticalPercent: 85,
  connectionsWarningPercent: 80,
  connectionsCriticalPercent: 90,
  freeStorageWarningPercent: 30,
  freeStorageCriticalPercent: 10,
  readLatencyWarningMs: 20,
  writeLatencyWarningMs: 20,
};

/**
 * The rollback alarms of a deployment (ECS-03): a new task set that crosses one of these is rolled
 * back by ECS.
 */
export const DEPLOYMENT_ROLLBACK = {
  errorRatePercent: deploymentBehaviour('error-rate-rollback').threshold,
  errorRateMinutes: deploymentBehaviour('error-rate-rollback').minutes,
  healthyTargetsPercent: deploymentBehaviour('healthy-targets-rollback').threshold,
  healthyTargetsMinutes: deploymentBehaviour('healthy-targets-rollback').minutes,
  latencyP99Ms: deploymentBehaviour('latency-rollback').threshold,
  latencyP99Minutes: deploymentBehaviour('latency-rollback').minutes,
  memoryPercent: deploymentBehaviour('memory-rollback').threshold,
  memoryMinutes: deploymentBehaviour('memory-rollback').minutes,
};

/** Merges `overrides` over `defaults`, checking each warning/critical pair is ordered. */
export function resolveThresholds<T extends object>(
  check: PropValidation, prop: string, defaults: Required<T>, overrides: T | undefined,
  pairs: Array<[keyof T, keyof T, 'above' | 'below']>,
): Required<T> {
  const merged = { ...defaults, ...definedOnly(overrides) } as Required<T>;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !(value >= 0)) check.report(`${prop}.${key}`, value, 'must be a number ≥ 0');
  }
  for (const [warning, critical, direction] of pairs) {
    const w = merged[warning] as unknown as number;
    const c = merged[critical] as unknown as number;
    const ordered = direction === 'above' ? w < c : w > c;
    if (!ordered) {
      check.report(`${prop}.${String(warning)}`, w,
        `must be ${direction === 'above' ? 'below' : 'above'} ${prop}.${String(critical)} (${c}): a warning fires before the critical alarm`);
    }
  }
  return merged;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
