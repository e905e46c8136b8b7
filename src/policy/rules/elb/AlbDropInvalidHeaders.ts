import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer, loadBalancerAttribute } from '../../resources/load-balancers';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-02: the load balancer drops requests with invalid header fields. */
export const AlbDropInvalidHeaders: PolicyRule = {
  id: 'ELB3',
  requirements: ['EDGE-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  cause: () => 'The Application Load Balancer passes on HTTP headers with invalid names.',
  fix: () => 'Set the attribute routing.http.drop_invalid_header_fields.enabled to true (elbv2.ApplicationLoadBalancer: dropInvalidHeaderFields: true).',
  explanation: 'Invalid header names are a request-smuggling vector; the load balancer should drop them before they reach tenant services.',
  check: node => {
    if (!isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(loadBalancerAttribute(node, 'routing.http.drop_invalid_header_fields.enabled') === 'true');
  },
};
