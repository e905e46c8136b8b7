import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AcceptedControl, acceptControl } from '../core/accepted-findings';
import { LocalizedText } from '../core/localized-text';
import { AlarmSeverity } from '../core/severity';
import { Runbook } from '../runbooks/runbook';
import { anchorWords, RunbookLink, RunbookStep } from '../runbooks/runbook-section';
import { AlarmRunbookSection } from '../runbooks/sections/alarm-section';

/** One alarm the library creates: what it watches, how bad it is, and why it exists. */
export interface AlarmSpec {
  /** Construct id of the alarm, also the key of its runbook section. */
  readonly id: string;
  /** Short title, e.g. "CPU utilisation critical"; also the title of its runbook section. */
  readonly title: LocalizedText;
  /** Where the alarm is routed (MON-02). */
  readonly severity: AlarmSeverity;
  /** The requirement the alarm realises, e.g. `MON-01`. */
  readonly requirement: string;
  /** One sentence an on-call engineer reads first: what crossed which line (the English one is the description). */
  readonly summary: LocalizedText;
  /** What to do first, after the standard triage of the runbook section. @default - the standard triage only */
  readonly firstSteps?: RunbookStep[];
  /** Runbook sections to go on with (troubleshooting, rollback, scale out). @default - none */
  readonly related?: RunbookLink[];
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** The construct ids of the alarm pair `id` (`AlarmFactory.alarmPair`): its warning, then its critical alarm. */
export function alarmPairIds(id: string): string[] {
  return [`${id}Warning`, `${id}Critical`];
}

/** A metric watched at two thresholds: a warning first, then a critical alarm (MON-01, DB-06). */
export interface AlarmPairSpec {
  /** Prefix of both construct ids: `<id>Warning` and `<id>Critical`. */
  readonly id: string;
  /** What is watched, e.g. "Tenant acme: CPU". */
  readonly title: LocalizedText;
  readonly requirement: string;
  /** The summary of one alarm of the pair, given its threshold as written for people. */
  readonly summary: (threshold: string) => LocalizedText;
  /** What to do first, for both alarms. @default - the standard triage only */
  readonly firstSteps?: RunbookStep[];
  /** Runbook sections to go on with, for both alarms. @default - none */
  readonly related?: RunbookLink[];
  readonly metric: cloudwatch.IMetric;
  readonly warning: number;
  readonly critical: number;
  /** Renders a threshold for the summary, e.g. `t => \`${t} %\``. */
  readonly unit: (threshold: number) => string;
  /** Metric value per threshold unit (e.g. 0.001 for thresholds in ms on a metric in seconds). @default 1 */
  readonly scale?: number;
  /** Whether the alarms fire below the thresholds (free storage) instead of above. @default false */
  readonly below?: boolean;
  readonly evaluationPeriods: number;
}

/**
 * How an alarm's notifications are held back while a shared cause behind it is alerting (MON-03):
 * the alarm itself gets no action; a composite alarm on it notifies instead, with the shared
 * cause as its `ActionsSuppressor`.
 */
export interface SuppressedNotification {
  /** While this alarm is in ALARM, the composite's actions are suppressed. */
  readonly suppressor: cloudwatch.IAlarm;
  /** How long the composite waits for the suppressor to go into ALARM before it notifies. */
  readonly waitPeriod: Duration;
  /** How long the suppression lasts after the suppressor left ALARM. */
  readonly extensionPeriod: Duration;
  /** Sentence appended to the composite's description, e.g. "Not notified while ALB shard 1 fails." */
  readonly description: string;
  /** Paragraphs for the alarm's runbook section: what suppresses it and why. */
  readonly notes: LocalizedText[];
}

/** Decides which alarms notify through a suppressible composite (MON-03). */
export interface AlarmSuppression {
  /** The suppression of `spec`'s notifications, or `undefined` when the alarm notifies by itself. */
  suppressionOf(spec: AlarmSpec): SuppressedNotification | undefined;
}

/** An alarm together with the spec it was made from (for runbooks and dashboards). */
export interface CreatedAlarm {
  readonly alarm: cloudwatch.Alarm;
  readonly spec: AlarmSpec;
  /** The alarm's physical name, as a plain string (not a Ref token). */
  readonly alarmName: string;
  /** Link to the alarm's runbook section, as written in its description (MON-08). */
  readonly runbookLink: string;
}

/** Where alarms of a severity are sent, and where their runbook sections live. */
export interface AlarmRouting {
  /** The stack whose runbook has the operating rules (incident levels, escalation) alarm sections link to. */
  readonly policyStack: Stack;
  /** The topic notified for `severity` in `scope`'s stack. */
  topicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic;
  /** The runbook link for `anchor` in `scope`'s stack. */
  runbookLink(scope: Construct, anchor: string): string;
}

/**
 * The one place alarms are made, so every alarm is routed by severity (MON-02), links its runbook
 * section — which it adds to the stack's runbook — (MON-08) and says which requirement it realises.
 */
export class AlarmFactory {
  private readonly created: CreatedAlarm[] = [];

  /**
   * @param suppression which alarms notify through a composite that a shared cause suppresses;
   * by default every alarm notifies by itself
   */
  public constructor(private readonly scope: Construct, private readonly routing: AlarmRouting, private readonly suppression?: AlarmSuppression) {}

  /** Creates the alarm `spec` describes, wired to its severity topic. */
  public alarm(spec: AlarmSpec): cloudwatch.Alarm {
    const anchor = alarmAnchor(this.scope, spec.id);
    const runbookLink = this.routing.runbookLink(this.scope, anchor);
    // Physical names: stable, readable in notifications and runbooks, and what ECS deployment
    // alarms need (a Ref to the alarm would risk a dependency cycle with the service).
    const alarmName = `${Stack.of(this.scope).stackName}-${anchor.replace(/^alarm-/, '')}`;
    const suppressed = this.suppression?.suppressionOf(spec);
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
      meaning: spec.summary,
      requirement: spec.requirement,
      firstSteps: spec.firstSteps,
      related: spec.related,
      notes: suppressed?.notes,
      policyStack: this.routing.policyStack,
    }));
    const notifier = suppressed ? new cloudwatch.CompositeAlarm(this.scope, `${spec.id}Notification`, {
      compositeAlarmName: `${alarmName}-notify`,
      alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM),
      actionsSuppressor: suppressed.suppressor,
      actionsSuppressorWaitPeriod: suppressed.waitPeriod,
      actionsSuppressorExtensionPeriod: suppressed.extensionPeriod,
      // The same section as the alarm it notifies for: it holds the triage of the condition.
      alarmDescription: `${spec.severity.toUpperCase()} [${spec.requirement}] ${spec.summary.en} ${suppressed.description} Runbook: ${runbookLink}`,
    }) : alarm;
    if (suppressed) {
      acceptControl(alarm, AcceptedControl.ALARM_WITHOUT_ACTION,
        `The alarm notifies through ${notifier.node.id}, the composite alarm that holds its actions while a shared cause alarms ` +
        '(MON-03); an action of its own would page a second time for the same condition and undo the suppression.');
    }
    const action = new cw_actions.SnsAction(this.routing.topicFor(this.scope, spec.severity));
    notifier.addAlarmAction(action);
    if (spec.severity !== AlarmSeverity.INFO) notifier.addOkAction(action);
    this.created.push({ alarm, spec, alarmName, runbookLink });
    return alarm;
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

/** The runbook anchor of alarm `id` created under `scope`: stable, unique within the stack. */
export function alarmAnchor(scope: Construct, id: string): string {
  const stackPath = Stack.of(scope).node.path;
  const relative = scope.node.path.slice(stackPath.length).split('/').filter(p => p.length > 0);
  return `alarm-${[...relative, id].map(anchorWords).join('-')}`;
}
