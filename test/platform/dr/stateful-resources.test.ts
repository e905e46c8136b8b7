import { CfnDeletionPolicy, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as rds from 'aws-cdk-lib/aws-rds';
import { drFixture, protectedFixture, SEED_OBJECTIVES, synthError, versionedBucket } from '../../support/dr';

test('DR-06: the vaults and their keys are retained and the vaults refuse to delete recovery points', () => {
  const { stack, dr } = protectedFixture();
  for (const template of [Template.fromStack(stack), Template.fromStack(dr.copyRegionStack!)]) {
    const vaults = Object.values(template.findResources('AWS::Backup::BackupVault'));
    expect(vaults).toHaveLength(1);
    for (const vault of vaults) {
      expect(vault).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(vault.Properties.AccessPolicy.Statement).toEqual([expect.objectContaining({
        Effect: 'Deny', Principal: { AWS: '*' }, Action: expect.arrayContaining(['backup:DeleteRecoveryPoint']),
      })]);
      const keyId = vault.Properties.EncryptionKeyArn['Fn::GetAtt'][0];
      expect(template.toJSON().Resources[keyId]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  }
});

test('DR-06: a protected bucket with RemovalPolicy.DESTROY fails at synth', () => {
  const { app, stack, dr } = drFixture();
  dr.protectBucket(versionedBucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY }), SEED_OBJECTIVES.applicationData);
  expect(synthError(app)).toContain('[Shared/Dr] S3 bucket Shared/Scratch (Shared/Scratch) could be destroyed by a stack change: ' +
    'DeletionPolicy Delete deletes it when it leaves the stack; UpdateReplacePolicy Delete deletes it when an update replaces it. ' +
    'Use RemovalPolicy.RETAIN (or SNAPSHOT for a database), never DESTROY, on protected resources (DR-06).');
});

test('DR-06: a protected database switched to DESTROY after construction fails at synth', () => {
  const { app, dr, db } = drFixture();
  dr.protectDatabase(db, SEED_OBJECTIVES.database);
  db.instance.applyRemovalPolicy(RemovalPolicy.DESTROY);
  expect(synthError(app)).toContain('RDS instance shared-database (Shared/Database) could be destroyed by a stack change');
});

test('DR-06: a resource retained on delete but deleted when an update replaces it fails at synth', () => {
  const { app, dr, db } = drFixture();
  dr.protectDatabase(db, SEED_OBJECTIVES.database);
  (db.instance.node.defaultChild as rds.CfnDBInstance).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
  const error = synthError(app);
  expect(error).toContain('UpdateReplacePolicy Delete deletes it when an update replaces it');
  expect(error).not.toContain('DeletionPolicy Delete');
});
