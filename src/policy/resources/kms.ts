import { Stack } from 'aws-cdk-lib';
import { referencedResources } from '../references';
import { UnresolvedValue } from '../rule';

/**
 * Whether `keyId` (a resolved property of a resource in `stack`) designates a customer-managed KMS
 * key: a key of the app, or the ARN or id of a key that is not an AWS-managed alias (`alias/aws/...`).
 * An absent key means the AWS-managed default.
 */
export function isCustomerManagedKey(stack: Stack, keyId: unknown, property: string): boolean {
  if (keyId === undefined) return false;
  if (JSON.stringify(keyId).includes('alias/aws/')) return false;
  if (typeof keyId === 'string') return true;
  const targets = referencedResources(stack, keyId, property);
  if (targets.some(r => r.cfnResourceType === 'AWS::KMS::Key' || r.cfnResourceType === 'AWS::KMS::ReplicaKey')) return true;
  if (targets.some(r => r.cfnResourceType === 'AWS::KMS::Alias')) return true;
  throw new UnresolvedValue(property, keyId);
}
