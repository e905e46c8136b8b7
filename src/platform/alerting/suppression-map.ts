/**
 * Which shared cause (monitor level L2, per ALB shard) holds back which tenant symptom (monitor level L3) — MON-03.
 *
 * This table is the one place the suppression is decided. Datadog builds each tenant's composite
 * `symptom && !(cause || cause)` from it, and CloudWatch gives each listed tenant alarm a composite
 * alarm whose `ActionsSuppressor` is the shard's alarm for the same causes. A shared cause always
 * notifies by itself, so suppression never silences an incident: the page names the cause once
 * instead of once per tenant.
 */
import { LocalizedText } from '../../core/localized-text';
import { alarmPairIds } from '../../monitoring/alarm-factory';

/** A shared-service (monitor level L2) condition of one ALB shard that explains symptoms of every tenant on it. */
export enum SharedCause {
  /** 5XX responses (load balancer's and targets') above the critical error rate across the shard. */
  ERROR_RATE = 'ErrorRate',
  /** The shard's P99 target response time above the critical latency. */
  LATENCY_P99 = 'LatencyP99',
  /** No target of any tenant on the shard is healthy. */
  NO_HEALTHY_TARGETS = 'NoHealthyTargets',
}

/** A per-tenant (monitor level L3) symptom. */
export enum TenantSymptom {
  ERROR_RATE = 'ErrorRate',
  LATENCY_P99 = 'LatencyP99',
  CPU = 'Cpu',
  MEMORY = 'Memory',
  /** Healthy (CloudWatch) or running (Datadog) tasks below the tenant's minimum. */
  TASKS = 'Tasks',
  /** The synthetics test of the tenant's health check fails. */
  HEALTH_CHECK = 'HealthCheck',
}

/**
 * Construct ids of a tenant's notifying CloudWatch alarms (MON-01). The tenant's alarms are created
 * with these ids and the table below names them, so both use one definition; the ids of an alarm
 * pair get `Warning` and `Critical` appended (`alarmPairIds`).
 */
export const TENANT_ALARM_IDS = {
  CPU: 'Cpu',
  MEMORY: 'Memory',
  HTTP_5XX: 'Http5xx',
  HEALTHY_HOSTS_LOW: 'HealthyHostsLow',
  LATENCY_P99: 'LatencyP99',
  ERROR_RATE: 'ErrorRate',
} as const;

/** One row of the table: a symptom, the causes that suppress it, and where each side watches it. */
export interface SuppressionRule {
  readonly symptom: TenantSymptom;
  /** The symptom as people say it, e.g. "error rate". */
  readonly label: LocalizedText;
  /** The shared causes whose alert holds the symptom's notifications back (any of them). */
  readonly suppressedBy: readonly SharedCause[];
  /** Construct ids of the tenant's CloudWatch alarms (`SecureTenantService` MON-01 alarms) that show the symptom. */
  readonly cloudWatchAlarmIds: readonly string[];
  /** Why the causes explain the symptom, for the runbook. */
  readonly why: LocalizedText;
}

export const SUPPRESSION_MAP: readonly SuppressionRule[] = [
  {
    symptom: TenantSymptom.ERROR_RATE,
    label: { ja: 'エラー率', en: 'error rate' },
    suppressedBy: [SharedCause.ERROR_RATE, SharedCause.NO_HEALTHY_TARGETS],
    cloudWatchAlarmIds: [...alarmPairIds(TENANT_ALARM_IDS.ERROR_RATE), TENANT_ALARM_IDS.HTTP_5XX],
    why: {
      ja: 'シャード全体の 5XX 率の上昇や、シャード上の全ターゲットの異常は、各テナントの 5XX として現れます。',
      en: 'A shard-wide 5XX rate or a shard where no target is healthy shows up as 5XX responses of every tenant on it.',
    },
  },
  {
    symptom: TenantSymptom.LATENCY_P99,
    label: { ja: 'P99 レスポンスタイム', en: 'P99 latency' },
    suppressedBy: [SharedCause.LATENCY_P99],
    cloudWatchAlarmIds: alarmPairIds(TENANT_ALARM_IDS.LATENCY_P99),
    why: {
      ja: 'シャード全体の P99 レスポンスタイムの悪化 (共有データベースやロードバランサーの遅延) は、各テナントの遅延として現れます。',
      en: 'A slow shard as a whole (the shared database or the load balancer) shows up as latency of every tenant on it.',
    },
  },
  {
    symptom: TenantSymptom.CPU,
    label: { ja: 'CPU 使用率', en: 'CPU' },
    suppressedBy: [SharedCause.NO_HEALTHY_TARGETS],
    cloudWatchAlarmIds: alarmPairIds(TENANT_ALARM_IDS.CPU),
    why: {
      ja: 'シャード上の全ターゲットが異常な間、タスクは再起動を繰り返しており、その CPU 使用率は原因ではなく結果です。',
      en: 'While no target on the shard is healthy, tasks are being replaced; their CPU readings are an effect of the restarts, not a cause.',
    },
  },
  {
    symptom: TenantSymptom.MEMORY,
    label: { ja: 'メモリ使用率', en: 'memory' },
    suppressedBy: [SharedCause.NO_HEALTHY_TARGETS],
    cloudWatchAlarmIds: alarmPairIds(TENANT_ALARM_IDS.MEMORY),
    why: {
      ja: 'シャード上の全ターゲットが異常な間、タスクは再起動を繰り返しており、そのメモリ使用率は原因ではなく結果です。',
      en: 'While no target on the shard is healthy, tasks are being replaced; their memory readings are an effect of the restarts, not a cause.',
    },
  },
  {
    symptom: TenantSymptom.TASKS,
    label: { ja: 'タスク数', en: 'task count' },
    suppressedBy: [SharedCause.NO_HEALTHY_TARGETS],
    cloudWatchAlarmIds: [TENANT_ALARM_IDS.HEALTHY_HOSTS_LOW],
    why: {
      ja: 'シャード上の全ターゲットが異常なとき、各テナントの正常なタスク数の低下は同じ原因の結果です。',
      en: 'When no target on the shard is healthy, every tenant losing healthy tasks is the same incident.',
    },
  },
  {
    symptom: TenantSymptom.HEALTH_CHECK,
    label: { ja: 'ヘルスチェック', en: 'health check' },
    suppressedBy: [SharedCause.ERROR_RATE, SharedCause.NO_HEALTHY_TARGETS],
    cloudWatchAlarmIds: [],
    why: {
      ja: 'シャード全体の 5XX 率の上昇や全ターゲットの異常の間は、各テナントの /health も失敗します。',
      en: 'A shard-wide 5XX rate or a shard without a healthy target fails every tenant\'s /health as well.',
    },
  },
];

/** The rule of `symptom`. */
export function suppressionOf(symptom: TenantSymptom): SuppressionRule {
  const rule = SUPPRESSION_MAP.find(r => r.symptom === symptom);
  if (!rule) throw new Error(`no suppression rule for tenant symptom "${symptom}"`);
  return rule;
}

/** The rule whose symptom the tenant CloudWatch alarm `alarmId` shows, if any. */
export function suppressionOfCloudWatchAlarm(alarmId: string): SuppressionRule | undefined {
  return SUPPRESSION_MAP.find(r => r.cloudWatchAlarmIds.includes(alarmId));
}

/**
 * Every shared cause: a tenant's CloudWatch notification of critical symptoms waits on the shard's
 * alarm for any of them (its `ActionsSuppressor`), since one composite notifies for every symptom.
 */
export const ALL_SHARED_CAUSES: readonly SharedCause[] = Object.values(SharedCause).sort();

/**
 * The distinct sets of causes the table uses, each sorted, e.g. `[[ErrorRate, NoHealthyTargets],
 * [LatencyP99], [NoHealthyTargets]]`, and the set of all causes: CloudWatch needs one suppressor
 * alarm per set and shard.
 */
export function suppressorSets(): SharedCause[][] {
  const keys = new Map<string, SharedCause[]>();
  for (const rule of [...SUPPRESSION_MAP, { suppressedBy: ALL_SHARED_CAUSES }]) {
    const causes = [...rule.suppressedBy].sort();
    keys.set(suppressorKey(causes), causes);
  }
  return [...keys.values()];
}

/** The id of a set of causes: their names joined by `Or`, e.g. `ErrorRateOrNoHealthyTargets`. */
export function suppressorKey(causes: readonly SharedCause[]): string {
  return [...causes].sort().join('Or');
}

/**
 * The labels of the symptoms `causes` (exactly that set) suppress, joined for a sentence; for all
 * causes, every symptom a tenant's CloudWatch alarms watch (their notification waits on it).
 */
export function symptomsSuppressedBy(causes: readonly SharedCause[]): LocalizedText {
  if (suppressorKey(causes) === suppressorKey(ALL_SHARED_CAUSES)) return labelsOf(SUPPRESSION_MAP.filter(r => r.cloudWatchAlarmIds.length > 0));
  return labelsOf(SUPPRESSION_MAP.filter(r => suppressorKey(r.suppressedBy) === suppressorKey(causes)));
}

/** The labels of every symptom `cause` takes part in suppressing, joined for a sentence. */
export function symptomsHeldBy(cause: SharedCause): LocalizedText {
  return labelsOf(SUPPRESSION_MAP.filter(r => r.suppressedBy.includes(cause)));
}

function labelsOf(rules: readonly SuppressionRule[]): LocalizedText {
  return { ja: rules.map(r => r.label.ja).join('、'), en: rules.map(r => r.label.en).join(', ') };
}
