import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PlatformEnvironment } from '../../src';
import { database, platformStack } from '../support/platform';

describe('MonitoredDatabase in the production profile', () => {
  const { stack, platform } = platformStack();
  const db = database(platform);
  const template = Template.fromStack(stack);
  const instance = () => Object.values(template.findResources('AWS::RDS::DBInstance'))[0];

  test('DB-01: PostgreSQL, Multi-AZ, in isolated subnets, not publicly accessible', () => {
    expect(instance().Properties).toMatchObject({ Engine: 'postgres', MultiAZ: true, PubliclyAccessible: false });
    expect(db.multiAz).toBe(true);
  });

  test('DB-02: rds.force_ssl is 1', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  test('DB-03: storage encrypted with its own rotated CMK, deletion protection, snapshot on removal, key and secret retained', () => {
    const i = instance();
    expect(i.Properties.StorageEncrypted).toBe(true);
    expect(i.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DatabaseKey/), 'Arn'] });
    expect(i.Properties.DeletionProtection).toBe(true);
    expect([i.DeletionPolicy, i.UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true, Description: Match.stringLikeRegexp('Database') }) });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  test('DB-04: 30-day automated backups (PITR), automated backups kept after deletion', () => {
    expect(instance().Properties).toMatchObject({ BackupRetentionPeriod: 30, DeleteAutomatedBackups: false, CopyTagsToSnapshot: true });
  });

  test('DB-05: generated credentials in Secrets Manager, rotated every 90 days; IAM authentication on', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(90 days)' } });
    expect(instance().Properties.EnableIAMDatabaseAuthentication).toBe(true);
  });

  test('DB-06: Performance Insights, enhanced monitoring, every PostgreSQL log type exported to a retained, encrypted log group', () => {
    expect(instance().Properties).toMatchObject({ EnablePerformanceInsights: true, MonitoringInterval: 60, EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
    for (const logType of ['postgresql', 'upgrade']) {
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: `/aws/rds/instance/${db.instanceIdentifier}/${logType}`, RetentionInDays: 90, KmsKeyId: Match.anyValue() },
      });
    }
  });

  test('DR-02: without a DrPlan the database is in a baseline AWS Backup plan: continuous backup and daily snapshots in a retained vault with its own key', () => {
    const plans = Object.values(template.findResources('AWS::Backup::BackupPlan'));
    expect(plans).toHaveLength(1);
    const rules = plans[0].Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => [r.RuleName, r.EnableContinuousBackup ?? false, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['Continuous', true, 30], ['Daily', false, 30],
    ]);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp(':db:')])]) })] }),
    });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EncryptionKeyArn: Match.anyValue() }) });
  });

  test('DB-06: CPU 70/85, connections 80/90 % of max_connections, free storage, latency alarms routed by severity', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties)
      .filter(a => a.AlarmName.startsWith('Shared-database-'));
    const byName = (suffix: string) => alarms.find(a => a.AlarmName === `Shared-database-${suffix}`)!;
    expect(db.maxConnections).toBe(450); // db.t4g.medium: 4 GiB / 9531392 bytes
    expect(byName('cpu-warning').Threshold).toBe(70);
    expect(byName('cpu-critical').Threshold).toBe(85);
    expect(byName('connections-warning').Threshold).toBe(360);
    expect(byName('connections-critical').Threshold).toBe(405);
    expect(byName('free-storage-warning')).toMatchObject({ Threshold: 30 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    expect(byName('free-storage-critical').Threshold).toBe(10 * 1024 ** 3);
    expect(byName('read-latency-warning').Threshold).toBe(0.02);
    expect(byName('write-latency-warning').Threshold).toBe(0.02);
    expect(byName('cpu-critical').AlarmActions).toEqual([{ Ref: expect.stringMatching(/^PlatformAlarmsCritical/) }]);
    expect(byName('cpu-warning').AlarmActions).toEqual([{ Ref: expect.stringMatching(/^PlatformAlarmsWarning/) }]);
    expect(alarms).toHaveLength(8);
  });

  test('DB-07: 100 GiB gp3 growing to a 500 GiB ceiling', () => {
    expect(instance().Properties).toMatchObject({ AllocatedStorage: '100', MaxAllocatedStorage: 500, StorageType: 'gp3' });
  });

  test('DB-08: maintenance Sunday 02:00-04:00 JST and backups before it', () => {
    expect(instance().Properties).toMatchObject({ PreferredMaintenanceWindow: 'sat:17:00-sat:19:00', PreferredBackupWindow: '16:00-16:30' });
  });

  test('NET-04: the database security group admits nothing but its rotation function and tenant identity provider; tenants add their own rules', () => {
    const sg = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('reachable only') } }))[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(r => r.Properties);
    expect(ingress).toHaveLength(2);
    expect(ingress).toEqual(expect.arrayContaining([
      expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/Rotation/), 'GroupId'] } }),
      expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/TenantIdentities/), 'GroupId'] }, FromPort: 5432, ToPort: 5432 }),
    ]));
  });
});

describe('MonitoredDatabase props and profiles', () => {
  test('DB-01, DB-04: DEVELOPMENT is single-AZ with 1-day backups on a micro instance', () => {
    const { stack, platform } = platformStack({ environment: PlatformEnvironment.DEVELOPMENT });
    database(platform);
    const props = Object.values(Template.fromStack(stack).findResources('AWS::RDS::DBInstance'))[0].Properties;
    expect(props).toMatchObject({ MultiAZ: false, BackupRetentionPeriod: 1, DBInstanceClass: 'db.t4g.micro', DeletionProtection: false });
  });

  test('overrides: backup retention, rotation, max_connections in the parameter group, alarm thresholds, RETAIN', () => {
    const { stack, platform } = platformStack();
    const db = database(platform, {
      backupRetention: Duration.days(35),
      secretRotation: Duration.days(30),
      maxConnections: 200,
      alarmThresholds: { connectionsWarningPercent: 50 },
      removalPolicy: RemovalPolicy.RETAIN,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    });
    const template = Template.fromStack(stack);
    const instance = Object.values(template.findResources('AWS::RDS::DBInstance'))[0];
    expect(instance.Properties.BackupRetentionPeriod).toBe(35);
    expect(instance.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ max_connections: '200' }) });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Shared-database-connections-warning', Threshold: 100 });
    expect(db.maxConnections).toBe(200);
  });

  test('max_connections default follows the instance memory', () => {
    const { platform } = platformStack();
    expect(database(platform, { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE) }).maxConnections).toBe(1802);
  });
});

describe('MonitoredDatabase bad input fails at synth', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['backup below the production floor', { backupRetention: Duration.days(7) }, /Shared\/Database: backupRetention 7 days is below 30 days, the floor of production \(DB-04\)/],
    ['backup above what RDS allows', { backupRetention: Duration.days(40) }, /backupRetention 40 days is above 35 days, the ceiling RDS allows/],
    ['rotation too slow', { secretRotation: Duration.days(120) }, /secretRotation 120 days is above 90 days, the ceiling of production \(DB-05\)/],
    ['DESTROY', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy "DESTROY" would delete the database with the stack; use SNAPSHOT or RETAIN \(DB-03, DR-06\)/],
    ['storage ceiling below allocation', { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 100 }, /maxAllocatedStorageGiB 100 must be an integer from 201 to 65536/],
    ['overlapping windows', { preferredBackupWindow: '17:30-18:00' }, /preferredBackupWindow "17:30-18:00" overlaps preferredMaintenanceWindow "sat:17:00-sat:19:00"; RDS requires them apart \(DB-08\)/],
    ['malformed window', { preferredMaintenanceWindow: 'sunday 2am' }, /preferredMaintenanceWindow "sunday 2am" must match .* \(UTC ddd:hh:mm-ddd:hh:mm\)/],
    ['unknown instance memory', { instanceType: new ec2.InstanceType('db.z1d.large') }, /maxConnections undefined must be set for instance type db.z1d.large/],
    ['unordered thresholds', { alarmThresholds: { freeStorageCriticalPercent: 40 } }, /alarmThresholds.freeStorageWarningPercent 30 must be above alarmThresholds.freeStorageCriticalPercent \(40\)/],
  ])('%s', (_, overrides, message) => {
    const { platform } = platformStack();
    expect(() => database(platform, overrides)).toThrow(message);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['short backup window', { preferredBackupWindow: '15:00-15:20' }, /^Shared\/Database: preferredBackupWindow "15:00-15:20" must be at least 30 minutes long$/],
    ['short maintenance window', { preferredMaintenanceWindow: 'sun:03:00-sun:03:15' }, /^Shared\/Database: preferredMaintenanceWindow "sun:03:00-sun:03:15" must be at least 30 minutes long$/],
    ['backup overlapping a maintenance window across Saturday midnight', { preferredBackupWindow: '00:00-00:30', preferredMaintenanceWindow: 'sat:23:00-sun:01:00' },
      /^Shared\/Database: preferredBackupWindow "00:00-00:30" overlaps preferredMaintenanceWindow "sat:23:00-sun:01:00"; RDS requires them apart \(DB-08\)$/],
    ['malformed window, reported by its format alone', { preferredMaintenanceWindow: 'sunday 2am' }, /^Shared\/Database: preferredMaintenanceWindow "sunday 2am" must match .* \(UTC ddd:hh:mm-ddd:hh:mm\)$/],
  ])('DB-08: %s', (_, overrides, message) => {
    const { platform } = platformStack();
    expect(() => database(platform, overrides)).toThrow(message);
  });

  test('every bad prop is named in one error, before anything is built', () => {
    const { stack, platform } = platformStack();
    expect(() => database(platform, {
      removalPolicy: RemovalPolicy.DESTROY,
      preferredBackupWindow: '17:30-18:00',
      instanceType: new ec2.InstanceType('db.z1d.large'),
    })).toThrow(new RegExp([
      '^Shared/Database: 3 problems:',
      '- removalPolicy "DESTROY" would delete the database with the stack; use SNAPSHOT or RETAIN \\(DB-03, DR-06\\)',
      '- preferredBackupWindow "17:30-18:00" overlaps preferredMaintenanceWindow "sat:17:00-sat:19:00"; RDS requires them apart \\(DB-08\\)',
      '- maxConnections undefined must be set for instance type db.z1d.large \\(its memory is not in the built-in table\\)$',
    ].join('\n')));
    expect(stack.node.tryFindChild('Database')?.node.children).toEqual([]);
  });
});
