import { Aspects, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { AlarmRouting, ReroutedNotification, SuppressedNotification } from './alarm-routing';
import { alarmAnchor } from './alarm-spec';
import { LocalizedText } from '../core/localized-text';
import { AlarmSeverity } from '../core/severity';
import { Runbook } from '../runbooks/runbook';
import { AlarmRunbookSection } from '../runbooks/sections/alarm-section';

/**
 * One composite alarm that notifies for a group of alarms of one severity (MON-02, MON-03): it is
 * in ALARM while a member is and the shared causes that explain that member are not, and its
 * `ActionsSuppressor` holds the notification back while a shared cause may still follow. The
 * notification's state reason names the member that fired (`triggeringAlarms`); its runbook section
 * links every member's section. One composite instead of one per member keeps alarm spend flat.
 */
export class NotificationGroup {
  private readonly members: Array<{ alarm: cloudwatch.IAlarm; heldBy: cloudwatch.IAlarm; anchor: string; title: LocalizedText }> = [];

  /** The severity whose topic the composite notifies (MON-02: another system may page for the group). */
  public readonly notifies: AlarmSeverity;

  public constructor(
    scope: Construct, routing: AlarmRouting, public readonly severity: AlarmSeverity,
    suppressed: SuppressedNotification, rerouted?: ReroutedNotification,
  ) {
    this.notifies = rerouted?.severity ?? severity;
    const id = `${suppressed.group}Notification`;
    const anchor = alarmAnchor(scope, id);
    const runbookLink = routing.runbookLink(scope, anchor);
    const stackName = Stack.of(scope).stackName;
    const composite = new cloudwatch.CompositeAlarm(scope, id, {
      compositeAlarmName: `${stackName}-${anchor.replace(/^alarm-/, '').replace(/-notification$/, '')}-notify`,
      alarmRule: { renderAlarmRule: () => Lazy.string({ produce: () => this.rule().renderAlarmRule() }) },
      actionsSuppressor: suppressed.suppressor,
      actionsSuppressorWaitPeriod: suppressed.waitPeriod,
      actionsSuppressorExtensionPeriod: suppressed.extensionPeriod,
      alarmDescription: `${severity.toUpperCase()} [MON-02, MON-03] ${suppressed.groupTitle.en}: the alarm named in the state reason fired. ` +
        `${suppressed.description} Runbook: ${runbookLink}`,
    });
    const action = new cw_actions.SnsAction(routing.topicFor(scope, this.notifies));
    composite.addAlarmAction(action);
    if (this.notifies !== AlarmSeverity.INFO) composite.addOkAction(action);
    // The section lists the members, known once the tree is complete.
    // Aspects run on every synthesis of the tree: add the section once.
    Aspects.of(composite).add({
      visit: node => {
        if (node !== composite || Runbook.of(scope).hasSection(anchor)) return;
        Runbook.of(scope).addSection(AlarmRunbookSection.create({
          anchor,
          alarm: composite,
          title: suppressed.groupTitle,
          severity,
          notifies: this.notifies,
          meaning: {
            ja: `次のアラームのいずれかが ALARM で、その原因となる共有障害 (監視レベル L2、シャード側の原因) は発報していません: ${this.members.map(m => `「${m.title.ja}」`).join('、')}。` +
              '通知の状態理由 (triggeringAlarms) に発報したアラームが示されます。',
            en: `One of these alarms is in ALARM while no shared cause (monitor level L2, shard cause) explains it: ${this.members.map(m => `"${m.title.en}"`).join(', ')}. ` +
              'The state reason of the notification (triggeringAlarms) names the alarm that fired.',
          },
          firstSteps: [{
            text: {
              ja: '状態理由に示されたアラームの節の手順に従います。複数ある場合は重大度の高いものから対応します。',
              en: 'Follow the section of the alarm the state reason names; with several, start with the most severe.',
            },
          }],
          related: this.members.map(m => ({ text: m.title, anchor: m.anchor })),
          notes: [{
            ja: `共有障害が発報中は通知を抑止し (${suppressed.waitPeriod.toMinutes()}分待機)、復旧後${suppressed.extensionPeriod.toMinutes()}分経ってもこのアラームが ALARM なら通知します (MON-03)。`,
            en: `While a shared cause alerts the notification waits (${suppressed.waitPeriod.toMinutes()} minutes for it to fire); if this alarm is still in ALARM ` +
              `${suppressed.extensionPeriod.toMinutes()} minutes after the cause recovered, it notifies (MON-03).`,
          }, ...rerouted ? [rerouted.why] : []],
          requirement: 'MON-03',
          policyStack: routing.operatingRulesStack,
        }));
      },
    });
  }

  /** Adds `alarm`, taken into the composite while `heldBy` is not in ALARM. */
  public add(alarm: cloudwatch.IAlarm, heldBy: cloudwatch.IAlarm, anchor: string, title: LocalizedText): void {
    this.members.push({ alarm, heldBy, anchor, title });
  }

  /** `(a OR b) AND NOT ALARM(heldBy)` for each cause alarm, joined with OR. */
  private rule(): cloudwatch.IAlarmRule {
    const byCause = new Map<cloudwatch.IAlarm, cloudwatch.IAlarm[]>();
    for (const m of this.members) byCause.set(m.heldBy, [...byCause.get(m.heldBy) ?? [], m.alarm]);
    return cloudwatch.AlarmRule.anyOf(...[...byCause].map(([heldBy, alarms]) => cloudwatch.AlarmRule.allOf(
      cloudwatch.AlarmRule.anyOf(...alarms.map(a => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM))),
      cloudwatch.AlarmRule.not(cloudwatch.AlarmRule.fromAlarm(heldBy, cloudwatch.AlarmState.ALARM)))));
  }
}
