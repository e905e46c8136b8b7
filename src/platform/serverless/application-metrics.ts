import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServerlessAlerting } from './serverless-alerting';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { anchorWords, RunbookSectionKind } from '../../runbooks/runbook-section';
import { sh } from '../../runbooks/shell-words';

/** An alarm on an application metric, at a target the application declares. */
export interface ApplicationMetricAlarm {
  /** The threshold, in the metric's unit. */
  readonly threshold: number;
  /** What the alarm says it watches, e.g. "Database query latency above 100 ms". */
  readonly title: LocalizedText;
  /**
   * The statistic compared with the threshold.
   * @default 'Average'
   */
  readonly statistic?: string;
  /** @default cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default Duration.minutes(5) */
  readonly period?: Duration;
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** @default AlarmSeverity.WARNING */
  readonly severity?: AlarmSeverity;
  /**
   * The requirement the target comes from.
   * @default 'SRV-01'
   */
  readonly requirement?: string;
}

/** One metric the function publishes. */
export interface ApplicationMetric {
  /** The metric name, e.g. `DatabaseQueryLatency`: 1–255 characters, no `:`. */
  readonly name: string;
  readonly unit: cloudwatch.Unit;
  /** What the metric counts or measures, for the runbook. */
  readonly description: LocalizedText;
  /**
   * An alarm at the application's target, routed by severity with a runbook section (MON-02, MON-08).
   * @default - no alarm
   */
  readonly alarm?: ApplicationMetricAlarm;
}

/** Props of `ServerlessApplicationMetrics`. */
export interface ServerlessApplicationMetricsProps {
  /** Alarm routing and runbook of the function's stack. */
  readonly alerting: ServerlessAlerting;
  /** The function that writes the metrics, as CloudWatch embedded metric format (EMF) lines in its log. */
  readonly function: lambda.Function;
  /** The CloudWatch namespace of the metrics, e.g. `StudyTracker`; not `AWS/...`. */
  readonly namespace: string;
  /**
   * The value of the `service` dimension every metric carries.
   * @default - the function's construct id
   */
  readonly serviceName?: string;
  /** The metrics: at most 100, the most one EMF log event may define. */
  readonly metrics: ApplicationMetric[];
}

/** Most metrics one EMF log event may define (CloudWatch embedded metric format specification). */
const MAX_METRICS = 100;

/**
 * An application's own CloudWatch metrics (SRV-01, MON-01): the function writes them as embedded
 * metric format (EMF) log lines; the construct sets `POWERTOOLS_METRICS_NAMESPACE` and
 * `POWERTOOLS_SERVICE_NAME` on it, alarms at the targets given (each with its runbook section) and adds
 * a runbook section listing every metric. Usage: README, "Serverless applications".
 */
export class ServerlessApplicationMetrics extends Construct {
  public readonly namespace: string;
  public readonly serviceName: string;
  /** The alarms, one per metric that asks for one. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  private readonly metricsByName = new Map<string, ApplicationMetric>();

  public constructor(scope: Construct, id: string, props: ServerlessApplicationMetricsProps) {
    super(scope, id);
    const problems = new PropProblems(this.node.path);
    this.namespace = props.namespace;
    this.serviceName = props.serviceName ?? props.function.node.id;
    if (!/^[A-Za-z0-9._#:/ -]{1,255}$/.test(this.namespace) || /^AWS\//.test(this.namespace)) {
      problems.report('namespace', this.namespace, 'must be 1-255 letters, digits or . _ - # : / and space, and not start with AWS/ (reserved for AWS services)');
    }
    if (!/^[\x20-\x7e]{1,255}$/.test(this.serviceName)) problems.report('serviceName', this.serviceName, 'must be 1-255 printable ASCII characters');
    if (props.metrics.length === 0 || props.metrics.length > MAX_METRICS) {
      problems.report('metrics', `${props.metrics.length} metrics`, `must list 1 to ${MAX_METRICS} metrics (the most one EMF log event may define)`);
    }
    props.metrics.forEach((metric, i) => {
      if (!/^[^:]{1,255}$/.test(metric.name)) problems.report(`metrics[${i}].name`, metric.name, 'must be 1-255 characters without ":"');
      if (this.metricsByName.has(metric.name)) problems.report(`metrics[${i}].name`, metric.name, 'is listed twice');
      this.metricsByName.set(metric.name, metric);
      const alarm = metric.alarm;
      if (alarm) {
        if (!Number.isFinite(alarm.threshold)) problems.report(`metrics[${i}].alarm.threshold`, String(alarm.threshold), 'must be a finite number');
        problems.integerBetween(`metrics[${i}].alarm.evaluationPeriods`, alarm.evaluationPeriods, 1, 100, 'periods');
      }
    });
    problems.throwIfAny();
    if (Stack.of(props.function) !== Stack.of(this)) {
      throw new Error(`${this.node.path}: function ${props.function.node.path} must be in this construct's stack, where its alarms are`);
    }

    props.function.addEnvironment('POWERTOOLS_METRICS_NAMESPACE', this.namespace);
    props.function.addEnvironment('POWERTOOLS_SERVICE_NAME', this.serviceName);
    const alarms = props.alerting._alarmsFor(this);
    // The function's own log group when this app creates it, else the one Lambda creates: /aws/lambda/<name>.
    const ownLogGroup = props.function.logGroup.node.defaultChild;
    const logGroup: { [variable: string]: ResourceLookup } = ownLogGroup && CfnResource.isCfnResource(ownLogGroup)
      ? { LOG_GROUP: ResourceLookup.physicalId(ownLogGroup) }
      : { FUNCTION: ResourceLookup.physicalId(props.function) };
    const logGroupName = 'LOG_GROUP' in logGroup ? '"$LOG_GROUP"' : '"/aws/lambda/$FUNCTION"';
    for (const metric of props.metrics.filter(m => m.alarm)) {
      const spec = metric.alarm!;
      const value = `${spec.threshold} ${metric.unit}`;
      this.alarms.push(alarms.alarm({
        id: `${metric.name}Alarm`,
        title: spec.title,
        severity: spec.severity ?? AlarmSeverity.WARNING,
        requirement: spec.requirement ?? 'SRV-01',
        summary: {
          ja: `アプリケーションメトリクス ${metric.name} (${metric.description.ja}) が目標 ${value} を超えました。`,
          en: `Application metric ${metric.name} (${metric.description.en}) crossed its target of ${value}.`,
        },
        firstSteps: [{
          text: { ja: '関数のログから、このメトリクスを含む最近の EMF 行を確認します。', en: 'Read the recent EMF lines with this metric in the function\'s log.' },
          commands: [RunbookCommand.withLookups(
            `aws logs filter-log-events --log-group-name ${logGroupName} ` + sh`--filter-pattern ${`"${metric.name}"`} ` +
            sh`--start-time "$(($(date +%s) - 3600))000" --query ${'events[-20:].message'} --output text`, logGroup)],
        }],
        metric: this.metric(metric.name, { statistic: spec.statistic ?? 'Average', period: spec.period ?? Duration.minutes(5) }),
        threshold: spec.threshold,
        comparisonOperator: spec.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: spec.evaluationPeriods ?? 3,
      }));
    }
    this.addRunbookSection(props.metrics);
  }

  /** What each metric means and where its alarm is, for the on-call engineer reading a graph (OPS-01). */
  private addRunbookSection(metrics: ApplicationMetric[]): void {
    const dimension = { NAMESPACE: ResourceLookup.literal(this.namespace), SERVICE: ResourceLookup.literal(this.serviceName) };
    Runbook.of(this).addSection({
      anchor: `metrics-${anchorWords(this.node.path)}`,
      kind: RunbookSectionKind.PROCEDURE,
      title: { ja: `アプリケーションメトリクス (${this.namespace})`, en: `Application metrics (${this.namespace})` },
      whenToUse: {
        ja: 'アプリケーション自身が出力するメトリクスの意味と目標を確認するとき。',
        en: 'Reading the metrics the application publishes itself: what each means and its target.',
      },
      table: {
        header: [{ ja: 'メトリクス', en: 'Metric' }, { ja: '単位', en: 'Unit' }, { ja: '意味', en: 'Meaning' }, { ja: 'アラーム', en: 'Alarm' }],
        rows: metrics.map(m => ({
          cells: [
            { ja: m.name, en: m.name }, { ja: m.unit, en: m.unit }, m.description,
            m.alarm
              ? { ja: `${m.alarm.statistic ?? 'Average'} ${m.alarm.threshold} 超`, en: `${m.alarm.statistic ?? 'Average'} above ${m.alarm.threshold}` }
              : { ja: 'なし', en: 'none' },
          ],
        })),
      },
      steps: [{
        text: { ja: '直近1時間の各メトリクスの値を確認します。', en: 'Read each metric over the last hour.' },
        commands: [RunbookCommand.withLookups(
          'aws cloudwatch list-metrics --namespace "$NAMESPACE" --dimensions "Name=service,Value=$SERVICE" --query "Metrics[].MetricName" --output text', dimension)],
        expected: {
          ja: '上表のメトリクスが並ぶこと。ないものは、関数がまだ出力していない (該当するリクエストがない) ことを示します。',
          en: 'The metrics of the table are listed; a missing one has not been written yet (no request of its kind).',
        },
      }],
      requirements: ['SRV-01', 'OPS-01'],
    });
  }

  /** The CloudWatch metric `name` of this application, with its `service` dimension. */
  public metric(name: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    const declared = this.metricsByName.get(name);
    if (!declared) throw new Error(`${this.node.path}: metric ${name} is not one of ${[...this.metricsByName.keys()].join(', ')}`);
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName: name,
      dimensionsMap: { service: this.serviceName },
      unit: declared.unit,
      ...props,
    });
  }
}
