import { CfnResource } from 'aws-cdk-lib';
import { appResources, matchesOrUnresolved, referrers } from '../references';
import { propertiesOf } from '../template';

/** The Application Auto Scaling targets of the app that scale `resource` (an ECS service, a DynamoDB table). */
export function scalableTargetsOf(resource: CfnResource): CfnResource[] {
  const nameProperty = resource.cfnResourceType === 'AWS::ECS::Service' ? 'ServiceName' : 'TableName';
  const physicalName = propertiesOf(resource)[nameProperty];
  const targets = appResources(resource, 'AWS::ApplicationAutoScaling::ScalableTarget');
  const literal = typeof physicalName === 'string'
    ? targets.filter(target => String(propertiesOf(target).ResourceId).endsWith(`/${physicalName}`))
    : [];
  const found = referrers(resource, targets, 'ResourceId', p => p.ResourceId);
  return matchesOrUnresolved({ ...found, matches: [...new Set([...literal, ...found.matches])] });
}
