import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources } from '../../references';
import { backupPlanOf, backupRulesOf, backupSelectionsOf } from '../../resources/backup';
import { ownsData } from '../../resources/database';
import { compliantIf, PolicyRule, UnresolvedValue } from '../../rule';
import { listOf, propertiesOf, stringOf } from '../../template';

/** DR-03: a production database can be recovered in another region (backup copy or read replica). */
export const DatabaseCrossRegionRecovery: PolicyRule = {
  id: 'BAK4',
  requirements: ['DR-03'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database has no copy in another region: no backup rule copies its recovery points to a vault in another region, and no read replica of it runs in another region.',
  fix: () => 'Add a cross-region copy to its backup rule (backup.BackupPlanRule: copyActions: [{ destinationBackupVault: vaultInDrRegion, moveToColdStorageAfter... }]) or a cross-region read replica.',
  explanation: 'A region failure (recovery level R3, 2–4 h) can only be recovered from data that already lives in another region.',
  check: (node, t) => {
    if (!t.requireCrossRegionRecovery || !ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const region = Stack.of(node).region;
    const copied = backupSelectionsOf(node).map(backupPlanOf).flatMap(backupRulesOf)
      .flatMap(rule => listOf(rule?.CopyActions, 'BackupPlanRule.CopyActions'))
      .some(copy => isOtherRegion(stringOf(copy?.DestinationBackupVaultArn, 'CopyActions.DestinationBackupVaultArn'), region));
    return compliantIf(copied || hasRemoteReplica(node));
  },
};

/** Whether an ARN names a region other than `region` (the region of the database's stack). */
function isOtherRegion(arn: string | undefined, region: string): boolean {
  const arnRegion = arn?.split(':')[3];
  if (!arnRegion) return false;
  if (Token.isUnresolved(region)) throw new UnresolvedValue('StackRegion', region);
  return arnRegion !== region;
}

/** Whether a DB instance of the app in another region replicates `database` (named by its ARN). */
function hasRemoteReplica(database: CfnResource): boolean {
  const name = stringOf(propertiesOf(database).DBInstanceIdentifier ?? propertiesOf(database).DBClusterIdentifier, 'DBInstanceIdentifier');
  if (name === undefined) return false;
  return appResources(database, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster').some(replica => {
    const source = propertiesOf(replica).SourceDBInstanceIdentifier ?? propertiesOf(replica).SourceDBClusterIdentifier;
    return typeof source === 'string' && source.endsWith(`:${name}`) && Stack.of(replica).region !== Stack.of(database).region;
  });
}
