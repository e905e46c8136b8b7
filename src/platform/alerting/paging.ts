/**
 * Which monitoring system pages for the platform (MON-02, MON-03): one page per incident. Where a
 * CloudWatch alarm and a Datadog monitor watch the same condition (their twins below), only the
 * chosen system pages and the other notifies chat: with Datadog paging, the CloudWatch alarm
 * notifies the warning topic; with CloudWatch paging, the Datadog monitor notifies the warning
 * handles. A condition only one side watches pages from that side either way.
 */
import { SharedCause, suppressionOfCloudWatchAlarm, TenantSymptom, suppressionOf } from './suppression-map';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { AlarmPaging, alarmPairIds, AlarmSpec, ReroutedNotification } from '../../monitoring/alarm-factory';

/** The system that pages on-call (PagerDuty) for the conditions both CloudWatch and Datadog watch. */
export enum PagingSystem {
  /** Datadog's monitors page; CloudWatch pages only for what no Datadog monitor watches (backup jobs, alarm schedules, the budget, ...). */
  DATADOG = 'datadog',
  /** CloudWatch's critical topic pages; Datadog monitors notify chat only, except for what no CloudWatch alarm watches. */
  CLOUDWATCH = 'cloudwatch',
}

/** The construct id of the CloudWatch monitor level L2 alarm of `cause` on ALB shard `shard` (1-based). */
export function shardCauseAlarmId(shard: number, cause: SharedCause): string {
  return `Shard${shard}${cause}`;
}

/** The construct id of the CloudWatch alarm of the load balancer's own 5XX on ALB shard `shard` (1-based). */
export function shardElb5xxAlarmId(shard: number): string {
  return `Shard${shard}Elb5xx`;
}

/**
 * The database alarm pairs (DB-06) a Datadog database monitor of the same id also watches; the
 * replica lag monitor has no CloudWatch twin.
 */
export const DATABASE_TWIN_PAIRS: readonly string[] = ['Cpu', 'Connections', 'FreeStorage'];

const SHARD_ALARM = new RegExp(`^Shard\\d+(${[...Object.values(SharedCause), 'Elb5xx'].join('|')})$`);

/** Which CloudWatch alarms of each owner a Datadog monitor watches too (the twins), by construct id. */
export const DATADOG_TWINS = {
  /** A tenant's alarms of the suppression map's symptoms (its composites). */
  tenant: (alarmId: string): boolean => suppressionOfCloudWatchAlarm(alarmId) !== undefined,
  /** The platform's shard causes (monitor level L2 monitors) and load balancer 5XX (the monitor level L0 monitor). */
  platform: (alarmId: string): boolean => SHARD_ALARM.test(alarmId),
  /** The database's CPU, connections and free storage pairs (its monitor level L0 monitors). */
  database: (alarmId: string): boolean => DATABASE_TWIN_PAIRS.some(pair => alarmPairIds(pair).includes(alarmId)),
};

/** Why a Datadog monitor (or its composite) notifies the warning handles under CloudWatch paging, for its runbook section. */
export const CLOUDWATCH_PAGES: LocalizedText = {
  ja: 'このプラットフォームでは CloudWatch が PagerDuty を呼び出します (datadog.pagingSystem)。同じ状態を監視する CloudWatch アラームが唯一の呼び出しとなるよう、このモニターの通知 (複合モニター経由を含む) は Critical でも警告の通知ハンドルにのみ届きます。',
  en: 'On this platform CloudWatch pages (datadog.pagingSystem): this monitor\'s notifications (through its composite, if any) go to the warning handles even when critical, so the CloudWatch alarm watching the same condition is the one page.',
};

/** Whether a CloudWatch alarm watches the tenant symptom `symptom`, so CloudWatch paging covers it. */
export function cloudWatchWatches(symptom: TenantSymptom): boolean {
  return suppressionOf(symptom).cloudWatchAlarmIds.length > 0;
}

/**
 * The paging decision for the alarms of one owner (MON-02): with Datadog paging, a critical alarm
 * with a Datadog twin notifies the warning (chat) topic — a tenant's alarms through its notifying
 * composite, which then notifies chat — so the Datadog monitor is the only page. With CloudWatch
 * paging every alarm keeps its route (a tenant's one notifying composite pages once for all its
 * critical symptoms) and the Datadog twins notify chat (`DatadogSettings.notify`).
 */
export class PagingDecision implements AlarmPaging {
  /**
   * @param paging the platform's paging system
   * @param datadogWatches whether a Datadog monitor watches the condition of the alarm with this construct id (`DATADOG_TWINS`)
   */
  public constructor(private readonly paging: PagingSystem, private readonly datadogWatches: (alarmId: string) => boolean) {}

  public rerouteOf(spec: AlarmSpec): ReroutedNotification | undefined {
    if (this.paging !== PagingSystem.DATADOG || spec.severity !== AlarmSeverity.CRITICAL || !this.datadogWatches(spec.id)) return undefined;
    return {
      severity: AlarmSeverity.WARNING,
      why: {
        ja: 'このプラットフォームでは Datadog が PagerDuty を呼び出します (datadog.pagingSystem)。同じ状態を監視する Datadog のモニターが唯一の呼び出しとなるよう、このアラームは警告の通知先にのみ通知します。',
        en: 'On this platform Datadog pages (datadog.pagingSystem): this alarm notifies the warning route only, so the Datadog monitor watching the same condition is the one page.',
      },
    };
  }
}
