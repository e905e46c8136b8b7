import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MaintenanceWindow } from '../../monitoring/maintenance-window';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookSection, RunbookSectionKind } from '../../runbooks/runbook-section';
import { commandUsing } from '../../runbooks/sections/command-using';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { sh, shellCode } from '../../runbooks/shell-words';
import type { ITenantPlatform } from '../platform-context';

/** Anchor of the maintenance-window section in every stack's runbook. */
export const MAINTENANCE_WINDOW_ANCHOR = 'maintenance-window';

/** What the section reads of the maintenance alarm actions of one stack (`MaintenanceAlarmActions`). */
export interface MaintenanceSchedules extends IConstruct {
  readonly window: MaintenanceWindow;
  /** Where the runbook finds the name of the schedule group. */
  readonly scheduleGroupLookup: ResourceLookup;
  readonly disableSchedule: IConstruct;
  readonly enableSchedule: IConstruct;
}

/**
 * The maintenance window as seen from one stack (MON-07): when its alarm actions are muted, how to
 * check it, end it early, mute again after a deployment, and recover when a schedule failed.
 */
export function maintenanceWindowSection(actions: MaintenanceSchedules, platform: ITenantPlatform): RunbookSection {
  const stack = Stack.of(actions);
  const window = actions.window;
  const lookups = {
    GROUP: actions.scheduleGroupLookup,
    DISABLE: ResourceLookup.physicalId(actions.disableSchedule),
    ENABLE: ResourceLookup.physicalId(actions.enableSchedule),
  };
  // The schedules' input is the alarm list as the CloudWatch API takes it: {"AlarmNames": [...]}.
  const alarmList = (schedule: 'DISABLE' | 'ENABLE') =>
    shellCode(sh`"$(aws scheduler get-schedule --group-name "$GROUP" --name "$${schedule}" --query Target.Input --output text)"`);
  const command = (text: string) => commandUsing(text, lookups);
  const same = (text: string) => ({ ja: text, en: text });
  return {
    anchor: MAINTENANCE_WINDOW_ANCHOR,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '計画メンテナンスウィンドウ (CloudWatch アラーム)', en: 'Planned maintenance window (CloudWatch alarms)' },
    whenToUse: {
      ja: `計画メンテナンス (${window}) の前後、ウィンドウを延長・早期終了するとき、ウィンドウ中にデプロイしたとき、または「メンテナンスウィンドウのスケジュール失敗」アラームが発報したとき。`,
      en: `Around the planned maintenance (${window}), to extend or end it early, after deploying during it, or when the "maintenance window schedule failed" alarm fires.`,
    },
    summary: [
      {
        ja: `ウィンドウ中はスタック \`${stack.stackName}\` のアクション付きアラームすべての通知 (アラームアクション) が EventBridge Scheduler により無効化され、終了時に有効に戻ります。アラームの評価は続くため、ECS のデプロイアラームは状態を読んでロールバックを続けます。アクションがスケーリングポリシーだけのステップスケーリングのアラームはミュートされないため、スケールアウトも続きます。`,
        en: `During the window, EventBridge Scheduler disables the alarm actions (notifications) of every alarm with actions in stack \`${stack.stackName}\`, and enables them again when it closes. Alarms keep evaluating, so ECS deployment alarms still roll deployments back: ECS reads their state, not their actions. Step-scaling alarms, whose only actions are scaling policies, are not muted, so scale-out keeps working.`,
      },
      {
        ja: 'ウィンドウ中にアラームを変更するデプロイを行うと、CloudFormation がアラームを書き直すためそのアラームのアクションが有効に戻ります。デプロイ後に「もう一度ミュートする」手順を実施してください。',
        en: 'A deployment during the window that changes an alarm turns its actions back on (CloudFormation rewrites the whole alarm): mute again after such a deployment.',
      },
    ],
    table: {
      header: [{ ja: '項目', en: 'Item' }, { ja: '値', en: 'Value' }],
      rows: [
        { cells: [{ ja: 'ウィンドウ', en: 'Window' }, same(window.toString())] },
        { cells: [{ ja: '開始 (アクション無効化)', en: 'Opens (actions disabled)' }, same(`${window.startCron} ${window.timezone}`)] },
        { cells: [{ ja: '終了 (アクション有効化)', en: 'Closes (actions enabled)' }, same(`${window.endCron} ${window.timezone}`)] },
      ],
    },
    steps: [
      {
        text: { ja: 'ウィンドウの前に、2つのスケジュールが有効で時刻が正しいことを確認します。', en: 'Before the window, check that both schedules are enabled and at the right times.' },
        commands: ['DISABLE', 'ENABLE'].map(s => command(
          sh`aws scheduler get-schedule --group-name "$GROUP" --name "$${s}" --query "[State,ScheduleExpression,ScheduleExpressionTimezone]" --output text`)),
        expected: { ja: 'どちらも ENABLED で、上の表の cron 式とタイムゾーンであること。', en: 'Both ENABLED, with the cron expressions and time zone of the table above.' },
      },
      {
        text: { ja: 'ミュート対象のアラームと、そのアクションの状態を確認します。', en: 'List the muted alarms and whether their actions are on.' },
        commands: [command(sh`aws cloudwatch describe-alarms --cli-input-json ${alarmList('ENABLE')} --alarm-types MetricAlarm CompositeAlarm ` +
          '--query "[MetricAlarms[].[AlarmName,ActionsEnabled,StateValue],CompositeAlarms[].[AlarmName,ActionsEnabled,StateValue]]" --output text')],
        expected: { ja: 'ウィンドウ中は ActionsEnabled が False、それ以外は True であること。', en: 'ActionsEnabled is False during the window and True otherwise.' },
      },
      {
        text: {
          ja: 'ウィンドウを早期終了する、またはスケジュール失敗から復旧するには、アラームアクションを手動で有効に戻します。その後、前の手順で True を確認し、ALARM 状態のアラームがあれば各アラームの手順書に従います。',
          en: 'To end the window early, or to recover from a failed schedule, enable the alarm actions by hand. Then check True with the step before, and follow the section of any alarm in ALARM state.',
        },
        commands: [command(sh`aws cloudwatch enable-alarm-actions --cli-input-json ${alarmList('ENABLE')}`)],
      },
      {
        text: {
          ja: 'ウィンドウ中のデプロイの後や、ウィンドウを延長するときは、もう一度ミュートします。延長した場合は終了時に前の手順で手動で有効に戻します。',
          en: 'After a deployment during the window, or to extend it, mute again. When you extended it, enable the actions by hand with the step before when you are done.',
        },
        commands: [command(sh`aws cloudwatch disable-alarm-actions --cli-input-json ${alarmList('DISABLE')}`)],
      },
    ],
    escalation: {
      ja: 'アラームアクションを有効に戻せない場合、通知が届かない状態です。直ちにリーダー (エスカレーション段階 E2) にエスカレーションしてください。',
      en: 'If the alarm actions cannot be enabled again, nobody is notified: escalate to the lead (escalation tier E2) at once.',
    },
    // A platform imported from another app has its runbook (and escalation section) generated there.
    links: platform._built ? [{ text: { ja: 'エスカレーション', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation, stack: Stack.of(platform._built) }] : [],
    requirements: ['MON-07'],
  };
}
