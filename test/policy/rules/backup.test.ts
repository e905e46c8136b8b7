import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PlatformEnvironment } from '../../../src';
import { flagged, newStack } from '../../support/policy';

/** A raw PostgreSQL instance: the backup rules only look at how backups select it. */
function database(stack: Stack): rds.CfnDBInstance {
  return new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', allocatedStorage: '100' });
}

function databaseArn(db: rds.CfnDBInstance): string {
  return Stack.of(db).formatArn({ service: 'rds', resource: 'db', resourceName: db.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/** A plan in a CMK-encrypted vault with the given rules, selecting `resources`. */
function plan(stack: Stack, rules: backup.BackupPlanRuleProps[], resources: backup.BackupResource[]): backup.BackupPlan {
  const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'VaultKey') });
  const result = new backup.BackupPlan(stack, 'Plan', { backupVault: vault });
  rules.forEach(rule => result.addRule(new backup.BackupPlanRule(rule)));
  result.addSelection('Data', { resources });
  return result;
}

const daily30: backup.BackupPlanRuleProps = { ruleName: 'Daily', deleteAfter: Duration.days(30), scheduleExpression: backup.BackupPlanRule.daily().props.scheduleExpression };
const continuous: backup.BackupPlanRuleProps = { ruleName: 'Continuous', enableContinuousBackup: true, deleteAfter: Duration.days(35) };

describe('TenantPlatform-BAK1 (DR-02, SRV-03)', () => {
  test('DR-02 SRV-03: a database and a table outside every backup plan are flagged', () => {
    const stack = newStack();
    const db = database(stack);
    const table = new dynamodb.CfnTable(stack, 'Table', { keySchema: [{ attributeName: 'id', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }], billingMode: 'PAY_PER_REQUEST' });
    expect(flagged(stack, 'BAK1')).toEqual([db.node.path, table.node.path]);
  });

  test('DR-02 SRV-03: selection by reference, by tag and by wildcard ARN pass', () => {
    const stack = newStack();
    const db = database(stack);
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    new dynamodb.CfnTable(stack, 'Tagged', {
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      tags: [{ key: 'backup', value: 'daily' }],
    });
    plan(stack, [daily30, continuous], [
      backup.BackupResource.fromArn(databaseArn(db)),
      backup.BackupResource.fromDynamoDbTable(table),
      backup.BackupResource.fromTag('backup', 'daily'),
    ]);
    expect(flagged(stack, 'BAK1')).toEqual([]);
    const wildcard = newStack();
    database(wildcard);
    plan(wildcard, [daily30], [backup.BackupResource.fromArn('arn:aws:rds:*:*:db:*')]);
    expect(flagged(wildcard, 'BAK1')).toEqual([]);
  });
});

describe('TenantPlatform-BAK2 (DR-02)', () => {
  test('DR-02: a vault encrypted with the AWS-managed key is flagged', () => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    expect(flagged(stack, 'BAK2')).toEqual([(vault.node.defaultChild as backup.CfnBackupVault).node.path]);
  });

  test('DR-02: a vault encrypted with a customer-managed key passes', () => {
    const stack = newStack();
    new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'Key') });
    expect(flagged(stack, 'BAK2')).toEqual([]);
  });
});

describe('TenantPlatform-BAK3 (DR-02)', () => {
  test('DR-02: a plan protecting a database with 7-day dailies and no continuous backup gets both findings', () => {
    const stack = newStack();
    const protecting = plan(stack, [{ ...daily30, deleteAfter: Duration.days(7) }], [backup.BackupResource.fromArn(databaseArn(database(stack)))]);
    const path = (protecting.node.defaultChild as backup.CfnBackupPlan).node.path;
    expect(flagged(stack, 'BAK3')).toEqual([`${path}[ContinuousBackup]`, `${path}[Retention]`]);
  });

  test('DR-02: daily 30 days plus continuous backup passes; a plan for other data is not checked', () => {
    const stack = newStack();
    plan(stack, [daily30, continuous], [backup.BackupResource.fromArn(databaseArn(database(stack)))]);
    expect(flagged(stack, 'BAK3')).toEqual([]);
    const appData = newStack();
    plan(appData, [{ ...daily30, deleteAfter: Duration.days(7) }], [backup.BackupResource.fromArn('arn:aws:s3:::tenant-uploads')]);
    expect(flagged(appData, 'BAK3')).toEqual([]);
  });
});

describe('TenantPlatform-BAK4 (DR-03, warning)', () => {
  test('DR-03: a production database without a cross-region copy is a warning', () => {
    const stack = newStack();
    const db = database(stack);
    plan(stack, [daily30, continuous], [backup.BackupResource.fromArn(databaseArn(db))]);
    expect(flagged(stack, 'BAK4')).toEqual([db.node.path]);
  });

  test('DR-03: a copy to a vault in ap-northeast-3 passes; development does not ask for one', () => {
    const stack = newStack();
    const drVault = backup.BackupVault.fromBackupVaultArn(stack, 'DrVault', 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:dr');
    plan(stack, [{ ...daily30, copyActions: [{ destinationBackupVault: drVault, deleteAfter: Duration.days(30) }] }],
      [backup.BackupResource.fromArn(databaseArn(database(stack)))]);
    expect(flagged(stack, 'BAK4')).toEqual([]);
    const dev = newStack();
    database(dev);
    expect(flagged(dev, 'BAK4', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});

describe('TenantPlatform-DNS1 (DR-03, warning)', () => {
  test('DR-03: a PRIMARY failover record without a health check is a warning', () => {
    const stack = newStack();
    const record = new route53.CfnRecordSet(stack, 'Primary', {
      hostedZoneId: 'Z123', name: 'app.example.com', type: 'A', ttl: '60', resourceRecords: ['192.0.2.1'], failover: 'PRIMARY', setIdentifier: 'tokyo',
    });
    expect(flagged(stack, 'DNS1')).toEqual([record.node.path]);
  });

  test('DR-03: a PRIMARY failover record with a health check passes', () => {
    const stack = newStack();
    const check = new route53.CfnHealthCheck(stack, 'Health', { healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: 'app.example.com', resourcePath: '/health' } });
    new route53.CfnRecordSet(stack, 'Primary', {
      hostedZoneId: 'Z123', name: 'app.example.com', type: 'A', ttl: '60', resourceRecords: ['192.0.2.1'], failover: 'PRIMARY', setIdentifier: 'tokyo', healthCheckId: check.attrHealthCheckId,
    });
    expect(flagged(stack, 'DNS1')).toEqual([]);
  });
});
