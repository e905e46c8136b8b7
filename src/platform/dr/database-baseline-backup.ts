import { Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { backupServiceRole } from './backup-service-role';
import { DrBackupPlans } from './dr-backup-plans';
import { DrVault } from './dr-vault';
import { physicalName } from './physical-name';

/** Props of `DatabaseBaselineBackup`. */
export interface DatabaseBaselineBackupProps {
  readonly instance: rds.DatabaseInstance;
  /** Retention of the daily snapshots; continuous backup keeps the same, at most 35 days. */
  readonly retention: Duration;
  /** UTC hour the daily snapshot is due. */
  readonly dailyBackupHourUtc: number;
}

/**
 * The AWS Backup protection a platform database has while no `DrPlan` protects it (DR-02): the
 * database plan a `DrPlan` would make — continuous backup and a daily snapshot — in a vault of
 * its own, without copies to another region. `DrPlan.protectDatabase` replaces it.
 */
export class DatabaseBaselineBackup extends Construct {
  public constructor(scope: Construct, id: string, props: DatabaseBaselineBackupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const namePrefix = physicalName([stack.stackName, scope.node.id, 'Baseline'], 34, '-');
    const vault = new DrVault(this, 'Vault', { vaultName: physicalName([namePrefix, 'Vault'], 50, '-'), purpose: `baseline backups of ${scope.node.path}` });
    const role = backupServiceRole(this, 'Role', physicalName([namePrefix, 'Role'], 64, '-'),
      `${scope.node.path}: AWS Backup backs up the database until a DrPlan protects it`);
    new DrBackupPlans(this, 'Plans', {
      vault: vault.vault,
      role,
      namePrefix,
      databaseRetention: props.retention,
      applicationDataRetention: props.retention,
      dailyBackupHourUtc: props.dailyBackupHourUtc,
    }).addDatabase(scope.node.path, backup.BackupResource.fromRdsDatabaseInstance(props.instance));
  }
}
