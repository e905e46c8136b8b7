import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { numberOf, propertiesOf } from '../../template';

/** DB-06: enhanced monitoring is on for every instance. */
export const RdsEnhancedMonitoring: PolicyRule = {
  id: 'RDS9',
  requirements: ['DB-06'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance'],
  cause: () => 'The RDS instance has enhanced monitoring off (MonitoringInterval 0).',
  fix: () => 'Set MonitoringInterval to 60 seconds or less with a monitoring role (rds.DatabaseInstance: monitoringInterval: Duration.seconds(60)).',
  explanation: 'Enhanced monitoring reports OS-level metrics (memory, swap, processes) that CloudWatch\'s hypervisor metrics cannot see.',
  check: (node, t) => {
    if (!t.requirePerformanceInsights) return NagRuleCompliance.NOT_APPLICABLE;
    const interval = numberOf(propertiesOf(node).MonitoringInterval, 'MonitoringInterval') ?? 0;
    return compliantIf(interval > 0);
  },
};
