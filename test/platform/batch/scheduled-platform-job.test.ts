import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AlarmSeverity, BatchJobCatalog, DrPlan, MaintenanceWeekday, MaintenanceWindow, ScheduledPlatformJob, ScheduledPlatformJobProps, TenantPlatform } from '../../../src';
import { retryWaitsSeconds } from '../../../src/platform/batch/job-retry';
import { cronSelectsDay, parseSchedule } from '../../../src/platform/batch/job-schedule';
import { database, platformStack } from '../../support/platform';
import { tempDir } from '../../support/runbook-fixtures';
import { alarmsWithoutRunbookSection, runbookPlaceholders, sectionOf } from '../../support/runbooks';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/postgres:16-alpine');

function job(platform: TenantPlatform, overrides: Partial<ScheduledPlatformJobProps> = {}, id = 'Stats'): ScheduledPlatformJob {
  return new ScheduledPlatformJob(Stack.of(platform), id, {
    platform,
    jobId: 'B004',
    title: { ja: 'データ集計', en: 'statistics aggregation' },
    image: IMAGE,
    command: ['sh', '-c', 'echo done'],
    schedule: 'cron(0 4 * * ? *)',
    timeZone: 'Asia/Tokyo',
    expectedDuration: Duration.minutes(10),
    ...overrides,
  });
}

/** The state machine's definition, with deploy-time values as TOKEN. */
function definitionOf(template: Template, stack: Stack): any {
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
  const parts: unknown[] = stack.resolve(machine.Properties.DefinitionString)['Fn::Join'][1];
  return JSON.parse(parts.map(p => typeof p === 'string' ? p : 'TOKEN').join(''));
}

function alarmNamed(template: Template, suffix: string): any {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(a => String(a.Properties.AlarmName).endsWith(suffix));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

describe('ScheduledPlatformJob', () => {
  const { platform } = platformStack();
  const db = database(platform);
  const stats = job(platform, { database: db, writesToDatabase: false });
  const stack = Stack.of(stats);
  const template = Template.fromStack(stack);

  test('ECS-06: EventBridge Scheduler starts the state machine at the cron time in its time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { Ref: Match.stringLikeRegexp('StatsStateMachine') }, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 } },
    });
  });

  test('ECS-06: the retrier waits exactly 5, 15 and 30 minutes', () => {
    const definition = definitionOf(template, stack);
    const task = definition.States[definition.StartAt];
    expect(task.Resource).toMatch(/ecs:runTask\.sync$/);
    expect(task.Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 300, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 1800 }]);
    const [r] = task.Retry;
    // States Language: the n-th retry waits IntervalSeconds × BackoffRate^(n-1), capped at MaxDelaySeconds.
    expect(retryWaitsSeconds(r.IntervalSeconds, r.BackoffRate, r.MaxAttempts, r.MaxDelaySeconds).map(s => s / 60)).toEqual([5, 15, 30]);
    expect(retryWaitsSeconds(r.IntervalSeconds, r.BackoffRate, r.MaxAttempts).map(s => s / 60)).toEqual([5, 15, 45]);
    expect(stats.retryWaits.map(w => w.toMinutes())).toEqual([5, 15, 30]);
    // One attempt times out after twice the expected 10 minutes; a run with its retries ends within 4 × 20 + 50 minutes.
    expect(task.TimeoutSeconds).toBe(1200);
    expect(stats.maxRunTime.toMinutes()).toBe(130);
  });

  test('ECS-06: the task runs on Fargate in the platform private subnets, without a public IP, non-root and read-only', () => {
    const task = definitionOf(template, stack).States['Run B004'];
    expect(task.Parameters.LaunchType).toBe('FARGATE');
    // RunTask's AssignPublicIp defaults to DISABLED (ECS API, AwsVpcConfiguration); the task never asks for one.
    expect(task.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBeUndefined();
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const parts = stack.resolve(machine.Properties.DefinitionString)['Fn::Join'][1];
    expect(parts).toEqual(expect.arrayContaining(stack.resolve(platform.vpc.privateSubnets.map(s => s.subnetId))));
    expect(platform.vpc.privateSubnets).toHaveLength(2);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ User: '1000:1000', ReadonlyRootFilesystem: true, Command: ['sh', '-c', 'echo done'] })],
    });
  });

  test('ECS-06: start and end of every run and attempt are logged; the container logs to an encrypted, retained group', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: Match.anyValue() } });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }) })],
    });
  });

  test('ECS-06: the database is reached as the job\'s own IAM user, never with the master secret', () => {
    // The job's own policies: the shared stack also holds the tenant identity provider, the one reader of the master secret.
    const jobPolicies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([logicalId]) => logicalId.startsWith('Stats'));
    const policies = JSON.stringify(stack.resolve(Object.fromEntries(jobPolicies)));
    expect(policies).toContain('rds-db:connect');
    expect(policies).toMatch(/dbuser:.*\/job_b004/);
    expect(policies).not.toContain('secretsmanager:GetSecretValue');
    const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0];
    // DB_HOST is the database's SSM parameter, read when each run's task starts, so a run after a restore reaches the new instance (DR-05).
    expect(container.Secrets).toEqual([{ Name: 'DB_HOST', ValueFrom: expect.objectContaining({}) }]);
    expect(JSON.stringify(stack.resolve(container.Secrets))).toContain('{"Ref":"DatabaseParameterEndpoint');
    expect(policies).toContain('dbuser:*/job_b004');
    expect(container.Environment.map((e: any) => e.Name)).toEqual(expect.arrayContaining(['DB_PORT', 'DB_NAME', 'DB_USER']));
    expect(container.Environment.find((e: any) => e.Name === 'DB_USER').Value).toBe('job_b004');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, Description: 'Platform job B004 to PostgreSQL (NET-04)' });
  });

  test('the state machine may run this task definition revision only; * is left only to actions with no narrower resource', () => {
    const [, policy] = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('StatsStateMachineRole'))!;
    const statements: any[] = policy.Properties.PolicyDocument.Statement;
    const taskDefinitionId = stack.getLogicalId(stats.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition);
    // Ref of a task definition is its ARN with the revision: not the family's every revision (family:*).
    expect(statements.find(s => s.Action === 'ecs:RunTask').Resource).toEqual({ Ref: taskDefinitionId });
    expect(statements.filter(s => s.Resource === '*').flatMap(s => s.Action).sort()).toEqual([
      'ecs:DescribeTasks', 'ecs:StopTask',
      'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
      'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
      'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
  });

  test('ECS-06: a failed run after its retries alarms at the failure severity', () => {
    const failed = alarmNamed(template, 'stats-run-failed');
    expect(failed.Threshold).toBe(1);
    expect(failed.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    const ids = failed.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName).sort();
    expect(ids).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    expect(JSON.stringify(stack.resolve(failed.AlarmActions))).toContain('AlarmsWarning');
    expect(failed.AlarmDescription).toMatch(/^WARNING \[ECS-06\] Job B004 \(statistics aggregation\) failed or timed out after 3 automatic retries \(5, 15, 30 minutes\)/);
  });

  test('ECS-06: a run longer than the expected duration alarms as a warning', () => {
    const slow = alarmNamed(template, 'stats-run-too-long');
    expect(slow).toMatchObject({ MetricName: 'ExecutionTime', Namespace: 'AWS/States', Statistic: 'Maximum', Threshold: 600_000, ComparisonOperator: 'GreaterThanThreshold' });
  });

  test('ECS-06: no success within the schedule\'s window (a day, the longest run and an hour) is a missed run', () => {
    const missed = alarmNamed(template, 'stats-run-missed');
    // 24 h between runs + 130 min longest run + 1 h margin = 27.2 h → 28 hourly periods, all breaching.
    expect(missed).toMatchObject({
      MetricName: 'ExecutionsSucceeded',
      Namespace: 'AWS/States',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 28,
      DatapointsToAlarm: 28,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  test('ECS-06: a monthly job alarms on runs the scheduler dropped (CloudWatch evaluates at most 7 days)', () => {
    const { platform: p } = platformStack();
    const invoices = job(p, { jobId: 'B003', schedule: 'cron(0 23 L * ? *)', retryAttempts: 0, failureSeverity: AlarmSeverity.CRITICAL }, 'Invoices');
    const t = Template.fromStack(Stack.of(invoices));
    const missed = alarmNamed(t, 'invoices-run-missed');
    expect(missed).toMatchObject({ MetricName: 'InvocationDroppedCount', Namespace: 'AWS/Scheduler', Threshold: 1 });
    expect(Stack.of(invoices).resolve(missed.Dimensions)).toEqual([{ Name: 'ScheduleGroup', Value: expect.stringMatching(/B003$/) }]);
    expect(JSON.stringify(Stack.of(invoices).resolve(alarmNamed(t, 'invoices-run-failed').AlarmActions))).toContain('AlarmsCritical');
    const task = definitionOf(t, Stack.of(invoices)).States['Run B003'];
    expect(task.Retry).toBeUndefined();
  });

  test('ECS-06: L in day-of-month runs B003 on the last day of every month, 29 February in a leap year', () => {
    const parsed = parseSchedule('cron(0 23 L * ? *)');
    if (typeof parsed === 'string') throw new Error(parsed);
    const lastDays = (year: number) => Array.from({ length: 12 }, (_, i) => i + 1)
      .map(month => Array.from({ length: 31 }, (_, i) => i + 1).filter(day => cronSelectsDay(parsed.cron!, year, month, day)));
    expect(lastDays(2027)).toEqual([[31], [28], [31], [30], [31], [30], [31], [31], [30], [31], [30], [31]]);
    expect(lastDays(2028)[1]).toEqual([29]);
  });

  test('ECS-06: the runbook has a manual rerun section in ja and en with commands for this deployment, and the batch table', () => {
    const outdir = tempDir('batch-');
    const app = new App({ outdir });
    const { platform: p } = platformStack({}, app);
    const dr = new DrPlan(Stack.of(p), 'Dr', { platform: p });
    BatchJobCatalog.of(p).addBackupJob('B001', dr);
    BatchJobCatalog.of(p).addLogCleanupJob('B002');
    job(p, { jobId: 'B003', schedule: 'cron(0 23 L * ? *)', retryAttempts: 0 }, 'Invoices');
    job(p);
    app.synth();
    const en = fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Shared.md'), 'utf8');
    const ja = fs.readFileSync(path.join(outdir, 'runbooks', 'ja', 'Shared.md'), 'utf8');
    const rerun = sectionOf(en, 'job-b004-rerun');
    expect(rerun).toContain('aws stepfunctions start-execution --state-machine-arn "$STATE_MACHINE"');
    expect(rerun).toMatch(/STATE_MACHINE=\$\(aws cloudformation describe-stacks --stack-name Shared --query "Stacks\[0\]\.Outputs\[\?OutputKey=='StatsStateMachineArn[0-9A-F]*'\]\.OutputValue" --output text\)/);
    expect(rerun).toContain('retried automatically after 5, 15, 30 minutes');
    expect(sectionOf(en, 'job-b003-rerun')).toContain('There is no automatic retry');
    expect(sectionOf(ja, 'job-b003-rerun')).toContain('自動リトライはありません');
    expect(sectionOf(ja, 'job-b004-rerun')).toContain('手動で再実行');
    const table = sectionOf(en, 'batch-jobs');
    expect(table).toMatch(/\| B001 \| Database backup \| Daily 17:00 UTC \(02:00 Asia\/Tokyo\) \| AWS Backup daily rule/);
    expect(table).toMatch(/\| B002 \| Log clean-up \| Continuously \(no job\) \| Log group retention of \d+ days/);
    expect(table).toContain('| B003 | statistics aggregation | cron(0 23 L * ? *) (Asia/Tokyo) | ScheduledPlatformJob Shared/Invoices (stack Shared) | No automatic retry: failed-run alarm, then manual rerun |');
    expect(table).toContain('| B004 | statistics aggregation | cron(0 4 * * ? *) (Asia/Tokyo) | ScheduledPlatformJob Shared/Stats');
    expect(sectionOf(ja, 'batch-jobs')).toContain('| B001 | DB バックアップ | 毎日 17:00 UTC (02:00 Asia/Tokyo)');
    for (const id of ['stats-run-failed', 'stats-run-too-long', 'stats-run-missed']) {
      expect(sectionOf(en, `alarm-${id}`)).toContain('Rerun the job by hand');
      expect(sectionOf(ja, `alarm-${id}`)).toContain('ジョブの手動再実行');
    }
    expect(alarmsWithoutRunbookSection(outdir)).toEqual([]);
    expect(runbookPlaceholders(path.join(outdir, 'runbooks'))).toEqual([]);
  });
});

describe('ScheduledPlatformJob refuses bad input at synth', () => {
  const refused = (overrides: Partial<ScheduledPlatformJobProps>, pattern: RegExp, platformWindow?: MaintenanceWindow) => {
    const { platform } = platformStack(platformWindow ? { maintenanceWindow: platformWindow } : {});
    const props = overrides.database === undefined && 'database' in overrides ? { ...overrides, database: database(platform) } : overrides;
    expect(() => job(platform, props)).toThrow(pattern);
  };

  test('ECS-06: a schedule that is not a cron or rate expression', () => {
    refused({ schedule: '0 4 * * *' }, /schedule "0 4 \* \* \*" is neither cron\(minutes hours day-of-month month day-of-week year\) nor rate\(value unit\)/);
    refused({ schedule: 'cron(0 4 * * *)' }, /has 5 cron fields; cron\(\) takes 6/);
    refused({ schedule: 'cron(0 24 * * ? *)' }, /hours "24" has "24" outside 0-23/);
    refused({ schedule: 'cron(0 4 * * MON *)' }, /exactly one of them must be \?/);
    refused({ schedule: 'rate(2 hour)' }, /unit is singular for 1 and plural otherwise/);
  });

  test('ECS-06: a time zone that does not exist', () => {
    refused({ timeZone: 'Asia/Tokio' }, /timeZone "Asia\/Tokio" is not an IANA time zone name/);
    refused({ timeZone: 'JST' }, /timeZone "JST" is not an IANA time zone name/);
    refused({ timeZone: '+09:00' }, /timeZone "\+09:00" is not an IANA time zone name/);
    // Aliases Node 20 leaves out of Intl.supportedValuesOf('timeZone') are IANA names all the same.
    const { platform } = platformStack();
    for (const [i, timeZone] of ['UTC', 'Asia/Kolkata', 'US/Eastern'].entries()) {
      expect(job(platform, { timeZone, jobId: `J${i}` }, `Job${i}`).timeZone).toBe(timeZone);
    }
  });

  test('ECS-06: a timeout shorter than the expected duration', () => {
    refused({ timeout: Duration.minutes(5) }, /timeout "5 minutes" is shorter than expectedDuration \(10 minutes\)/);
  });

  test('ECS-06: more than the seed\'s 3 retries without allowMoreRetries', () => {
    refused({ retryAttempts: 4 }, /retryAttempts 4 is more than the 3 retries of ECS-06; set allowMoreRetries: true/);
    const { platform } = platformStack();
    const more = job(platform, { retryAttempts: 4, allowMoreRetries: true });
    expect(more.retryWaits.map(w => w.toMinutes())).toEqual([5, 15, 30, 30]);
  });

  test('ECS-06: a job writing to the database while the maintenance window is open, retries included', () => {
    // 01:00 JST + up to 130 minutes with retries reaches into the 2nd Sunday's 02:00-04:00 window.
    refused({ schedule: 'cron(0 1 * * ? *)', database: undefined },
      /schedule "cron\(0 1 \* \* \? \*\)" \(Asia\/Tokyo\) writes to the database while the maintenance window \(2nd Sunday of the month, 02:00 for 2 hours \(Asia\/Tokyo\)\) is open: the run starting 2027-01-09T16:00:00.000Z/);
    // The same time in UTC is 10:00 JST: clear of the window.
    const { platform } = platformStack();
    expect(() => job(platform, { schedule: 'cron(0 1 * * ? *)', timeZone: 'UTC', database: database(platform) })).not.toThrow();
    // A read-only job may run during the window; a rate schedule's times are unknown, so a writing job may not use one.
    refused({ schedule: 'rate(1 hour)', database: undefined }, /a job that writes to the database needs a cron\(\) schedule/);
    // A window on another day of the platform: the 1st Monday, 04:00-05:00 JST, meets B004 at 04:00.
    refused({ database: undefined }, /writes to the database while the maintenance window \(1st Monday/, MaintenanceWindow.monthly({ week: 1, weekday: MaintenanceWeekday.MONDAY, startTime: '04:00', duration: Duration.hours(1) }));
  });

  test('every problem is reported at once', () => {
    refused({ schedule: 'cron(bad)', timeZone: 'Nowhere/City', timeout: Duration.minutes(1), retryAttempts: 5 },
      /4 problems:\n- schedule "cron\(bad\)".*\n- timeZone "Nowhere\/City".*\n- timeout "1 minute" is shorter.*\n- retryAttempts 5 is more than/);
  });
});
