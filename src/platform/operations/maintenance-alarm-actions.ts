import { Aws, CfnOutput, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct, IConstruct } from 'constructs';
import { alarmsWithActions, StackAlarm } from './stack-alarms';
import { acceptGeneratedInlinePolicies } from '../../core/accepted-findings';
import { AlarmSeverity } from '../../core/severity';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { MaintenanceWindow } from '../../monitoring/maintenance-window';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import type { ITenantPlatform } from '../platform-context';
import { maintenanceWindowSection, MAINTENANCE_WINDOW_ANCHOR } from '../runbooks/maintenance-sections';

const ID = 'MaintenanceAlarmActions';
/** The key under which the platform shares its maintenance schedule group with other stacks. */
export const MAINTENANCE_SCHEDULE_GROUP = 'MaintenanceScheduleGroup';
/** `DisableAlarmActions` / `EnableAlarmActions` take at most 100 alarm names. */
const MAX_ALARMS = 100;

/**
 * Mutes the alarm actions of one stack during the platform's maintenance window (MON-07): EventBridge
 * Scheduler schedules disable and re-enable the actions of every metric and composite alarm of the
 * stack that has actions, except step-scaling alarms. One per stack (the platform's, the database's,
 * each tenant's); all schedules live in the platform's schedule group, watched by one critical alarm.
 * Details: README, "Maintenance window, CloudWatch side (MON-07)".
 */
export class MaintenanceAlarmActions extends Construct {
  /** The construct of `scope`'s stack, created on first use with `platform`'s window. */
  public static of(scope: IConstruct, platform: ITenantPlatform): MaintenanceAlarmActions {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    if (existing instanceof MaintenanceAlarmActions) {
      if (existing.window !== platform.maintenanceWindow) {
        throw new Error(`${scope.node.path}: stack ${stack.stackName} already mutes its alarms for another maintenance window (${existing.window}); ` +
          'constructs of different platforms need their own stacks');
      }
      return existing;
    }
    if (existing) throw new Error(`${existing.node.path}: the id "${ID}" is reserved for the stack's maintenance schedules`);
    return new MaintenanceAlarmActions(stack, ID, platform);
  }

  /** The schedule group of the maintenance schedules: the platform stack's, shared by every stack. */
  public readonly scheduleGroup: scheduler.IScheduleGroup;
  /** Where the runbook finds the name of the schedule group. */
  public readonly scheduleGroupLookup: ResourceLookup;
  /** The schedule that disables the alarm actions when the window opens. */
  public readonly disableSchedule: scheduler.CfnSchedule;
  /** The schedule that enables them again when it closes. */
  public readonly enableSchedule: scheduler.CfnSchedule;
  /** The role the schedules call CloudWatch with: only these two actions, only on these alarms. */
  public readonly role: iam.Role;
  /** In the platform stack: fires when a schedule of the group gave up, so some stack's alarm actions may still be off. */
  public readonly scheduleFailedAlarm?: cloudwatch.Alarm;
  /** The maintenance window. */
  public readonly window: MaintenanceWindow;

  private constructor(stack: Stack, id: string, platform: ITenantPlatform) {
    super(stack, id);
    acceptGeneratedInlinePolicies(this);
    this.window = platform.maintenanceWindow;
    const window = this.window;
    // Computed when the template is written, after every construct added its alarms.
    const built = platform._built;
    const ownGroup = built !== undefined && stack === Stack.of(built);
    const muted = (): StackAlarm[] => alarmsWithActions(stack, new Set(ownGroup ? [this.node.findChild('ScheduleFailed')] : []));

    // Another stack names the group through the platform's SSM parameter, so adding it changes no other template.
    const groupName = ownGroup ? undefined : platform._value(this, MAINTENANCE_SCHEDULE_GROUP);
    if (groupName === undefined) {
      this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
      this.scheduleGroupLookup = ResourceLookup.physicalId(this.scheduleGroup);
    } else if (built) {
      this.scheduleGroup = MaintenanceAlarmActions.of(built, built).scheduleGroup;
      this.scheduleGroupLookup = MaintenanceAlarmActions.of(built, built).scheduleGroupLookup;
    } else {
      // The platform of another app: its group is known here only by the parameter this stack reads.
      this.scheduleGroup = scheduler.ScheduleGroup.fromScheduleGroupName(this, 'PlatformGroup', groupName);
      this.scheduleGroupLookup = ResourceLookup.stackOutput(new CfnOutput(this, 'ScheduleGroupName', {
        value: groupName, description: 'EventBridge Scheduler group of the maintenance schedules (MON-07)',
      }));
    }
    this.role = new iam.Role(this, 'Role', {
      description: `MON-07: mutes the alarm actions of stack ${stack.stackName} during the maintenance window`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions'],
      resources: Lazy.list({ produce: () => muted().map(a => a.arn) }),
    }));

    const schedule = (scheduleId: string, action: string, expression: string, what: string) => new scheduler.CfnSchedule(this, scheduleId, {
      groupName: groupName ?? this.scheduleGroup.scheduleGroupName,
      description: `MON-07: ${what} the alarm actions of stack ${stack.stackName} (${window})`,
      scheduleExpression: expression,
      scheduleExpressionTimezone: window.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: `arn:${Aws.PARTITION}:scheduler:::aws-sdk:cloudwatch:${action}`,
        roleArn: this.role.roleArn,
        // The request of the API call: {"AlarmNames": [...]}, the same shape `aws cloudwatch ... --cli-input-json` takes.
        input: Lazy.string({ produce: () => stack.toJsonString({ AlarmNames: muted().map(a => a.name) }) }),
        retryPolicy: { maximumEventAgeInSeconds: Duration.hours(1).toSeconds(), maximumRetryAttempts: 20 },
      },
    });
    this.disableSchedule = schedule('Disable', 'disableAlarmActions', window.startCron, 'disable');
    this.enableSchedule = schedule('Enable', 'enableAlarmActions', window.endCron, 'enable');

    Runbook.of(this).addSection(maintenanceWindowSection(this, platform));
    this.scheduleFailedAlarm = !ownGroup ? undefined : new AlarmFactory(this, platform._alarmRouting).alarm({
      id: 'ScheduleFailed',
      title: { ja: 'メンテナンスウィンドウのスケジュール失敗', en: 'Maintenance window schedule failed' },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-07',
      summary: {
        ja: `アラームアクションを切り替えるスケジュール (スタック ${stack.stackName} と、同じスケジュールグループを使う各テナント・データベースのスタック) が1時間の再試行後も失敗しました。そのスタックのアラームが通知しない状態のままの可能性があります。`,
        en: `A schedule switching alarm actions (of stack ${stack.stackName}, or of a tenant or database stack, which share its schedule group) still failed after an hour of retries: that stack's alarms may not notify anyone.`,
      },
      firstSteps: [{
        text: {
          ja: '失敗したスケジュールのスタックを確認し (`aws scheduler list-schedules --group-name` でグループのスケジュールを一覧でき、`aws scheduler get-schedule` の説明にスタック名があります)、' +
            'そのスタックの手順書の「計画メンテナンスウィンドウ」の手順でアラームアクションを手動で有効に戻し、状態を確認します。',
          en: 'Find the stack whose schedule failed (`aws scheduler list-schedules --group-name` lists the group\'s schedules; the description `aws scheduler get-schedule` shows names the stack), ' +
            'then enable its alarm actions by hand and check them with the "planned maintenance window" section of that stack\'s runbook.',
        },
      }],
      related: [{ text: { ja: '計画メンテナンスウィンドウ', en: 'Planned maintenance window' }, anchor: MAINTENANCE_WINDOW_ANCHOR }],
      metric: this.scheduleGroup.metricDropped({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    this.node.addValidation({
      validate: () => {
        const count = muted().length;
        if (count === 0) return [`stack ${stack.stackName} has no alarm with actions for its maintenance schedules to mute`];
        if (count > MAX_ALARMS) {
          return [`stack ${stack.stackName} has ${count} alarms with actions; its maintenance schedules mute at most ${MAX_ALARMS} ` +
            '(the DisableAlarmActions limit): split the stack'];
        }
        return [];
      },
    });
  }
}
