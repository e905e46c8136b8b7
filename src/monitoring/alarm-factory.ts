import { Aspects, Duration, Lazy, Stack } from 'aws-cdk-lib';
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
 * the alarm itself gets no action; it joins the one notifying composite alarm of its `group`,
 * whose rule takes it only while `heldBy` is not in ALARM and whose `ActionsSuppressor` holds the
 * notification back while any shared cause may still follow the symptom.
 */
export interface SuppressedNotification {
  /** The notifying composite's `ActionsSuppressor`; its actions wait while this alarm is in ALARM. */
  readonly suppressor: cloudwatch.IAlarm;
  /** How long the composite waits for the suppressor to go into ALARM before it notifies. */
  readonly waitPeriod: Duration;
  /** How long the suppression lasts after the suppressor left ALARM; then the composite notifies if it is still in ALARM. */
  readonly extensionPeriod: Duration;
  /** The alarm of exactly the causes that explain this alarm's symptom: while it is in ALARM the composite leaves this alarm out. */
  readonly heldBy: cloudwatch.IAlarm;
  /** The notifying composite the alarm joins (one per group and factory scope), e.g. `Critical`. */
  readonly group: string;
  /** What the group's composite notifies for, e.g. "a critical symptom of tenant acme". */
  readonly groupTitle: LocalizedText;
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

/** Where an alarm notifies instead of its own severity's topic (MON-02), e.g. because another system pages for it. */
export interface ReroutedNotification {
  /** The severity whose topic the alarm notifies. */
  readonly severity: AlarmSeverity;
  /** Why, for the alarm's runbook section. */
  readonly why: LocalizedText;
}

/** Decides which alarms notify another severity's topic than their own (one page per incident, MON-02). */
export interface AlarmPaging {
  /** The rerouting of `spec`'s notifications, or `undefined` when the alarm notifies its severity's topic. */
  rerouteOf(spec: AlarmSpec): ReroutedNotification | undefined;
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
  /**
   * The stack whose runbook has the operating rules (incident levels, escalation) alarm sections link to;
   * undefined when that runbook is generated by another app (a platform imported by name).
   */
  readonly operatingRulesStack?: Stack;
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

/** The runbook anchor of alarm `id` created under `scope`: stable, unique within the stack. */
export function alarmAnchor(scope: Construct, id: string): string {
  const stackPath = Stack.of(scope).node.path;
  const relative = scope.node.path.slice(stackPath.length).split('/').filter(p => p.length > 0);
  return `alarm-${[...relative, id].map(anchorWords).join('-')}`;
}

/**
 * One composite alarm that notifies for a group of alarms of one severity (MON-02, MON-03): it is
 * in ALARM while a member is and the shared causes that explain that member are not, and its
 * `ActionsSuppressor` holds the notification back while a shared cause may still follow. The
 * notification's state reason names the member that fired (`triggeringAlarms`); its runbook section
 * links every member's section. One composite instead of one per member keeps alarm spend flat.
 */
class NotificationGroup {
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
