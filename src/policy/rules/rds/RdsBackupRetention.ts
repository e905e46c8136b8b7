import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ownsData } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { numberOf, propertiesOf } from '../../template';

/** What RDS keeps when `BackupRetentionPeriod` is not set. */
const RDS_DEFAULT_BACKUP_RETENTION_DAYS = 1;

/** DB-04: automated backups (and with them point-in-time recovery) are kept at least the profile's minimum. */
export const RdsBackupRetention: PolicyRule = {
  id: 'RDS4',
  requirements: ['DB-04'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: t => `The database keeps automated backups for fewer than ${t.minBackupRetentionDays} days (point-in-time recovery reaches back only as far).`,
  fix: t => `Set BackupRetentionPeriod to ${t.minBackupRetentionDays} or more (rds.DatabaseInstance: backupRetention: Duration.days(${t.minBackupRetentionDays})).`,
  explanation: 'Automated backups give point-in-time recovery with an RPO of 5 minutes; the retention decides how far back a corruption can be undone.',
  check: (node, t) => {
    if (!ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const days = numberOf(propertiesOf(node).BackupRetentionPeriod, 'BackupRetentionPeriod') ?? RDS_DEFAULT_BACKUP_RETENTION_DAYS;
    return compliantIf(days >= t.minBackupRetentionDays);
  },
};
