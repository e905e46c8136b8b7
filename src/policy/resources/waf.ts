import { CfnResource } from 'aws-cdk-lib';
import { appResources, matchesOrUnresolved, referrers } from '../references';

/** Whether a WAFv2 web ACL association of the app names `resource` (an ALB, a REST API stage...). */
export function webAclAssociated(resource: CfnResource): boolean {
  return matchesOrUnresolved(referrers(resource, appResources(resource, 'AWS::WAFv2::WebACLAssociation'), 'ResourceArn', p => p.ResourceArn)).length > 0;
}
