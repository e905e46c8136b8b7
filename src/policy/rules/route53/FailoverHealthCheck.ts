import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, listOf, propertiesOf, stringOf } from '../../template';

/** DR-03: primary failover records carry a health check, so Route 53 can fail over. */
export const FailoverHealthCheck: PolicyRule = {
  id: 'DNS1',
  requirements: ['DR-03'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup'],
  cause: () => 'A PRIMARY failover record has neither a health check nor an alias that evaluates target health, so Route 53 never fails over.',
  fix: () => 'Give the PRIMARY record a HealthCheckId (route53.CfnHealthCheck on /health) or an alias target with EvaluateTargetHealth true.',
  explanation: 'Region failover (recovery level R3) depends on DNS noticing that the primary is down.',
  check: node => {
    const props = propertiesOf(node);
    const records = node.cfnResourceType === 'AWS::Route53::RecordSetGroup' ? listOf(props.RecordSets, 'RecordSets') : [props];
    const primaries = records.filter(record => stringOf(record?.Failover, 'Failover') === 'PRIMARY');
    if (primaries.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const watched = primaries.every(record => record.HealthCheckId !== undefined
      || booleanOf(record.AliasTarget?.EvaluateTargetHealth, 'AliasTarget.EvaluateTargetHealth'));
    return compliantIf(watched);
  },
};
