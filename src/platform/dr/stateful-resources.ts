import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';

const KEEPS_DATA: ReadonlySet<CfnDeletionPolicy> = new Set([
  CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.SNAPSHOT, CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE,
]);

/**
 * Why a stack change would destroy `resource` (DR-06), or `undefined` when it cannot: CloudFormation
 * deletes a resource whose DeletionPolicy (removed from the stack) or UpdateReplacePolicy (replaced
 * by an update) is Delete or absent.
 */
export function destroyedByStackChange(resource: CfnResource): string | undefined {
  const { deletionPolicy, updateReplacePolicy } = resource.cfnOptions;
  const problems: string[] = [];
  if (!deletionPolicy || !KEEPS_DATA.has(deletionPolicy)) {
    problems.push(`DeletionPolicy ${deletionPolicy ?? 'Delete (the default)'} deletes it when it leaves the stack`);
  }
  if (!updateReplacePolicy || !KEEPS_DATA.has(updateReplacePolicy)) {
    problems.push(`UpdateReplacePolicy ${updateReplacePolicy ?? 'Delete (the default)'} deletes it when an update replaces it`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
