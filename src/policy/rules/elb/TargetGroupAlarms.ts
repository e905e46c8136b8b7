import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { requireAlarms } from '../../resources/alarms';
import { PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** The target group metrics MON-01 requires an alarm on: 5XX count, healthy hosts, latency (P99). */
const REQUIRED_METRICS = ['HTTPCode_Target_5XX_Count', 'HealthyHostCount', 'TargetResponseTime'];

/** MON-01: alarms watch each HTTP target group's 5XX errors, healthy hosts and response time. */
export const TargetGroupAlarms: PolicyRule = {
  id: 'ELB6',
  requirements: ['MON-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  cause: () => `No CloudWatch alarm watches the metric named in brackets (AWS/ApplicationELB, TargetGroup) of the target group; MON-01 requires alarms on ${REQUIRED_METRICS.join(', ')}.`,
  fix: () => 'Add the missing alarms with actions: 5XX ≥ 10/min, healthy hosts < 2 (critical), P99 TargetResponseTime warn 500 / crit 1000 ms (targetGroup.metrics.httpCodeTarget(...).createAlarm(...)).',
  explanation: 'These are the symptoms tenants feel first: errors, lost capacity and slowness of their own service.',
  check: node => {
    const props = propertiesOf(node);
    const protocol = stringOf(props.Protocol, 'Protocol');
    const http = protocol === 'HTTP' || protocol === 'HTTPS';
    if (!http || stringOf(props.TargetType, 'TargetType') === 'lambda') return NagRuleCompliance.NOT_APPLICABLE;
    return requireAlarms(node, { namespace: 'AWS/ApplicationELB', dimension: 'TargetGroup' }, REQUIRED_METRICS);
  },
};
