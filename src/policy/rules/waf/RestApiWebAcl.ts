import { NagMessageLevel } from 'cdk-nag';
import { webAclAssociated } from '../../resources/waf';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-03: every REST API stage has a WAF web ACL (HTTP APIs cannot have one; put CloudFront with WAF in front). */
export const RestApiWebAcl: PolicyRule = {
  id: 'WAF2',
  requirements: ['EDGE-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ApiGateway::Stage'],
  cause: () => 'The API Gateway REST API stage has no WAF web ACL associated.',
  fix: () => 'Associate a regional WAFv2 web ACL with the stage (new wafv2.CfnWebACLAssociation(this, \'Waf\', { resourceArn: api.deploymentStage.stageArn, webAclArn: acl.attrArn })).',
  explanation: 'A public API is an internet-facing entry point like the load balancer and needs the same WAF protection.',
  check: node => compliantIf(webAclAssociated(node)),
};
