import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { AlarmPaging, AlarmRouting, AlarmSuppression, ReroutedNotification, SuppressedNotification } from './alarm-routing';
import { alarmAnchor, AlarmPairSpec, alarmPairIds, AlarmSpec } from './alarm-spec';
import { NotificationGroup } from './notification-group';
import { AcceptedControl, acceptControl } from '../core/accepted-findings';
import { AlarmSeverity } from '../core/severity';
import { Runbook } from '../runbooks/runbook';
import { AlarmRunbookSection } from '../runbooks/sections/alarm-section';

export * from './alarm-routing';
export * from './alarm-spec';

/** An alarm together with the spec it was made from (for runbooks and dashboards). */
export interface CreatedAlarm {
  readonly alarm: cloudwatch.Alarm;
  readonly spec: AlarmSpec;
  /** The alarm's physical name, as a plain string (not a Ref token). */
  readonly alarmName: string;
  /** Link to the alarm's runbook section, as written in its description (MON-08). */
  readonly runbookLink: string;
}

/**
 * The one place alarms are made, so every alarm is routed by severity (MON-02), links its runbook
 * section — which it adds to the stack's runbook — (MON-08) and says which requirement it realises.
 */
export class AlarmFactory {
  private readonly created: CreatedAlarm[] = [];
  private readonly groups = new Map<string, NotificationGroup>();

  /**
   * @param suppression which alarms notify through a composite that a shared cause suppresses;
   * by default every alarm notifies by itself
   * @param paging which alarms notify another severity's topic; by default each notifies its own
   */
  public constructor(
    private readonly scope: Construct, private readonly routing: AlarmRouting,
    private readonly suppression?: AlarmSuppression, private readonly paging?: AlarmPaging,
  ) {}

  /** Creates the alarm `spec` describes, wired to its severity topic. */
  public alarm(spec: AlarmSpec): cloudwatch.Alarm {
    const anchor = alarmAnchor(this.scope, spec.id);
    const runbookLink = this.routing.runbookLink(this.scope, anchor);
    // Physical names: stable, readable in notifications and runbooks, and what ECS deployment
    // alarms need (a Ref to the alarm would risk a dependency cycle with the service).
    const alarmName = `${Stack.of(this.scope).stackName}-${anchor.replace(/^alarm-/, '')}`;
    const suppressed = this.suppression?.suppressionOf(spec);
    const rerouted = this.paging?.rerouteOf(spec);
    const notified = rerouted?.severity ?? spec.severity;
    const alarm = new cloudwatch.Alarm(this.scope, spec.id, {
      alarmName,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${spec.severity.toUpperCase()} [${spec.requirement}] ${spec.summary.en} Runbook: ${runbookLink}`,
    });
    Runbook.of(this.scope).addSection(AlarmRunbookSection.create({
      anchor,
      alarm,
      title: spec.title,
      severity: spec.severity,
      notifies: notified,
      meaning: spec.summary,
      requirement: spec.requirement,
      firstSteps: spec.firstSteps,
      related: spec.related,
      notes: [...suppressed?.notes ?? [], ...rerouted ? [rerouted.why] : []],
      policyStack: this.routing.operatingRulesStack,
    }));
    if (suppressed) {
      this.notificationGroup(spec, suppressed, rerouted).add(alarm, suppressed.heldBy, anchor, spec.title);
      acceptControl(alarm, AcceptedControl.ALARM_WITHOUT_ACTION,
        `The alarm notifies through ${suppressed.group}Notification, the composite alarm that holds its actions while a shared cause alarms ` +
        '(MON-03); an action of its own would page a second time for the same condition and undo the suppression.');
    } else {
      const action = new cw_actions.SnsAction(this.routing.topicFor(this.scope, notified));
      alarm.addAlarmAction(action);
      if (notified !== AlarmSeverity.INFO) alarm.addOkAction(action);
    }
    this.created.push({ alarm, spec, alarmName, runbookLink });
    return alarm;
  }

  /** The notifying composite of `suppressed.group`, made with its first alarm. */
  private notificationGroup(spec: AlarmSpec, suppressed: SuppressedNotification, rerouted?: ReroutedNotification): NotificationGroup {
    const existing = this.groups.get(suppressed.group);
    const notifies = rerouted?.severity ?? spec.severity;
    if (existing) {
      if (existing.severity !== spec.severity || existing.notifies !== notifies) {
        throw new Error(`${this.scope.node.path}/${spec.id}: a ${spec.severity} alarm notifying the ${notifies} route cannot join the notification group ` +
          `"${suppressed.group}" of ${existing.severity} alarms notifying the ${existing.notifies} route`);
      }
      return existing;
    }
    const group = new NotificationGroup(this.scope, this.routing, spec.severity, suppressed, rerouted);
    this.groups.set(suppressed.group, group);
    return group;
  }

  /** A warning and a critical alarm on one metric. */
  public alarmPair(spec: AlarmPairSpec): cloudwatch.Alarm[] {
    const [warningId, criticalId] = alarmPairIds(spec.id);
    const levels = [
      { id: warningId, severity: AlarmSeverity.WARNING, threshold: spec.warning, ja: '警告', en: spec.below ? 'low' : 'high' },
      { id: criticalId, severity: AlarmSeverity.CRITICAL, threshold: spec.critical, ja: '異常', en: spec.below ? 'critically low' : 'critical' },
    ];
    return levels.map(({ id, severity, threshold, ja, en }) => this.alarm({
      id,
      title: { ja: `${spec.title.ja} ${ja}`, en: `${spec.title.en} ${en}` },
      severity,
      requirement: spec.requirement,
      summary: spec.summary(spec.unit(threshold)),
      firstSteps: spec.firstSteps,
      related: spec.related,
      metric: spec.metric,
      threshold: threshold * (spec.scale ?? 1),
      comparisonOperator: spec.below ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods,
    }));
  }

  /** The physical name of `alarm`, made by this factory. */
  public nameOf(alarm: cloudwatch.IAlarm): string {
    const created = this.created.find(c => c.alarm === alarm);
    if (!created) throw new Error(`${alarm.node.path} was not created by this alarm factory`);
    return created.alarmName;
  }

  /** Every alarm made so far, in creation order. */
  public get alarms(): readonly CreatedAlarm[] {
    return this.created;
  }
}
