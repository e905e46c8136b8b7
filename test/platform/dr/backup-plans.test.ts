import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDataClass, DrPlan, PlatformEnvironment } from '../../../src';
import { drFixture, protectedFixture, SEED_OBJECTIVES, versionedBucket } from '../../support/dr';
import { ENV, platformStack, readsParameter, sharedParameter } from '../../support/platform';

const ruleNamed = (name: string, props: object) => Match.objectLike({ RuleName: name, ...props });

describe('a production DrPlan protecting the database and an uploads bucket', () => {
  const { stack, dr } = protectedFixture();
  const template = Template.fromStack(stack);
  const copyStack = dr.copyRegionStack!;
  const copyTemplate = Template.fromStack(copyStack);

  test('DR-02: the vault is encrypted with its own rotated customer-managed key', () => {
    const keys = template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('^Shared-Dr: AWS Backup vault key') } });
    expect(Object.keys(keys)).toHaveLength(1);
    const [keyId, key] = Object.entries(keys)[0];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'Shared-Dr',
      EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  test('DR-02: databases get continuous backup and a daily snapshot kept 30 days in their own plan', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'Shared-Dr-Database',
        BackupPlanRule: [
          ruleNamed('Continuous', { EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 30 }, ScheduleExpression: 'cron(0 18 * * ? *)' }),
          ruleNamed('Daily', { Lifecycle: { DeleteAfterDays: 30 }, ScheduleExpression: 'cron(0 17 * * ? *)' }),
        ],
      },
    });
  });

  test('DR-02: protectDatabase replaces the database\'s baseline backup: one plan, one vault and one selection hold the database', () => {
    const planNames = Object.values(template.findResources('AWS::Backup::BackupPlan')).map(p => p.Properties.BackupPlan.BackupPlanName);
    expect(planNames.sort()).toEqual(['Shared-Dr-ApplicationData', 'Shared-Dr-Database']);
    expect(Object.values(template.findResources('AWS::Backup::BackupVault')).map(v => v.Properties.BackupVaultName)).toEqual(['Shared-Dr']);
    expect(stack.node.tryFindChild('Database')?.node.tryFindChild('Backup')).toBeUndefined();
  });

  test('DR-02: application data is backed up hourly and kept 7 days in its own plan', () => {
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'Shared-Dr-ApplicationData',
        BackupPlanRule: [ruleNamed('Hourly', { Lifecycle: { DeleteAfterDays: 7 }, ScheduleExpression: 'cron(0 * * * ? *)' })],
      },
    });
  });

  test('DR-02: each protected resource is selected into its data class plan with the plan role', () => {
    const plans = template.findResources('AWS::Backup::BackupPlan');
    const planId = (name: string) => Object.entries(plans).find(([, p]) => p.Properties.BackupPlan.BackupPlanName === name)![0];
    const role = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('AWS Backup backs up') } }))[0];
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': [planId('Shared-Dr-Database'), 'BackupPlanId'] },
      BackupSelection: {
        SelectionName: 'Shared-Database',
        IamRoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
        Resources: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rds:ap-northeast-1:123456789012:db:')])] }],
      },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': [planId('Shared-Dr-ApplicationData'), 'BackupPlanId'] },
      BackupSelection: { SelectionName: 'Shared-Uploads', IamRoleArn: { 'Fn::GetAtt': [role, 'Arn'] } },
    });
    template.resourceCountIs('AWS::Backup::BackupSelection', 2);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('AWS Backup backs up'),
      ManagedPolicyArns: ['Backup', 'Restores', 'S3Backup', 'S3Restore'].map(p => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/service-role/AWSBackupServiceRolePolicyFor${p}`]],
      })),
    });
  });

  test('DR-03: daily and hourly recovery points are copied to the named vault in ap-northeast-3 without a cross-region reference', () => {
    const copyVaultArn = 'arn:aws:backup:ap-northeast-3:123456789012:backup-vault:Shared-Dr-Copy';
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([ruleNamed('Daily', { CopyActions: [{ DestinationBackupVaultArn: copyVaultArn, Lifecycle: { DeleteAfterDays: 30 } }] })]) },
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [ruleNamed('Hourly', { CopyActions: [{ DestinationBackupVaultArn: copyVaultArn, Lifecycle: { DeleteAfterDays: 7 } }] })] },
    });
    // Continuous backup is not copied: the daily snapshot is.
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([ruleNamed('Continuous', { CopyActions: Match.absent() })]) },
    });
    expect(copyStack.region).toBe('ap-northeast-3');
    expect(copyStack.account).toBe('123456789012');
    expect(copyStack.stackName).toBe('Shared-Dr-ap-northeast-3');
    copyTemplate.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'Shared-Dr-Copy', EncryptionKeyArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    copyTemplate.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // cdk deploy creates the copy vault before the plan that writes to it, and no export crosses regions.
    expect(stack.dependencies).toContain(copyStack);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/Fn::ImportValue/);
    expect(copyTemplate.toJSON().Outputs ?? {}).toEqual({});
  });

  test('MON-09: the copy vault and its key carry the platform\'s cost allocation tag, so copy storage counts against the platform budget', () => {
    copyTemplate.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultTags: { 'tenant-platform': 'Shared-Platform' } });
    copyTemplate.hasResourceProperties('AWS::KMS::Key', { Tags: [{ Key: 'tenant-platform', Value: 'Shared-Platform' }] });
  });

  test('DR-03: the copy stack is termination-protected in production', () => {
    expect(copyStack.terminationProtection).toBe(true);
  });
});

test('DR-02: a configuration bucket keeps every noncurrent version 90 days and gets no backup plan', () => {
  const { stack, dr } = drFixture();
  const config = versionedBucket(stack, 'Config');
  dr.protectBucket(config, { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::S3::Bucket', {
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: { Rules: [{ Id: 'DrPlanConfigurationVersions', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }] },
  });
  // The DrPlan makes no plan; the one plan is the unprotected database's baseline backup.
  const planNames = Object.values(template.findResources('AWS::Backup::BackupPlan')).map(p => p.Properties.BackupPlan.BackupPlanName);
  expect(planNames).toEqual([expect.stringMatching(/-Baseline-Database$/)]);
  template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 0);
});

test('DR-02: vault lock applies to the vault and the copy vault', () => {
  const lock = { minRetention: Duration.days(7), maxRetention: Duration.days(365) };
  const { stack, dr, db } = drFixture({ dr: { vaultLock: lock } });
  dr.protectDatabase(db, SEED_OBJECTIVES.database);
  const expected = { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 365 } };
  Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', expected);
  Template.fromStack(dr.copyRegionStack!).hasResourceProperties('AWS::Backup::BackupVault', expected);
});

test('DR-02: staging and development use their own retention defaults', () => {
  const { stack, dr, db } = drFixture({ platform: { environment: PlatformEnvironment.STAGING } });
  dr.protectDatabase(db, { rpo: Duration.minutes(5), rto: Duration.hours(4) });
  Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
    BackupPlan: { BackupPlanRule: Match.arrayWith([ruleNamed('Daily', { Lifecycle: { DeleteAfterDays: 7 } })]) },
  });
  expect(dr.copyRegionStack!.terminationProtection).toBe(false);
});

describe('DR-02 bad input fails at synth', () => {
  test('a database backup retention below the production floor', () => {
    expect(() => drFixture({ dr: { databaseBackupRetention: Duration.days(7) } }))
      .toThrow('Shared/Dr: databaseBackupRetention 7 days is below 30 days, the floor of production (DR-02)');
  });

  test('an application-data backup retention below the production floor', () => {
    expect(() => drFixture({ dr: { applicationDataBackupRetention: Duration.days(3) } }))
      .toThrow('Shared/Dr: applicationDataBackupRetention 3 days is below 7 days, the floor of production (DR-02)');
  });

  test('a configuration version retention below the production floor', () => {
    expect(() => drFixture({ dr: { configurationVersionRetention: Duration.days(30) } }))
      .toThrow('Shared/Dr: configurationVersionRetention 30 days is below 90 days, the floor of production (DR-02)');
  });

  test('a configuration bucket whose own lifecycle deletes versions before the retention', () => {
    const { app, stack, dr } = drFixture();
    const config = versionedBucket(stack, 'Config', { lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }] });
    dr.protectBucket(config, { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
    expect(() => app.synth()).toThrow(/S3 bucket Shared\/Config has a lifecycle rule that deletes noncurrent versions after 30 days, before the 90-day configuration version retention \(DR-02\)/);
  });

  test('a vault lock whose minimum retention is longer than a rule keeps recovery points', () => {
    const { app, dr, uploads } = drFixture({ dr: { vaultLock: { minRetention: Duration.days(30) } } });
    dr.protectBucket(uploads, SEED_OBJECTIVES.applicationData);
    expect(() => app.synth()).toThrow(/vaultLock.minRetention 30 days is longer than the 7 days retention of rule Hourly of plan Shared-Dr-ApplicationData/);
  });

  test('an unversioned bucket', () => {
    const { app, stack, dr } = drFixture();
    dr.protectBucket(versionedBucket(stack, 'Plain', { versioned: false }), SEED_OBJECTIVES.applicationData);
    expect(() => app.synth()).toThrow(/S3 bucket Shared\/Plain is not versioned: set versioned: true. AWS Backup for S3 requires versioning/);
  });

  test('an imported bucket', () => {
    const { stack, dr } = drFixture();
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'existing-bucket');
    expect(() => dr.protectBucket(imported, SEED_OBJECTIVES.applicationData))
      .toThrow('Shared/Dr: protectBucket(Shared/Imported): bucket "Shared/Imported" must be an s3.Bucket created in this app');
  });

  test('a resource protected twice', () => {
    const { dr, db } = drFixture();
    dr.protectDatabase(db, SEED_OBJECTIVES.database);
    expect(() => dr.protectDatabase(db, SEED_OBJECTIVES.database)).toThrow('resource "Shared/Database" is already protected by this DrPlan');
  });
});

describe('DR-03 bad input fails at synth', () => {
  test('a copy region equal to the source region', () => {
    expect(() => drFixture({ dr: { copyToRegion: 'ap-northeast-1' } }))
      .toThrow('Shared/Dr: copyToRegion "ap-northeast-1" is the region of stack Shared; copies must go to another region to survive a region failure (DR-03)');
  });

  test('a copy region that is not a region', () => {
    expect(() => drFixture({ dr: { copyToRegion: 'osaka' } })).toThrow('copyToRegion "osaka" must match');
  });

  test('copies from a stack whose region is unknown at synth', () => {
    const { app, platform } = platformStack();
    const stack = new Stack(app, 'Agnostic');
    expect(() => new DrPlan(stack, 'Dr', { platform, copyToRegion: 'ap-northeast-3' }))
      .toThrow('Agnostic/Dr: copyToRegion "ap-northeast-3" needs the region of stack Agnostic to be known at synth; set env on the stack');
  });
});

test('DR-03: a production DrPlan without copies warns that a region failure is not recoverable', () => {
  const { stack } = drFixture({ dr: { copyToRegion: undefined } });
  Annotations.fromStack(stack).hasWarning('/Shared/Dr', Match.stringLikeRegexp('DrPlan has no copyToRegion: backups stay in this region'));
});

test('DR-04: a DrPlan in its own stack pages through the platform\'s published critical topic and key', () => {
  const { app, platform, db } = drFixture();
  const drStack = new Stack(app, 'Dr', { env: ENV });
  const dr = new DrPlan(drStack, 'Plan', { platform, copyToRegion: 'ap-northeast-3' });
  dr.protectDatabase(db, SEED_OBJECTIVES.database);
  const template = Template.fromStack(drStack);
  template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: readsParameter(template, sharedParameter('TopicCriticalArn')) })] });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: readsParameter(template, sharedParameter('KeyArn')) })]) },
  });
  expect(dr.copyRegionStack!.stackName).toBe('Dr-Plan-ap-northeast-3');
});
