import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, referrers } from '../../references';
import { scalableTargetsOf } from '../../resources/autoscaling';
import { PolicyRule } from '../../rule';

/** ECS-02: the service's scaling target has a scaling policy (CPU 70 %, memory 85 % by default). */
export const ServiceScalingPolicy: PolicyRule = {
  id: 'ECS5',
  requirements: ['ECS-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => 'The ECS service has an auto scaling target but no scaling policy, so it never scales.',
  fix: () => 'Add target-tracking policies (scaling.scaleOnCpuUtilization(\'Cpu\', { targetUtilizationPercent: 70 }); scaling.scaleOnMemoryUtilization(\'Memory\', { targetUtilizationPercent: 85 })).',
  explanation: 'A scaling target without a policy pins the service at its minimum; load spikes then become errors.',
  check: node => {
    const targets = scalableTargetsOf(node);
    if (targets.length === 0) return NagRuleCompliance.NOT_APPLICABLE; // ECS4 reports the missing target
    const policies = appResources(node, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    const found = targets.map(target => referrers(target, policies, 'ScalingTargetId', p => p.ScalingTargetId));
    if (found.some(f => f.matches.length > 0)) return NagRuleCompliance.COMPLIANT;
    const unresolved = found.find(f => f.unresolved)?.unresolved;
    if (unresolved) throw unresolved;
    return NagRuleCompliance.NON_COMPLIANT;
  },
};
