import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { protectedFixture } from '../support/dr';

/** Every KMS key the library creates for a platform with a database and a DR plan, with its stack. */
function keys() {
  const { app } = protectedFixture();
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  return stacks.flatMap(stack => Object.entries(Template.fromStack(stack).findResources('AWS::KMS::Key'))
    .map(([id, key]) => ({ id: `${stack.stackName}/${id}`, statements: key.Properties.KeyPolicy.Statement as any[] })));
}

const ACCOUNT = '123456789012';

describe('key policies of the platform, database and backup vault keys', () => {
  const all = keys();

  test('the library creates the platform key, the database key and both vault keys', () => {
    expect(all.map(k => k.id.replace(/[0-9A-F]{8}$/, ''))).toEqual(expect.arrayContaining([
      'Shared/PlatformKey', 'Shared/DatabaseKey', 'Shared/DrVaultKey', 'Shared-Dr-ap-northeast-3/CopyVaultKey',
    ]));
  });

  test.each(all.map(k => [k.id, k]))('%s: every service principal is held to this account by aws:SourceAccount/aws:SourceArn or an encryption context', (_, key) => {
    const services = key.statements.filter(s => s.Effect === 'Allow' && s.Principal?.Service);
    for (const statement of services) {
      const conditionKeys = Object.values(statement.Condition ?? {}).flatMap(c => Object.keys(c as object));
      expect({ sid: statement.Sid, conditionKeys }).toEqual({ sid: statement.Sid, conditionKeys: expect.arrayContaining([expect.stringMatching(/^(aws:SourceAccount|aws:SourceArn|kms:EncryptionContext:.+)$/)]) });
      const values = JSON.stringify(statement.Condition);
      expect(values).toContain(ACCOUNT);
    }
  });

  test.each(all.map(k => [k.id, k]))('%s: kms:CreateGrant is denied unless the grant is for an AWS resource or by an AWS service (Control Tower CT.KMS.PR.3)', (_, key) => {
    expect(key.statements).toContainEqual({
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test('DB-05: the allows through Secrets Manager on the database key hold to this account, and CreateGrant only for AWS resources', () => {
    const databaseKey = all.find(k => k.id.startsWith('Shared/DatabaseKey'))!;
    const viaSecretsManager = databaseKey.statements.filter(s => s.Effect === 'Allow' && JSON.stringify(s.Condition ?? {}).includes('secretsmanager.'));
    // aws-cdk-lib's Secret writes two allows for the account root: the cryptographic operations, and CreateGrant with DescribeKey.
    expect(viaSecretsManager.filter(s => s.Principal.AWS['Fn::Join']).map(s => s.Action)).toEqual([
      ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], 'kms:DescribeKey', 'kms:CreateGrant',
    ]);
    const account = { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT };
    for (const statement of viaSecretsManager) {
      const grant = [statement.Action].flat().includes('kms:CreateGrant');
      expect({ action: statement.Action, condition: statement.Condition }).toEqual({
        action: statement.Action,
        condition: grant ? { StringEquals: account, Bool: { 'kms:GrantIsForAWSResource': 'true' } } : { StringEquals: account },
      });
    }
    expect(viaSecretsManager.filter(s => [s.Action].flat().includes('kms:CreateGrant'))).toHaveLength(1);
  });

  test('alarm publishers reach only this account\'s topics; CloudWatch also only from this account\'s alarms', () => {
    const platformKey = all.find(k => k.id.startsWith('Shared/PlatformKey'))!;
    const topicArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sns:ap-northeast-1:${ACCOUNT}:*`]] };
    expect(platformKey.statements.find(s => s.Sid === 'CloudWatchAlarmsToEncryptedTopics')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:ap-northeast-1:${ACCOUNT}:alarm:*`]] },
          'kms:EncryptionContext:aws:sns:topicArn': topicArn,
        },
      },
    });
    expect(platformKey.statements.find(s => s.Sid === 'AlarmPublishersToEncryptedTopics')).toMatchObject({
      Principal: { Service: ['events.amazonaws.com', 'budgets.amazonaws.com', 'backup.amazonaws.com'] },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
    });
  });
});
