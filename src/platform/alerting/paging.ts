/**
 * Which monitoring system pages for the platform (MON-02, MON-03): one page per incident. With
 * Datadog paging, the CloudWatch alarms of what the Datadog hierarchy also watches (the tenant
 * symptoms and shared causes of the suppression map) tell chat instead of the critical topic; with
 * CloudWatch paging, one CloudWatch alarm per symptom pages and Datadog monitors notify chat
 * handles only, except for what no CloudWatch alarm watches (the tenants' synthetics health check).
 */
import { SharedCause, suppressionOfCloudWatchAlarm, TenantSymptom, suppressionOf } from './suppression-map';
import { AlarmSeverity } from '../../core/severity';
import { AlarmPaging, AlarmSpec, ReroutedNotification } from '../../monitoring/alarm-factory';

/** The system that pages on-call (PagerDuty) for the conditions both CloudWatch and Datadog watch. */
export enum PagingSystem {
  /** Datadog's composites page; CloudWatch pages only for what Datadog cannot see (backups, schedules, budgets, flow log forwarding, databases). */
  DATADOG = 'datadog',
  /** CloudWatch's critical topic pages; Datadog monitors notify chat only, except for signals only Datadog has. */
  CLOUDWATCH = 'cloudwatch',
}

/** The construct id of the CloudWatch L2 alarm of `cause` on ALB shard `shard` (1-based). */
export function shardCauseAlarmId(shard: number, cause: SharedCause): string {
  return `Shard${shard}${cause}`;
}

const SHARD_CAUSE_ALARM = new RegExp(`^Shard\\d+(${Object.values(SharedCause).join('|')})$`);

/** Whether the Datadog hierarchy watches the condition of the CloudWatch alarm `alarmId` of a tenant or of the platform's shards. */
export function datadogWatches(alarmId: string): boolean {
  return suppressionOfCloudWatchAlarm(alarmId) !== undefined || SHARD_CAUSE_ALARM.test(alarmId);
}

/** Whether a CloudWatch alarm watches the tenant symptom `symptom`, so CloudWatch paging covers it. */
export function cloudWatchWatches(symptom: TenantSymptom): boolean {
  return suppressionOf(symptom).cloudWatchAlarmIds.length > 0;
}

/**
 * The one critical CloudWatch alarm that pages for the symptom of the tenant alarm `alarmId` under
 * CloudWatch paging: the first critical one of its row in the suppression map (e.g. the error
 * rate, not also the 5XX count).
 */
function pagingAlarmOf(alarmId: string): string | undefined {
  return suppressionOfCloudWatchAlarm(alarmId)?.cloudWatchAlarmIds.find(id => id.endsWith('Critical'));
}

/**
 * The paging decision for the alarms of a tenant or of the platform's shards (MON-02): with
 * Datadog paging, a critical alarm whose condition Datadog also watches notifies the warning
 * (chat) topic, so the Datadog composite is the only page; with CloudWatch paging, one critical
 * alarm per tenant symptom pages and the symptom's other critical alarms tell chat.
 */
export class PagingDecision implements AlarmPaging {
  public constructor(private readonly paging: PagingSystem) {}

  public rerouteOf(spec: AlarmSpec): ReroutedNotification | undefined {
    if (spec.severity !== AlarmSeverity.CRITICAL) return undefined;
    if (this.paging === PagingSystem.DATADOG && datadogWatches(spec.id)) {
      return {
        severity: AlarmSeverity.WARNING,
        why: {
          ja: 'このプラットフォームでは Datadog が PagerDuty を呼び出します (datadog.pagingSystem)。同じ状態を監視する Datadog の複合モニターが唯一の呼び出しとなるよう、このアラームは警告の通知先にのみ通知します。',
          en: 'On this platform Datadog pages (datadog.pagingSystem): this alarm notifies the warning route only, so the Datadog composite watching the same condition is the one page.',
        },
      };
    }
    const paging = pagingAlarmOf(spec.id);
    if (this.paging === PagingSystem.CLOUDWATCH && paging !== undefined && paging !== spec.id) {
      return {
        severity: AlarmSeverity.WARNING,
        why: {
          ja: `同じ症状では ${paging} のアラームが PagerDuty を呼び出すため、このアラームは警告の通知先にのみ通知します (1障害1呼び出し)。`,
          en: `The ${paging} alarm pages for the same symptom, so this alarm notifies the warning route only (one page per incident).`,
        },
      };
    }
    return undefined;
  }
}
