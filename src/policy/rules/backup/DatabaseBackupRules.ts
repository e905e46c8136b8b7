import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources } from '../../references';
import { backupPlanOf, backupRulesOf, backupSelectionsOf } from '../../resources/backup';
import { ownsData } from '../../resources/database';
import { PolicyRule } from '../../rule';
import { booleanOf, numberOf } from '../../template';

/** Findings: the plan has no continuous-backup rule, or keeps no recovery point long enough. */
const CONTINUOUS_BACKUP = 'ContinuousBackup';
const RETENTION = 'Retention';

/** DR-02: a backup plan that protects an RDS database backs it up continuously and keeps recovery points long enough. */
export const DatabaseBackupRules: PolicyRule = {
  id: 'BAK3',
  requirements: ['DR-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Backup::BackupPlan'],
  cause: t => `The backup plan protects an RDS database but lacks what is named in brackets: a continuous-backup rule (point-in-time recovery) or a rule keeping recovery points at least ${t.minBackupRetentionDays} days.`,
  fix: t => `Add rules for databases: daily with deleteAfter ${t.minBackupRetentionDays} days, and continuous (backup.BackupPlanRule: enableContinuousBackup: true, deleteAfter up to 35 days).`,
  explanation: 'Database backups are daily copies kept 30 days plus continuous backup for a 5-minute RPO.',
  check: (node, t) => {
    if (!protectsDatabase(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const rules = backupRulesOf(node);
    const findings: string[] = [];
    if (!rules.some(rule => booleanOf(rule?.EnableContinuousBackup, 'BackupPlanRule.EnableContinuousBackup'))) findings.push(CONTINUOUS_BACKUP);
    const keeps = rules.some(rule => {
      const days = numberOf(rule?.Lifecycle?.DeleteAfterDays, 'BackupPlanRule.Lifecycle.DeleteAfterDays');
      return days === undefined || days >= t.minBackupRetentionDays; // no lifecycle: kept until deleted
    });
    if (!keeps) findings.push(RETENTION);
    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  },
};

function protectsDatabase(plan: CfnResource): boolean {
  return appResources(plan, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster')
    .filter(ownsData)
    .some(database => backupSelectionsOf(database).some(selection => backupPlanOf(selection) === plan));
}
