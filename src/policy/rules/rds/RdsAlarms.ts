import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { requireAlarms } from '../../resources/alarms';
import { DatabaseRole, databaseRole } from '../../resources/database';
import { PolicyRule } from '../../rule';

/** The metrics DB-06 requires an alarm on. */
const REQUIRED_METRICS = ['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'ReadLatency', 'WriteLatency'];

/** DB-06: CloudWatch alarms watch the instance's CPU, connections, free storage and latency. */
export const RdsAlarms: PolicyRule = {
  id: 'RDS11',
  requirements: ['DB-06'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance'],
  cause: () => `No CloudWatch alarm watches the metric named in brackets (AWS/RDS, DBInstanceIdentifier) of the RDS instance; DB-06 requires alarms on ${REQUIRED_METRICS.join(', ')}.`,
  fix: () => 'Add the missing alarms with actions (CPU warn 70 / crit 85 %, connections warn 80 / crit 90 % of max, free storage, read/write latency), e.g. instance.metricCPUUtilization().createAlarm(...).',
  explanation: 'The database is shared by every tenant; its saturation must page someone before tenants notice.',
  check: node => {
    if (databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE;
    return requireAlarms(node, { namespace: 'AWS/RDS', dimension: 'DBInstanceIdentifier', nameProperty: 'DBInstanceIdentifier' }, REQUIRED_METRICS);
  },
};
