import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { scalableTargetsOf } from '../../resources/autoscaling';
import { compliantIf, PolicyRule } from '../../rule';
import { numberOf, propertiesOf } from '../../template';

/** ECS-02: the service has an auto scaling target whose minimum is at least the profile's floor. */
export const ServiceAutoScaling: PolicyRule = {
  id: 'ECS4',
  requirements: ['ECS-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: t => `The ECS service has no auto scaling target, or its minimum capacity is below ${t.minServiceCapacity} tasks.`,
  fix: t => `Add auto scaling with at least ${t.minServiceCapacity} tasks (service.autoScaleTaskCount({ minCapacity: ${t.minServiceCapacity}, maxCapacity: 10 })).`,
  explanation: 'Two tasks at rest survive the loss of one task or one zone; auto scaling absorbs a tenant\'s peak.',
  check: (node, t) => {
    const targets = scalableTargetsOf(node);
    if (targets.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const enough = targets.every(target => (numberOf(propertiesOf(target).MinCapacity, 'MinCapacity') ?? 0) >= t.minServiceCapacity);
    return compliantIf(enough);
  },
};
