import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf } from '../../template';

/** EDGE-03, SRV-02: every CloudFront distribution has a WAF web ACL. */
export const CloudFrontWebAcl: PolicyRule = {
  id: 'WAF3',
  requirements: ['EDGE-03', 'SRV-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudFront::Distribution'],
  cause: () => 'The CloudFront distribution has no WAF web ACL.',
  fix: () => 'Set WebACLId to a CLOUDFRONT-scope WAFv2 web ACL created in us-east-1 (cloudfront.Distribution: webAclId: acl.attrArn).',
  explanation: 'The distribution is the internet-facing entry point of the static site and needs the same WAF protection as the load balancer.',
  check: node => compliantIf(propertiesOf(node).DistributionConfig?.WebACLId),
};
