import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { backupSelectionsOf } from '../../resources/backup';
import { ownsData } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';

/** DR-02, SRV-03: every database and DynamoDB table is selected by an AWS Backup plan. */
export const DataInBackupPlan: PolicyRule = {
  id: 'BAK1',
  requirements: ['DR-02', 'SRV-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  cause: () => 'No AWS Backup selection of the app selects this database or table (by reference, wildcard ARN or tag).',
  fix: () => 'Add it to a backup plan (plan.addSelection(\'Data\', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] }) or fromDynamoDbTable(table)).',
  explanation: 'AWS Backup keeps copies outside the database\'s own lifecycle (daily 30 days + continuous), in a CMK-encrypted vault that can be copied to another region.',
  check: node => {
    if (node.cfnResourceType.startsWith('AWS::RDS::') && !ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(backupSelectionsOf(node).length > 0);
  },
};
