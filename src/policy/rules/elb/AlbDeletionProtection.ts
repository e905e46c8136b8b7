import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer, loadBalancerAttribute } from '../../resources/load-balancers';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-02: the load balancer has deletion protection. */
export const AlbDeletionProtection: PolicyRule = {
  id: 'ELB4',
  requirements: ['EDGE-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  cause: () => 'The Application Load Balancer has deletion protection off.',
  fix: () => 'Set the attribute deletion_protection.enabled to true (elbv2.ApplicationLoadBalancer: deletionProtection: true).',
  explanation: 'Deleting the load balancer takes every tenant offline and changes its DNS name; it must not happen by accident.',
  check: (node, t) => {
    if (!t.requireDeletionProtection || !isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(loadBalancerAttribute(node, 'deletion_protection.enabled') === 'true');
  },
};
