import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AlarmSeverity, DisruptionType, DrPlan, PlatformEnvironment, RecoveryObjectives, Runbook, ServerlessAlerting, ServerlessTable } from '../../../src';
import { drFixture, synthError } from '../../support/dr';
import { sectionOf, shellBlocks } from '../../support/runbooks';
import { bashSyntaxErrors, shellcheckFindings, SKIP_SHELLCHECK } from '../../support/shell-check';

const TOKYO = { account: '123456789012', region: 'ap-northeast-1' };
/** Seed 004's targets: MTTR 30 minutes, daily backups (DR-01). */
const STUDY_TRACKER: RecoveryObjectives = { rpo: Duration.days(1), rto: Duration.minutes(30) };

function serverlessApp(environment = PlatformEnvironment.PRODUCTION, copies = true) {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: TOKYO });
  const alerting = new ServerlessAlerting(stack, 'Alerting', { environment, notifications: { criticalEmails: ['oncall@example.com'] } });
  const sessions = new ServerlessTable(stack, 'Sessions', { alerting, partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING } });
  const dr = new DrPlan(stack, 'Dr', { host: alerting, copyToRegion: copies ? 'ap-northeast-3' : undefined });
  return { app, stack, alerting, sessions, dr };
}

function plainTable(stack: Stack, id: string, props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

describe('a DrPlan of a serverless application protecting its ServerlessTable', () => {
  const { app, stack, alerting, sessions, dr } = serverlessApp();
  dr.protectTable(sessions.table, STUDY_TRACKER);
  const template = Template.fromStack(stack);

  test('SRV-03: the table is in a backup plan without a TenantPlatform: the DrPlan takes its profile, alarm topics, key and runbook from the ServerlessAlerting, and makes no VPC or ECS cluster', () => {
    expect(dr.host).toBe(alerting);
    expect(() => dr.platform).toThrow(/Api\/Dr protects Api\/Alerting, which is not a TenantPlatform; use host/);
    template.resourceCountIs('AWS::ECS::Cluster', 0);
    template.resourceCountIs('AWS::EC2::VPC', 0);
  });

  test('DR-02: point-in-time recovery stays on and the table is backed up daily at 02:00 JST, kept 30 days and copied to the recovery region', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'Api-Dr-Table',
        BackupPlanRule: [Match.objectLike({
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 17 * * ? *)',
          Lifecycle: { DeleteAfterDays: 30 },
          CopyActions: [Match.objectLike({ DestinationBackupVaultArn: 'arn:aws:backup:ap-northeast-3:123456789012:backup-vault:Api-Dr-Copy', Lifecycle: { DeleteAfterDays: 30 } })],
        })],
      },
    });
    const tableId = stack.getLogicalId(sessions.table.node.defaultChild as dynamodb.CfnTable);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });

  test('DR-02: the plan replaces the table\'s own backup: one vault, one plan and one selection hold the table', () => {
    expect(Object.values(template.findResources('AWS::Backup::BackupVault')).map(v => v.Properties.BackupVaultName)).toEqual(['Api-Dr']);
    expect(Object.values(template.findResources('AWS::Backup::BackupPlan')).map(p => p.Properties.BackupPlan.BackupPlanName)).toEqual(['Api-Dr-Table']);
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
    expect(sessions.vault).toBeUndefined();
    expect(sessions.backupPlan).toBeUndefined();
  });

  test('DR-04: the table is restore-tested every month', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'DynamoDB',
      RestoreTestingSelectionName: 'tables',
      RestoreTestingPlanName: 'Api_Dr_Monthly',
    });
  });

  test('DR-04: a failed backup job pages the alerting\'s critical topic, through its key', () => {
    const critical = stack.getLogicalId(alerting.alarmTopic(AlarmSeverity.CRITICAL).node.defaultChild as CfnResource);
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { 'detail-type': ['Backup Job State Change'] } } });
    expect(Object.values(rules).flatMap(r => r.Properties.Targets.map((t: any) => t.Arn))).toEqual([{ Ref: critical }]);
  });

  test('DR-01: the objectives report gives the table\'s recovery per disruption against seed 004 (MTTR 30 minutes, daily backups)', () => {
    const [table] = dr.recoveries;
    expect(table.description).toBe('DynamoDB table Api/Sessions/Resource');
    const by = (d: DisruptionType) => table.recoveries.find(r => r.disruption === d)!;
    expect(by(DisruptionType.AVAILABILITY_ZONE)).toMatchObject({ achievableRpo: Duration.seconds(0), achievableRto: Duration.seconds(0) });
    expect(by(DisruptionType.SOFTWARE).achievableRpo!.toMinutes()).toBe(5);
    expect(by(DisruptionType.SOFTWARE).achievableRto!.toMinutes()).toBe(30);
    expect(by(DisruptionType.REGION).achievableRpo!.toDays()).toBe(1);
    expect(table.recoveries.flatMap(r => r.problems)).toEqual([]);
    const report = fs.readFileSync(path.join(app.synth().directory, dr.objectivesReportFile), 'utf8');
    expect(report).toContain('DynamoDB table Api/Sessions/Resource');
    expect(report).toContain('point-in-time restore into a new table');
  });
});

describe('the DR runbook of a serverless application', () => {
  const { app, stack, sessions, dr } = serverlessApp();
  dr.protectTable(sessions.table, STUDY_TRACKER);
  const dir = path.join(app.synth().directory, 'runbooks');
  const en = fs.readFileSync(path.join(dir, 'en', 'Api.md'), 'utf8');
  const anchors = Runbook.of(stack).sections.map(s => s.anchor);
  const tableSection = sectionOf(en, 'dr-l2-table-api-sessions-resource');
  const blocks = shellBlocks(tableSection).map((b, i) => ({ where: `table section block ${i + 1}`, script: b.script }));

  test('DR-05: the table has a recovery section (point-in-time restore, backup restore) instead of the table\'s own, and no ECS section', () => {
    expect(anchors).toContain('dr-l2-table-api-sessions-resource');
    expect(anchors).not.toContain('table-sessions-restore');
    expect(anchors).not.toContain('dr-l1-service-partial');
    expect(tableSection).toContain('aws dynamodb restore-table-to-point-in-time --region ap-northeast-1 --source-table-name "$TABLE"');
    expect(tableSection).toContain('--resource-type DynamoDB --metadata "targetTableName=$NEW_TABLE"');
    expect(en).not.toMatch(/aws ecs /);
  });

  test('DR-05: the region failure restores the table\'s copy in the recovery region', () => {
    const region = sectionOf(en, 'dr-l3-region-failure');
    expect(region).toContain('aws backup list-recovery-points-by-backup-vault --region ap-northeast-3 --backup-vault-name Api-Dr-Copy --by-resource-type DynamoDB');
    expect(region).toContain('Deploy the application\'s stacks into ap-northeast-3');
  });

  test('OPS-01: bash -n parses every command of the table section', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(bashSyntaxErrors(blocks)).toEqual([]);
  });

  (SKIP_SHELLCHECK ? test.skip : test)('OPS-01: shellcheck finds nothing in the table section', () => {
    expect(shellcheckFindings(blocks)).toEqual([]);
  });
});

describe('protectTable refuses what it cannot protect', () => {
  test('DR-02: a table left without point-in-time recovery gets it; one that turns it off is refused', () => {
    const { stack, dr } = serverlessApp(PlatformEnvironment.DEVELOPMENT, false);
    const unset = plainTable(stack, 'Unset');
    dr.protectTable(unset, STUDY_TRACKER);
    const cfn = unset.node.defaultChild as dynamodb.CfnTable;
    expect(Stack.of(unset).resolve(cfn.pointInTimeRecoverySpecification)).toEqual({ pointInTimeRecoveryEnabled: true });
    const off = plainTable(stack, 'Off', { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } });
    expect(() => dr.protectTable(off, STUDY_TRACKER)).toThrow(/protectTable\(Api\/Off\).*table.*Api\/Off.*point-in-time recovery off/);
  });

  test('DR-06: a table a stack change could delete fails synth', () => {
    const { app, stack, dr } = serverlessApp(PlatformEnvironment.DEVELOPMENT, false);
    dr.protectTable(plainTable(stack, 'Doomed', { removalPolicy: RemovalPolicy.DESTROY }), STUDY_TRACKER);
    expect(synthError(app)).toMatch(/DynamoDB table Api\/Doomed \(Api\/Doomed\) could be destroyed by a stack change/);
  });

  test('DR-01: an objective the table cannot meet fails synth with what would fix it', () => {
    const { app, stack, dr } = serverlessApp(PlatformEnvironment.DEVELOPMENT, false);
    dr.protectTable(plainTable(stack, 'Fast'), { rpo: Duration.minutes(1), rto: Duration.minutes(30), regionRpo: Duration.days(1) });
    const error = synthError(app);
    expect(error).toMatch(/software \(data corruption\) RPO 1 minute cannot be met: the best deployed recovery loses up to 5 minutes/);
    expect(error).toMatch(/region RPO 1 day cannot be met: not recoverable.*Set copyToRegion on the DrPlan/);
  });

  test('DR-02: an imported table and a table protected twice are refused', () => {
    const { stack, dr } = serverlessApp(PlatformEnvironment.DEVELOPMENT, false);
    const imported = dynamodb.Table.fromTableName(stack, 'Imported', 'elsewhere');
    expect(() => dr.protectTable(imported, STUDY_TRACKER)).toThrow(/table.*Api\/Imported.*must be a dynamodb.Table created in this app/);
    const table = plainTable(stack, 'Twice');
    dr.protectTable(table, STUDY_TRACKER);
    expect(() => dr.protectTable(table, STUDY_TRACKER)).toThrow(/is already protected by this DrPlan/);
  });
});

describe('which application a DrPlan protects', () => {
  test('DR-01: exactly one of platform and host', () => {
    const { app, stack, platform } = drFixture();
    const alerting = new ServerlessAlerting(new Stack(app, 'Serverless', { env: TOKYO }), 'Alerting', { environment: PlatformEnvironment.DEVELOPMENT, notifications: {}, budget: false });
    expect(() => new DrPlan(stack, 'Both', { platform, host: alerting })).toThrow(/host.*Serverless\/Alerting.*is given with platform Shared\/Platform; give exactly one of them/);
    expect(() => new DrPlan(stack, 'Neither', {})).toThrow(/platform.*or host is required/);
  });

  test('DR-01: a TenantPlatform is a host: the plan built from platform exposes it both ways', () => {
    const { platform, dr } = drFixture();
    expect(dr.host).toBe(platform);
    expect(dr.platform).toBe(platform);
  });

  test('DR-03: without a platform, a database cannot be protected and a region failover needs its primary target', () => {
    const { stack, dr } = serverlessApp();
    const { db } = drFixture();
    expect(() => dr.protectDatabase(db, STUDY_TRACKER)).toThrow(/platform.*is required to protect a database/);
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'study-tracker.com' });
    const secondary = route53.RecordTarget.fromIpAddresses('192.0.2.10');
    expect(() => dr.addRegionFailover('Api', { hostedZone: zone, recordName: 'api', secondary, healthCheckDomainName: 'api.study-tracker.com' }))
      .toThrow(/primary.*is required when the DrPlan has no platform/);
  });
});
