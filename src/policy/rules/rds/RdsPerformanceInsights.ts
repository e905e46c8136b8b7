import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-06: Performance Insights is on for every instance. */
export const RdsPerformanceInsights: PolicyRule = {
  id: 'RDS8',
  requirements: ['DB-06'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance'],
  cause: () => 'The RDS instance has Performance Insights off.',
  fix: () => 'Set EnablePerformanceInsights to true (rds.DatabaseInstance: enablePerformanceInsights: true, encrypted with the database key).',
  explanation: 'Performance Insights shows which queries load the database, the first thing the CPU and connection alarms send an operator to.',
  check: (node, t) => {
    if (!t.requirePerformanceInsights) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(booleanOf(propertiesOf(node).EnablePerformanceInsights, 'EnablePerformanceInsights'));
  },
};
