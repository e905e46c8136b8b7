import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DatabaseRole, databaseRole, isPostgres } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf, stringOf } from '../../template';

/** DB-06: database logs (the PostgreSQL log for PostgreSQL) are exported to CloudWatch Logs. */
export const RdsLogExports: PolicyRule = {
  id: 'RDS10',
  requirements: ['DB-06'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database does not export its logs to CloudWatch Logs (for PostgreSQL: the postgresql log).',
  fix: () => 'Set EnableCloudwatchLogsExports (rds.DatabaseInstance: cloudwatchLogsExports: [\'postgresql\'], with cloudwatchLogsRetention per LOG-01).',
  explanation: 'Slow queries, connection errors and failed logins are only in the database log; exported, they are retained, searchable and forwarded to Datadog.',
  check: node => {
    if (databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE;
    const exports = listOf(propertiesOf(node).EnableCloudwatchLogsExports, 'EnableCloudwatchLogsExports')
      .map(log => stringOf(log, 'EnableCloudwatchLogsExports'));
    const complete = isPostgres(node) ? exports.includes('postgresql') : exports.length > 0;
    return compliantIf(complete);
  },
};
