import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isApplicationLoadBalancer, loadBalancerAttribute, loadBalancerAttributeValue } from '../../resources/load-balancers';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-02: the load balancer writes access logs to S3. */
export const AlbAccessLogs: PolicyRule = {
  id: 'ELB5',
  requirements: ['EDGE-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  cause: () => 'The Application Load Balancer does not write access logs.',
  fix: () => 'Enable access logs to an encrypted, SSL-only bucket (alb.logAccessLogs(bucket, prefix)); keep them 90 days (LOG-01).',
  explanation: 'Access logs are the record of every request per tenant: needed for incident analysis, abuse investigation and the 90-day access-log retention of LOG-01.',
  check: node => {
    if (!isApplicationLoadBalancer(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const enabled = loadBalancerAttribute(node, 'access_logs.s3.enabled') === 'true';
    return compliantIf(enabled && loadBalancerAttributeValue(node, 'access_logs.s3.bucket') !== undefined);
  },
};
