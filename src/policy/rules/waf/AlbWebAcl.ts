import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isInternetFacing } from '../../resources/load-balancers';
import { webAclAssociated } from '../../resources/waf';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-03: every internet-facing Application Load Balancer has a WAF web ACL. */
export const AlbWebAcl: PolicyRule = {
  id: 'WAF1',
  requirements: ['EDGE-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  cause: () => 'The internet-facing Application Load Balancer has no WAF web ACL associated.',
  fix: () => 'Associate a WAFv2 web ACL (new wafv2.CfnWebACLAssociation(this, \'Waf\', { resourceArn: alb.loadBalancerArn, webAclArn: acl.attrArn })).',
  explanation: 'The web ACL blocks common exploits, SQL injection, known bad inputs and floods before they reach any tenant.',
  check: node => {
    if (!isInternetFacing(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(webAclAssociated(node));
  },
};
