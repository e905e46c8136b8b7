import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AlarmSeverity, ApplicationMetric, PlatformEnvironment, Runbook, ServerlessAlerting, ServerlessApplicationMetrics } from '../../../src';

const TOKYO = { account: '123456789012', region: 'ap-northeast-1' };
const LATENCY: ApplicationMetric = {
  name: 'DatabaseQueryLatency',
  unit: cloudwatch.Unit.MILLISECONDS,
  description: { ja: 'DynamoDB 呼び出しの所要時間', en: 'Time of one DynamoDB call' },
  alarm: { threshold: 100, title: { ja: 'DB クエリ遅延 100 ms 超', en: 'Database query latency above 100 ms' } },
};
const CREATED: ApplicationMetric = { name: 'SessionsCreated', unit: cloudwatch.Unit.COUNT, description: { ja: '記録されたセッション', en: 'Sessions recorded' } };

function metricsStack(metrics: ApplicationMetric[] = [LATENCY, CREATED], namespace = 'StudyTracker') {
  const stack = new Stack(new App(), 'Api', { env: TOKYO });
  const alerting = new ServerlessAlerting(stack, 'Alerting', { environment: PlatformEnvironment.PRODUCTION, notifications: { criticalEmails: ['oncall@example.com'] } });
  const fn = new lambda.Function(stack, 'Function', {
    runtime: lambda.Runtime.PYTHON_3_11, handler: 'index.handler', code: lambda.Code.fromInline('def handler(event, context):\n    return None\n'),
  });
  const build = () => new ServerlessApplicationMetrics(stack, 'Metrics', { alerting, function: fn, namespace, metrics });
  return { stack, alerting, fn, build };
}

describe('ServerlessApplicationMetrics', () => {
  const { stack, alerting, build } = metricsStack();
  const metrics = build();
  const template = Template.fromStack(stack);

  test('SRV-01: the function gets the namespace and service name that Powertools and EMF writers read', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_METRICS_NAMESPACE: 'StudyTracker', POWERTOOLS_SERVICE_NAME: 'Function' }) },
    });
  });

  test('MON-02: a metric with a target gets an alarm on its service dimension, routed to the warning topic', () => {
    const warning = stack.getLogicalId(alerting.alarmTopic(AlarmSeverity.WARNING).node.defaultChild as any);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'StudyTracker',
      MetricName: 'DatabaseQueryLatency',
      Dimensions: [{ Name: 'service', Value: 'Function' }],
      Statistic: 'Average',
      Period: 300,
      Threshold: 100,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: warning }],
    });
    expect(metrics.alarms).toHaveLength(1);
    expect(metrics.metric('SessionsCreated', { period: Duration.hours(1) }).unit).toBe(cloudwatch.Unit.COUNT);
    expect(() => metrics.metric('Typo')).toThrow(/metric Typo is not one of DatabaseQueryLatency, SessionsCreated/);
  });

  test('MON-08: the alarm has its runbook section, and one section lists every metric with its target', () => {
    const sections = Runbook.of(stack).sections;
    const list = sections.find(s => s.anchor === 'metrics-api-metrics')!;
    expect(list.table!.rows.map(r => r.cells[0].en)).toEqual(['DatabaseQueryLatency', 'SessionsCreated']);
    expect(list.table!.rows.map(r => r.cells[3].en)).toEqual(['Average above 100', 'none']);
    const alarmDescription = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'DatabaseQueryLatency' } }))[0].Properties.AlarmDescription;
    expect(alarmDescription).toMatch(/^WARNING \[SRV-01\] Application metric DatabaseQueryLatency \(Time of one DynamoDB call\) crossed its target of 100 Milliseconds\. Runbook: /);
  });
});

test('SRV-01: bad metric declarations are refused together, naming each prop', () => {
  const twice = metricsStack([LATENCY, { ...LATENCY, alarm: { ...LATENCY.alarm!, threshold: Number.NaN, evaluationPeriods: 0 } }], 'AWS/Lambda');
  expect(() => twice.build()).toThrow(new RegExp([
    'Api/Metrics: 4 problems:',
    '- namespace "AWS/Lambda" must be 1-255 letters, digits or \\. _ - # : / and space, and not start with AWS/ \\(reserved for AWS services\\)',
    '- metrics\\[1\\]\\.name "DatabaseQueryLatency" is listed twice',
    '- metrics\\[1\\]\\.alarm\\.threshold "NaN" must be a finite number',
    '- metrics\\[1\\]\\.alarm\\.evaluationPeriods 0 must be an integer from 1 to 100',
  ].join('\n')));
  expect(() => metricsStack([]).build()).toThrow(/metrics "0 metrics" must list 1 to 100 metrics/);
});
