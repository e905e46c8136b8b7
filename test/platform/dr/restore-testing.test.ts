import { CfnElement, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { drFixture, protectedFixture } from '../../support/dr';

describe('the monthly restore test and the failed-job alerts of a production DrPlan', () => {
  const { stack, uploads } = protectedFixture();
  const template = Template.fromStack(stack);
  const id = (type: string, props: object) => Object.keys(template.findResources(type, props))[0];
  const vault = id('AWS::Backup::BackupVault', {});
  const plan = id('AWS::Backup::RestoreTestingPlan', {});
  const criticalTopic = id('AWS::SNS::Topic', { Properties: { DisplayName: 'Shared critical alarms' } });

  test('DR-04: a restore testing plan restores the latest recovery point of the vault on the first Monday of every month', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'Shared_Dr_Monthly',
      ScheduleExpression: 'cron(0 1 ? * MON#1 *)',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [vault, 'BackupVaultArn'] }],
        RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'],
      },
    });
  });

  test('DR-04: one selection per resource type, each with a validation window', () => {
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    const subnetGroup = id('AWS::RDS::DBSubnetGroup', { Properties: { DBSubnetGroupDescription: Match.stringLikeRegexp('restore-tested') } });
    const securityGroup = id('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('restore-tested databases, no ingress') } });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreTestingPlanName: 'Shared_Dr_Monthly',
      ProtectedResourceType: 'RDS',
      ProtectedResourceArns: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rds:ap-northeast-1:123456789012:db:')])] }],
      ValidationWindowHours: 4,
      // Into the platform's isolated subnets, not a default VPC the account may not have.
      RestoreMetadataOverrides: {
        dbsubnetgroupname: { Ref: subnetGroup },
        vpcsecuritygroupids: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': [securityGroup, 'GroupId'] }, '"]']] },
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('restore-tested databases'),
      SecurityGroupIngress: Match.absent(),
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'S3',
      ProtectedResourceArns: [{ 'Fn::GetAtt': [stack.getLogicalId(uploads.node.defaultChild as CfnElement), 'Arn'] }],
      ValidationWindowHours: 4,
    });
  });

  test('DR-04: failed backup, copy and restore-test jobs page the critical topic with a runbook link', () => {
    const target = (anchor: string) => [Match.objectLike({
      Arn: { Ref: criticalTopic },
      RoleArn: Match.anyValue(),
      InputTransformer: { InputPathsMap: Match.anyValue(), InputTemplate: Match.stringLikeRegexp(`runbooks/en/Shared.md#${anchor}`) },
    })];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Backup Job State Change'], 'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: ['Shared-Dr'] } },
      Targets: target('dr-backup-job-failed'),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Copy Job State Change'], 'detail': { state: ['FAILED'], sourceBackupVaultArn: [{ 'Fn::GetAtt': [vault, 'BackupVaultArn'] }] } },
      Targets: target('dr-copy-job-failed'),
    });
    const planArn = { 'Fn::GetAtt': [plan, 'RestoreTestingPlanArn'] };
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'detail-type': ['Restore Job State Change'],
        'detail': { status: ['FAILED'], $or: [{ restoreTestingPlanArn: [planArn] }, { createdBy: { restoreTestingPlanArn: [planArn] } }] },
      },
      Targets: target('dr-restore-test-failed'),
    });
  });

  test('DR-04: the alert role may publish to the critical topic and use its key, nothing else', () => {
    const role = id('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('publishes failed AWS Backup jobs') } });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
    const statements = Object.values(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(new Set(statements.flatMap(s => [s.Action].flat()))).toEqual(new Set(['sns:Publish', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*']));
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
  });

  test('DR-04: the alert message is a chat-ready custom notification naming the failed job', () => {
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { 'detail-type': ['Backup Job State Change'] } } });
    const inputTemplate: string = Object.values(rules)[0].Properties.Targets[0].InputTransformer.InputTemplate;
    expect(inputTemplate).toContain('"version":"1.0","source":"custom"');
    expect(inputTemplate).toContain('"title":"CRITICAL [DR-04] AWS Backup job failed in vault Shared-Dr"');
    expect(inputTemplate).toContain('aws backup describe-backup-job --backup-job-id <detail-backupJobId>');
  });
});

test('DR-04: a restore test validation window over 168 hours fails at synth', () => {
  expect(() => drFixture({ dr: { restoreTestValidationWindow: Duration.hours(200) } }))
    .toThrow('Shared/Dr: restoreTestValidationWindow 8 days 8 hours is above 7 days, the ceiling AWS Backup restore testing allows');
});
