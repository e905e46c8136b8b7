import { CfnParameter, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EnvironmentProfiles, PlatformEnvironment, TenantPlatformChecks } from '../../src';
import { RULES } from '../../src/policy/rules';
import { policyThresholds } from '../../src/policy/thresholds';
import { findings, flagged, newApp, newStack, newVpc, synthWithPlugins } from '../support/policy';

/** A raw PostgreSQL instance with the given backup retention. */
function database(stack: Stack, id: string, backupRetentionPeriod: number | string = 7): rds.CfnDBInstance {
  return new rds.CfnDBInstance(stack, id, { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', allocatedStorage: '100', backupRetentionPeriod: backupRetentionPeriod as number });
}

describe('thresholds (ECS-07 profiles)', () => {
  test('ECS-07: every threshold starts at the environment profile', () => {
    for (const environment of Object.values(PlatformEnvironment)) {
      const profile = EnvironmentProfiles.of(environment);
      const t = policyThresholds({ environment });
      expect(t.minLogRetentionDays).toBe(profile.minLogRetentionDays);
      expect(t.minBackupRetentionDays).toBe(profile.minBackupRetention.toDays());
      expect(t.maxSecretRotationDays).toBe(profile.maxSecretRotation.toDays());
      expect(t.minServiceCapacity).toBe(profile.minCapacityFloor);
      expect(t.requireMultiAz).toBe(profile.multiAz);
      expect(t.requireDeletionProtection).toBe(profile.deletionProtection);
      expect(t.requireHttps).toBe(profile.requireCertificate);
    }
    expect(policyThresholds().environment).toBe(PlatformEnvironment.PRODUCTION);
  });

  test('ECS-07: props tighten thresholds', () => {
    const t = policyThresholds({
      minLogRetentionDays: 90,
      minBackupRetention: Duration.days(35),
      maxSecretRotation: Duration.days(30),
      minServiceCapacity: 3,
      budgetAlertThresholdPercent: 100,
    });
    expect([t.minLogRetentionDays, t.minBackupRetentionDays, t.maxSecretRotationDays, t.minServiceCapacity, t.maxBudgetAlertPercent])
      .toEqual([90, 35, 30, 3, 100]);
    expect(policyThresholds({ environment: PlatformEnvironment.DEVELOPMENT, requireMultiAz: true }).requireMultiAz).toBe(true);
  });

  test.each([
    [{ minLogRetentionDays: 7 }, 'minLogRetentionDays 7 loosens the PRODUCTION profile (LOG-01); accepted: a whole number ≥ 30'],
    [{ minBackupRetention: Duration.days(7) }, 'minBackupRetention 7 days loosens the PRODUCTION profile (DB-04); accepted: a whole number ≥ 30 days'],
    [{ minServiceCapacity: 1.5 }, 'minServiceCapacity 1.5 loosens the PRODUCTION profile (ECS-02); accepted: a whole number ≥ 2'],
    [{ maxSecretRotation: Duration.days(180) }, 'maxSecretRotation 180 days is outside the PRODUCTION profile (DB-05); accepted: a whole number from 1 days to 90 days'],
    [{ budgetAlertThresholdPercent: 150 }, 'budgetAlertThresholdPercent 150 % is outside the PRODUCTION profile (MON-09); accepted: a whole number from 1 % to 110 %'],
    [{ requireMultiAz: false }, 'requireMultiAz false loosens the PRODUCTION profile (DB-01); accepted: true, or leave it unset'],
    [{ minBackupRetention: Duration.hours(36) }, 'minBackupRetention 1 day 12 hours is not a whole number of days; accepted: Duration.days(n)'],
  ])('ECS-07: a prop that loosens the profile throws at construction: %j', (props, message) => {
    expect(() => new TenantPlatformChecks(undefined, props)).toThrow(message);
  });

  test('ECS-07: every prop that loosens the profile is named in one error', () => {
    const props = { minLogRetentionDays: 7, maxSecretRotation: Duration.hours(36), budgetAlertThresholdPercent: 150, requireHttps: false };
    expect(() => policyThresholds(props))
      .toThrow(new Error('4 problems:\n' +
        '- minLogRetentionDays 7 loosens the PRODUCTION profile (LOG-01); accepted: a whole number ≥ 30\n' +
        '- maxSecretRotation 1 day 12 hours is not a whole number of days; accepted: Duration.days(n)\n' +
        '- budgetAlertThresholdPercent 150 % is outside the PRODUCTION profile (MON-09); accepted: a whole number from 1 % to 110 %\n' +
        '- requireHttps false loosens the PRODUCTION profile (EDGE-01); accepted: true, or leave it unset'));
  });
});

describe('rule catalogue', () => {
  test('rule ids are unique TenantPlatform-<Area><n> and warnings are exactly the NET-02, DR-03 and MON-09 rules and SM3 (a secret of unknown kind, DB-05)', () => {
    const ids = RULES.map(rule => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[A-Z]+\d+$/);
      const warning = rule.requirements.some(r => ['NET-02', 'DR-03', 'MON-09'].includes(r)) || rule.id === 'SM3';
      expect([rule.id, rule.level]).toEqual([rule.id, warning ? 'Warning' : 'Error']);
    }
  });

  test('every finding names its requirement and carries its fix and documentation', () => {
    const stack = newStack();
    database(stack, 'Db');
    const finding = findings(stack).find(f => f.ruleName === 'TenantPlatform-RDS4')!;
    expect(finding.description).toBe('DB-04: The database keeps automated backups for fewer than 30 days (point-in-time recovery reaches back only as far).');
    expect(finding.fix).toBe('Set BackupRetentionPeriod to 30 or more (rds.DatabaseInstance: backupRetention: Duration.days(30)).');
  });
});

describe('values that cannot be resolved', () => {
  test('DB-04: a backup retention from a parameter is a warning naming the property, never a pass', () => {
    const stack = newStack();
    const db = database(stack, 'Db', new CfnParameter(stack, 'Retention', { type: 'Number' }).valueAsString);
    const [finding, ...others] = findings(stack).filter(f => f.ruleName.startsWith('TenantPlatform-RDS4'));
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ ruleName: 'TenantPlatform-RDS4[Unresolved:BackupRetentionPeriod]', severity: 'warning', constructPath: db.node.path });
    expect(finding.description).toContain('DB-04: TenantPlatform-RDS4 could not be checked because BackupRetentionPeriod is not known at synth time');
    expect(finding.fix).toContain('acknowledge TenantPlatform-RDS4[Unresolved:BackupRetentionPeriod] with the reason');
  });

  test('ECS-05 MON-08: a password variable and an alarm description taken from parameters are warnings', () => {
    const stack = newStack();
    const password = new CfnParameter(stack, 'DbPassword', { type: 'String', noEcho: true });
    const task = new ecs.CfnTaskDefinition(stack, 'Task', {
      containerDefinitions: [{ name: 'app', image: 'nginx', environment: [{ name: 'DB_PASSWORD', value: password.valueAsString }] }],
    });
    const alarm = new cloudwatch.CfnAlarm(stack, 'Alarm', {
      namespace: 'AWS/ECS',
      metricName: 'CPUUtilization',
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 1,
      threshold: 85,
      comparisonOperator: 'GreaterThanThreshold',
      alarmDescription: new CfnParameter(stack, 'Description').valueAsString,
    });
    expect(flagged(stack, 'ECS9')).toEqual([`${task.node.path}[Unresolved:ContainerDefinitions.Environment.DB_PASSWORD]`]);
    expect(flagged(stack, 'CW2')).toEqual([`${alarm.node.path}[Unresolved:AlarmDescription]`]);
  });

  test('NET-01: subnets imported from outside the app are a warning for the rule that needs them', () => {
    const stack = newStack();
    const group = new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'fn' });
    const fn = new lambda.CfnFunction(stack, 'Fn', {
      role: 'arn:aws:iam::111111111111:role/fn',
      code: { zipFile: 'x' },
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      vpcConfig: { subnetIds: [Fn.importValue('network-PrivateSubnet1')], securityGroupIds: [group.ref] },
    });
    expect(flagged(stack, 'LMB1')).toEqual([`${fn.node.path}[Unresolved:VpcConfig.SubnetIds]`]);
  });
});

describe('acknowledgements', () => {
  test('DB-04: acknowledging TenantPlatform-RDS4 on one database silences exactly that finding', () => {
    const stack = newStack();
    const acknowledged = database(stack, 'Reporting');
    const other = database(stack, 'Tenants');
    Validations.of(acknowledged).acknowledge({ id: 'TenantPlatform-RDS4', reason: 'Rebuilt nightly from the tenant database; nothing to restore.' });
    expect(flagged(stack, 'RDS4')).toEqual([other.node.path]);
    expect(flagged(stack, 'RDS5')).toEqual([acknowledged.node.path, other.node.path]);
  });

  test('DB-06: acknowledging one granular finding leaves the other metrics reported', () => {
    const stack = newStack();
    const db = database(stack, 'Db', 30);
    Validations.of(stack).acknowledge({ id: 'TenantPlatform-RDS11[ReadLatency]', reason: 'Read latency is covered by the Datadog L0 monitor.' });
    expect(flagged(stack, 'RDS11')).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'WriteLatency'].map(m => `${db.node.path}[${m}]`));
  });
});

describe('as a CDK policy-validation plugin (app.synth)', () => {
  test('LOG-01: an error fails the synth with "Validation failed" and lands in validation-report.json with fix and requirement', () => {
    const app = newApp();
    const group = new logs.LogGroup(new Stack(app, 'Logs'), 'App', { retention: logs.RetentionDays.ONE_WEEK });
    const { error, report } = synthWithPlugins(app);
    expect(error?.message).toMatch(/Validation failed|A copy of this report can be found in/);
    const pack = report!.pluginReports.find(r => r.pluginName === 'TenantPlatform')!;
    expect(pack.conclusion).toBe('failure');
    expect(pack.violations.find(v => v.ruleName === 'TenantPlatform-LOG1')).toMatchObject({
      severity: 'error',
      suggestedFix: expect.stringContaining('RetentionInDays to 30 or more'),
      ruleMetadata: { requirements: 'LOG-01' },
      violatingConstructs: [expect.objectContaining({ constructPath: (group.node.defaultChild as logs.CfnLogGroup).node.path })],
    });
  });

  test('NET-02: warnings are reported without failing the synth, and the summary shows the pack ran', () => {
    const app = newApp();
    const stack = new Stack(app, 'Network');
    const vpc = newVpc(stack, { maxAzs: 1, natGateways: 1 });
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogs')) });
    const { error, report } = synthWithPlugins(app);
    expect(error).toBeUndefined();
    const pack = report!.pluginReports.find(r => r.pluginName === 'TenantPlatform')!;
    expect(pack.conclusion).toBe('success');
    expect(pack.violations.map(v => [v.ruleName, v.severity])).toEqual([['TenantPlatform-VPC2', 'warning'], ['TenantPlatform-Summary', 'info']]);
    expect(pack.violations[1].description).toMatch(/^TenantPlatform checked \d+ CloudFormation resources against 70 rules with the PRODUCTION profile: 0 errors, 1 warning\.$/);
  });

  test('DB-06: alarms in a tenant stack cover a database in the shared stack through the cross-stack export', () => {
    const app = newApp();
    const db = database(new Stack(app, 'Shared'), 'Db', 30);
    const tenant = new Stack(app, 'Tenant');
    const topic = new sns.Topic(tenant, 'Critical');
    for (const metric of ['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'ReadLatency', 'WriteLatency']) {
      new cloudwatch.CfnAlarm(tenant, metric, {
        namespace: 'AWS/RDS',
        metricName: metric,
        dimensions: [{ name: 'DBInstanceIdentifier', value: db.ref }],
        statistic: 'Average',
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanThreshold',
        alarmActions: [topic.topicArn],
        alarmDescription: `Runbook: runbooks/en/database.md#${metric.toLowerCase()}`,
      });
    }
    const { report } = synthWithPlugins(app);
    const rules = report!.pluginReports.find(r => r.pluginName === 'TenantPlatform')!.violations.map(v => v.ruleName);
    expect(rules.filter(r => r.startsWith('TenantPlatform-RDS11'))).toEqual([]);
    expect(rules.filter(r => r.startsWith('TenantPlatform-CW'))).toEqual([]);
  });

  test('DB-04: an acknowledgement in CDK form (TenantPlatform::...) is recorded in the report with its reason', () => {
    const app = newApp();
    const db = database(new Stack(app, 'Shared'), 'Db');
    const reason = 'Staging copy restored from production snapshots.';
    Validations.of(db).acknowledge({ id: 'TenantPlatform::TenantPlatform-RDS4', reason });
    const { report } = synthWithPlugins(app) as any;
    const pack = report.pluginReports.find((r: any) => r.pluginName === 'TenantPlatform');
    expect(pack.violations.map((v: any) => v.ruleName)).not.toContain('TenantPlatform-RDS4');
    expect(pack.suppressedViolations).toEqual([expect.objectContaining({ ruleName: 'TenantPlatform-RDS4', reason })]);
    const errorsLeft = pack.violations.filter((v: any) => v.severity === 'error').length;
    const summary = pack.violations.find((v: any) => v.ruleName === 'TenantPlatform-Summary');
    expect(summary.description).toContain(`: ${errorsLeft} error${errorsLeft === 1 ? '' : 's'},`);
  });
});
