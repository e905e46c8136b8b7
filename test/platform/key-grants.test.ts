import { Template } from 'aws-cdk-lib/assertions';
import { protectedFixture } from '../support/dr';

test('DB-03, LOG-02: every key the library creates lets only AWS resources hold grants on it (Control Tower CT.KMS.PR.3)', () => {
  const { stack, dr } = protectedFixture();
  const keys = [Template.fromStack(stack), Template.fromStack(dr.copyRegionStack!)]
    .flatMap(t => Object.entries(t.findResources('AWS::KMS::Key')));
  // The platform key, the database key, the DR vault key and the copy vault key.
  expect(keys).toHaveLength(4);
  for (const [logicalId, key] of keys) {
    expect({ logicalId, statement: key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'GrantsOnlyForAwsResources') }).toEqual({
      logicalId,
      statement: {
        Sid: 'GrantsOnlyForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      },
    });
  }
});
