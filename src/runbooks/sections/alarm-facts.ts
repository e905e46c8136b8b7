import { Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ALARMS_IN_ALARM, timeRange } from './shell';
import { LocalizedText } from '../../core/localized-text';
import { sh, shellCode } from '../shell-words';

/** What a section says about an alarm, read from its CloudFormation resource when rendered. */
export interface AlarmFacts {
  readonly resource: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm;
  /** The alarm name when it is set at synth. */
  readonly name?: string;
  readonly watches: LocalizedText;
  readonly condition: LocalizedText;
  /** Prints state and reason; uses `$ALARM`. */
  readonly describe: string;
  /** Prints the metric over the last three hours (or the composite's rule and children); uses `$ALARM`. */
  readonly metric: string;
}

const SINCE = timeRange('3 hours');

/** The facts of `alarm`: a metric, math or composite alarm defined in this app, or its CloudFormation resource. */
export function alarmFacts(alarm: IConstruct): AlarmFacts {
  const cfn = alarm instanceof cloudwatch.CfnAlarm || alarm instanceof cloudwatch.CfnCompositeAlarm ? alarm : alarm.node.defaultChild;
  if (cfn instanceof cloudwatch.CfnCompositeAlarm) return compositeFacts(cfn);
  if (cfn instanceof cloudwatch.CfnAlarm) return metricFacts(cfn);
  throw new Error(`AlarmRunbookSection: ${alarm.node.path} is not a CloudWatch alarm defined in this app`);
}

function compositeFacts(cfn: cloudwatch.CfnCompositeAlarm): AlarmFacts {
  const rule = lazy(() => readableRule(Stack.of(cfn).resolve(cfn.alarmRule)));
  return {
    resource: cfn,
    name: cfn.alarmName,
    watches: { ja: '複合アラーム (子アラームの組み合わせ)', en: 'A composite alarm (a rule over child alarms)' },
    condition: { ja: `ルール \`${rule}\` が真になったとき`, en: `The rule \`${rule}\` is true` },
    describe: 'aws cloudwatch describe-alarms --alarm-names "$ALARM" --alarm-types CompositeAlarm ' +
      '--query "CompositeAlarms[0].[StateValue,StateReason,StateUpdatedTimestamp]" --output text',
    metric: 'aws cloudwatch describe-alarms --alarm-names "$ALARM" --alarm-types CompositeAlarm --query "CompositeAlarms[0].AlarmRule" --output text\n' +
      ALARMS_IN_ALARM,
  };
}

function metricFacts(cfn: cloudwatch.CfnAlarm): AlarmFacts {
  const stack = Stack.of(cfn);
  const resolved = <T>(value: T) => stack.resolve(value);
  const condition = lazy(() => {
    const datapoints = resolved(cfn.datapointsToAlarm) ?? resolved(cfn.evaluationPeriods);
    const period = resolved(cfn.period) ?? firstPeriod(resolved(cfn.metrics));
    return `${OPERATORS[resolved(cfn.comparisonOperator)] ?? resolved(cfn.comparisonOperator)} ${resolved(cfn.threshold)}, ` +
      `${datapoints}/${resolved(cfn.evaluationPeriods)} × ${period}s`;
  });
  const watches = lazy(() => describeMetric(cfn));
  const describe = 'aws cloudwatch describe-alarms --alarm-names "$ALARM" ' +
    '--query "MetricAlarms[0].[StateValue,StateReason,StateUpdatedTimestamp]" --output text';
  const metric = cfn.metricName !== undefined
    ? lazy(() => {
      const extended = resolved(cfn.extendedStatistic) as string | undefined;
      const statistic = extended ? sh`--extended-statistics ${extended}` : sh`--statistics ${resolved(cfn.statistic)}`;
      const value = extended ? `ExtendedStatistics.${extended}` : resolved(cfn.statistic);
      return 'DIMENSIONS=$(aws cloudwatch describe-alarms --alarm-names "$ALARM" ' +
        '--query "MetricAlarms[0].Dimensions[].join(\'\', [\'Name=\', Name, \',Value=\', Value])" --output text)\n' +
        sh`aws cloudwatch get-metric-statistics --namespace ${resolved(cfn.namespace)} --metric-name ${resolved(cfn.metricName)} ` +
        sh`--dimensions $DIMENSIONS ${shellCode(statistic)} --period ${resolved(cfn.period)} ${shellCode(SINCE)} ` +
        sh`--query "sort_by(Datapoints,&Timestamp)[].[Timestamp,${value}]" --output text`;
    })
    : 'aws cloudwatch describe-alarms --alarm-names "$ALARM" --query "MetricAlarms[0].Metrics" > alarm-metrics.json\n' +
      `aws cloudwatch get-metric-data --metric-data-queries file://alarm-metrics.json ${SINCE} ` +
      '--query "MetricDataResults[].[Label,Timestamps[0],Values[0]]" --output text';
  return {
    resource: cfn,
    name: cfn.alarmName,
    watches: { ja: watches, en: watches },
    condition: { ja: condition, en: condition },
    describe,
    metric,
  };
}

/** The parts of a resolved `CfnAlarm.MetricDataQueryProperty` a section shows. */
interface MetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly metricStat?: { readonly metric: { readonly namespace: string; readonly metricName: string }; readonly stat: string };
}

function describeMetric(cfn: cloudwatch.CfnAlarm): string {
  const stack = Stack.of(cfn);
  if (cfn.metricName !== undefined) {
    const dimensions = (stack.resolve(cfn.dimensions) as Array<{ name: string }> | undefined ?? []).map(d => d.name);
    const stat = stack.resolve(cfn.extendedStatistic) ?? stack.resolve(cfn.statistic);
    return `\`${stack.resolve(cfn.namespace)} ${stack.resolve(cfn.metricName)}\` (${stat}${dimensions.length ? `; ${dimensions.join(', ')}` : ''})`;
  }
  const queries = stack.resolve(cfn.metrics) as MetricQuery[];
  const parts = queries.map(q => (q.expression !== undefined
    ? `${q.id} = ${q.expression}`
    : `${q.id} = ${q.metricStat!.metric.namespace} ${q.metricStat!.metric.metricName} (${q.metricStat!.stat})`));
  return `\`${parts.join('; ')}\``;
}

/**
 * A composite alarm rule as text: child alarms known only after deploy (`Fn::GetAtt [Id, Arn]`) are
 * shown by their logical id, which the stack's `describe-stack-resource` resolves.
 */
function readableRule(rule: unknown): string {
  if (typeof rule === 'string') return rule;
  const parts = (rule as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
  if (!parts) return JSON.stringify(rule);
  return parts.map(part => {
    if (typeof part === 'string') return part;
    const ref = part as { 'Fn::GetAtt'?: [string, string]; 'Ref'?: string };
    return ref['Fn::GetAtt']?.[0] ?? ref.Ref ?? JSON.stringify(part);
  }).join('');
}

function firstPeriod(metrics: Array<{ period?: number; metricStat?: { period: number } }> | undefined): number | undefined {
  return metrics?.map(m => m.period ?? m.metricStat?.period).find(p => p !== undefined);
}

const OPERATORS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

function lazy(produce: () => string): string {
  return Lazy.string({ produce });
}
