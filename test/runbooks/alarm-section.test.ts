import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmRunbookSection, AlarmSeverity, Runbook, RunbookSectionKind } from '../../src';
import { tempDir } from '../support/runbook-fixtures';
import { alarmsWithoutRunbookSection, runbookPlaceholders } from '../support/runbooks';

/** Synthesizes `alarms` (each registered as the alarm factory would) and returns the English runbook. */
type AlarmToRegister = { anchor: string; alarm: cloudwatch.Alarm | cloudwatch.CompositeAlarm; severity: AlarmSeverity; notifies?: AlarmSeverity };

function synthesize(build: (stack: Stack) => AlarmToRegister[]) {
  const outdir = tempDir('alarms-');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Monitoring', { env: { account: '123456789012', region: 'ap-northeast-1' } });
  for (const { anchor, alarm, severity, notifies } of build(stack)) {
    Runbook.of(stack).addSection(AlarmRunbookSection.create({
      anchor,
      alarm,
      severity,
      notifies,
      title: { ja: `アラーム ${anchor}`, en: `Alarm ${anchor}` },
      meaning: { ja: '閾値を超えました。', en: 'The threshold was crossed.' },
      firstSteps: [{ text: { ja: '担当テナントに連絡する', en: 'Tell the tenant owner' } }],
    }));
  }
  app.synth();
  return { outdir, en: fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Monitoring.md'), 'utf8') };
}

const requests = new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', statistic: 'Sum', period: Duration.minutes(5) });
const errors = new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', statistic: 'Sum', period: Duration.minutes(5) });

test('MON-08: metric-math and composite alarms get sections with their own triage, linked from their descriptions', () => {
  const { outdir, en } = synthesize(stack => {
    const errorRate = new cloudwatch.Alarm(stack, 'ErrorRateWarning', {
      metric: new cloudwatch.MathExpression({ expression: '100 * errors / requests', usingMetrics: { errors, requests }, period: Duration.minutes(5) }),
      threshold: 0.1,
      evaluationPeriods: 1,
      alarmDescription: `Runbook: ${Runbook.linkFor(stack, 'alarm-error-rate-warning')}`,
    });
    const latency = new cloudwatch.Alarm(stack, 'LatencyCritical', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', statistic: 'p99', period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 10,
      datapointsToAlarm: 8,
      alarmDescription: `Runbook: ${Runbook.linkFor(stack, 'alarm-latency-critical')}`,
    });
    const composite = new cloudwatch.CompositeAlarm(stack, 'TenantDown', {
      alarmRule: cloudwatch.AlarmRule.allOf(
        cloudwatch.AlarmRule.fromAlarm(errorRate, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(latency, cloudwatch.AlarmState.ALARM)),
      alarmDescription: `Runbook: ${Runbook.linkFor(stack, 'alarm-tenant-down')}`,
    });
    new sns.Topic(stack, 'Topic');
    return [
      { anchor: 'alarm-error-rate-warning', alarm: errorRate, severity: AlarmSeverity.WARNING },
      { anchor: 'alarm-latency-critical', alarm: latency, severity: AlarmSeverity.CRITICAL },
      { anchor: 'alarm-tenant-down', alarm: composite, severity: AlarmSeverity.INFO },
    ];
  });
  expect(alarmsWithoutRunbookSection(outdir)).toEqual([]);
  expect(runbookPlaceholders(path.join(outdir, 'runbooks'))).toEqual([]);
  expect(en).toContain('| Watches | `expr_1 = 100 * errors / requests; errors = AWS/ApplicationELB HTTPCode_Target_5XX_Count (Sum); requests = AWS/ApplicationELB RequestCount (Sum)` |');
  expect(en).toContain('aws cloudwatch get-metric-data --metric-data-queries file://alarm-metrics.json');
  expect(en).toContain('| Fires when | ≥ 1, 8/10 × 60s |');
  expect(en).toContain('--extended-statistics p99');
  expect(en).toContain('--alarm-types CompositeAlarm');
  expect(en).toMatch(/\| Fires when \| The rule `\(ALARM\("ErrorRateWarning[0-9A-F]{8}"\) AND ALARM\("LatencyCritical[0-9A-F]{8}"\)\)` is true \|/);
  expect(en).toContain('**Escalation:** The developer on duty handles it the same day.');
  expect(en).toContain('**Escalation:** No escalation. Review the trend in the weekly error log analysis.');
  expect(en).toMatch(/4\. Tell the tenant owner\n/);
});

test('an alarm section is an ALARM section and needs a real alarm', () => {
  const stack = new Stack(new App(), 'Monitoring');
  const alarm = new cloudwatch.Alarm(stack, 'Cpu', { metric: requests, threshold: 1, evaluationPeriods: 1 });
  const meaning = { ja: '意味', en: 'Meaning' };
  const title = { ja: 'CPU', en: 'CPU' };
  expect(AlarmRunbookSection.create({ anchor: 'alarm-cpu', alarm, severity: AlarmSeverity.WARNING, title, meaning }).kind).toBe(RunbookSectionKind.ALARM);
  expect(() => AlarmRunbookSection.create({ anchor: 'alarm-topic', alarm: new sns.Topic(stack, 'Topic'), severity: AlarmSeverity.WARNING, title, meaning }))
    .toThrow(/Monitoring\/Topic is not a CloudWatch alarm defined in this app/);
  expect(() => AlarmRunbookSection.create({ anchor: 'alarm-cpu', alarm, severity: 'major' as AlarmSeverity, title, meaning }))
    .toThrow(/severity "major" must be one of critical, warning, info/);
});

test('the checker reports alarms without a runbook link or whose link has no section', () => {
  const outdir = tempDir('alarms-');
  const app = new App({ outdir });
  const stack = new Stack(app, 'Monitoring');
  new cloudwatch.Alarm(stack, 'Unlinked', { metric: requests, threshold: 1, evaluationPeriods: 1 });
  new cloudwatch.Alarm(stack, 'Dangling', { metric: errors, threshold: 1, evaluationPeriods: 1, alarmDescription: 'Runbook: runbooks/en/Other.md#alarm-x' });
  app.synth();
  expect(alarmsWithoutRunbookSection(outdir)).toEqual([
    expect.stringMatching(/^Monitoring.template.json Unlinked[0-9A-F]{8}: description has no "Runbook: <link>"/),
    `Monitoring.template.json ${stack.getLogicalId(stack.node.findChild('Dangling').node.defaultChild as cloudwatch.CfnAlarm)}: runbooks/en/Other.md#alarm-x has no section "alarm-x" in runbooks/ja/Other.md`,
    expect.stringMatching(/Dangling[0-9A-F]{8}: runbooks\/en\/Other.md#alarm-x has no section "alarm-x" in runbooks\/en\/Other.md$/),
  ]);
});

test('MON-02: a critical alarm routed to another severity\'s topic says where it notifies, and keeps the critical escalation', () => {
  const { en } = synthesize(stack => [{
    anchor: 'alarm-errors-critical',
    alarm: new cloudwatch.Alarm(stack, 'ErrorsCritical', {
      metric: errors, threshold: 10, evaluationPeriods: 1, alarmDescription: `Runbook: ${Runbook.linkFor(stack, 'alarm-errors-critical')}`,
    }),
    severity: AlarmSeverity.CRITICAL,
    notifies: AlarmSeverity.WARNING,
  }]);
  expect(en).toContain('| Notifies | Slack, immediately |');
  expect(en).toContain('This alarm notifies: Slack, immediately.');
  expect(en).not.toContain('PagerDuty, Slack and email');
  expect(en).toContain('The on-call engineer (escalation tier E1) responds at once.');
});
