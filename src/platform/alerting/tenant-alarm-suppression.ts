import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SHARED_CAUSES } from './shared-causes';
import { ALL_SHARED_CAUSES, SharedCause, suppressionOfCloudWatchAlarm, suppressorKey } from './suppression-map';
import { AlarmSeverity } from '../../core/severity';
import { AlarmSpec, AlarmSuppression, SuppressedNotification } from '../../monitoring/alarm-factory';
import type { CrossStackImports } from '../shared-values';

/**
 * How long a tenant's composite alarm waits for the shard's monitor level L2 alarm before notifying. The monitor level L2
 * alarms evaluate over the same periods as the tenants' (1 to 5 minutes), so they may turn to ALARM
 * a period after the symptom: two minutes covers it at the price of a two-minute later page.
 */
export const SUPPRESSOR_WAIT = Duration.minutes(2);
/** How long tenant notifications stay held back after the monitor level L2 alarm recovered, while tenants recover too. */
export const SUPPRESSOR_EXTENSION = Duration.minutes(5);

/** The export (shared value) of the alarm suppressing `key`'s symptoms on `shard`. */
export function suppressorExportKey(shard: number, key: string): string {
  return `Shard${shard}Suppressor${key}Arn`;
}

/**
 * The CloudWatch side of the suppression map for one tenant (MON-03). The tenant's critical alarms
 * the map lists notify through one composite alarm per tenant: it takes each alarm only while the
 * shard's alarm for that alarm's causes (the map's, imported from the platform stack) is not in
 * ALARM, and waits on the shard's "any shared cause" alarm as its `ActionsSuppressor`, so a cause
 * that follows its symptom by a period still holds the page back. Warnings go to chat by themselves:
 * one composite per tenant instead of one per alarm keeps a tenant's alarm spend within budget.
 */
export class TenantAlarmSuppression implements AlarmSuppression {
  public constructor(private readonly tenant: Construct, private readonly platform: CrossStackImports, private readonly shard: number) {}

  public suppressionOf(spec: AlarmSpec): SuppressedNotification | undefined {
    const rule = suppressionOfCloudWatchAlarm(spec.id);
    if (!rule || spec.severity !== AlarmSeverity.CRITICAL) return undefined;
    const causes = rule.suppressedBy.map(c => SHARED_CAUSES[c].title(this.shard));
    return {
      suppressor: this.suppressorOf(ALL_SHARED_CAUSES),
      waitPeriod: SUPPRESSOR_WAIT,
      extensionPeriod: SUPPRESSOR_EXTENSION,
      heldBy: this.suppressorOf(rule.suppressedBy),
      group: 'Critical',
      groupTitle: { ja: `テナント ${tenantIdOf(this.tenant)}: 重大な症状`, en: `Tenant ${tenantIdOf(this.tenant)}: critical symptom` },
      description: `Alarms whose shared cause alerts are left out, and no notification goes out while any shared cause of ALB shard ${this.shard} alerts (MON-03).`,
      notes: [{
        ja: `このアラームは単独では通知しません。テナントの重大アラームをまとめた複合アラーム (「-critical-notify」) が通知し、${causes.map(c => `「${c.ja}」`).join('または')}が発報中はこのアラームを対象外とします ` +
          `(MON-03、共有障害を${SUPPRESSOR_WAIT.toMinutes()}分待機、復旧後${SUPPRESSOR_EXTENSION.toMinutes()}分延長)。${rule.why.ja}`,
        en: `This alarm does not notify by itself: the tenant's composite of critical alarms ("-critical-notify") does, leaving it out while ${causes.map(c => `"${c.en}"`).join(' or ')} ` +
          `alerts (MON-03; it waits ${SUPPRESSOR_WAIT.toMinutes()} minutes for a shared cause and holds back ${SUPPRESSOR_EXTENSION.toMinutes()} more minutes after it recovers). ${rule.why.en}`,
      }],
    };
  }

  /** The shard's alarm for exactly `causes`, imported by its export. */
  private suppressorOf(causes: readonly SharedCause[]): cloudwatch.IAlarm {
    const key = suppressorKey(causes);
    const exportKey = suppressorExportKey(this.shard, key);
    return this.platform._cached(this.tenant, exportKey, () =>
      cloudwatch.Alarm.fromAlarmArn(this.tenant, `Shard${this.shard}Suppressor${key}`, this.platform._value(this.tenant, exportKey)));
  }
}

/** The tenant id of the `SecureTenantService` `tenant`, as its construct says it. */
function tenantIdOf(tenant: Construct): string {
  return (tenant as Construct & { tenantId?: string }).tenantId ?? tenant.node.id;
}
