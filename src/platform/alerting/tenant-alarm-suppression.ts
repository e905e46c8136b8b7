import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SHARED_CAUSES } from './shared-causes';
import { suppressionOfCloudWatchAlarm, suppressorKey } from './suppression-map';
import { AlarmSpec, AlarmSuppression, SuppressedNotification } from '../../monitoring/alarm-factory';
import type { PlatformContext } from '../platform-context';

/**
 * How long a tenant's composite alarm waits for the shard's L2 alarm before notifying. The L2
 * alarms evaluate over the same periods as the tenants' (1 to 5 minutes), so they may turn to ALARM
 * a period after the symptom: two minutes covers it at the price of a two-minute later page.
 */
export const SUPPRESSOR_WAIT = Duration.minutes(2);
/** How long tenant notifications stay held back after the L2 alarm recovered, while tenants recover too. */
export const SUPPRESSOR_EXTENSION = Duration.minutes(5);

/** The export (shared value) of the alarm suppressing `key`'s symptoms on `shard`. */
export function suppressorExportKey(shard: number, key: string): string {
  return `Shard${shard}Suppressor${key}Arn`;
}

/**
 * The CloudWatch side of the suppression map for one tenant (MON-03): each tenant alarm the map
 * lists notifies through a composite alarm whose `ActionsSuppressor` is the shard's alarm for the
 * listed causes, imported from the platform stack by its export.
 */
export class TenantAlarmSuppression implements AlarmSuppression {
  public constructor(private readonly tenant: Construct, private readonly platform: PlatformContext, private readonly shard: number) {}

  public suppressionOf(spec: AlarmSpec): SuppressedNotification | undefined {
    const rule = suppressionOfCloudWatchAlarm(spec.id);
    if (!rule) return undefined;
    const key = suppressorKey(rule.suppressedBy);
    const exportKey = suppressorExportKey(this.shard, key);
    const suppressor = this.platform._cached(this.tenant, exportKey, () =>
      cloudwatch.Alarm.fromAlarmArn(this.tenant, `Shard${this.shard}Suppressor${key}`, this.platform._value(this.tenant, exportKey)));
    const causes = rule.suppressedBy.map(c => SHARED_CAUSES[c].title(this.shard));
    return {
      suppressor,
      waitPeriod: SUPPRESSOR_WAIT,
      extensionPeriod: SUPPRESSOR_EXTENSION,
      description: `Not notified while ${causes.map(c => `"${c.en}"`).join(' or ')} alerts (MON-03).`,
      notes: [{
        ja: `このアラームは通知しません。同名に「-notify」の付いた複合アラームが通知し、${causes.map(c => `「${c.ja}」`).join('または')}が発報中は通知を抑止します ` +
          `(MON-03、${SUPPRESSOR_WAIT.toMinutes()}分待機、復旧後${SUPPRESSOR_EXTENSION.toMinutes()}分延長)。${rule.why.ja}`,
        en: `This alarm does not notify by itself: the composite alarm named like it with "-notify" does, unless ${causes.map(c => `"${c.en}"`).join(' or ')} ` +
          `alerts (MON-03; it waits ${SUPPRESSOR_WAIT.toMinutes()} minutes for it and holds back ${SUPPRESSOR_EXTENSION.toMinutes()} more minutes after it recovers). ${rule.why.en}`,
      }],
    };
  }
}
