import { CfnResource } from 'aws-cdk-lib';
import { appResources, designatedResource, refersTo } from '../references';
import { UnresolvedValue } from '../rule';
import { listOf, propertiesOf } from '../template';

/** The ARN service of the resource types AWS Backup protects here. */
const ARN_SERVICE: Record<string, string> = {
  'AWS::RDS::DBInstance': 'rds',
  'AWS::RDS::DBCluster': 'rds',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
};

/**
 * The `AWS::Backup::BackupSelection`s of the app that select `resource`: by reference, by a
 * wildcard ARN of its service, or by one of its tags (`ListOfTags`), unless `NotResources` excludes
 * it. When none selects it but a selection could not be resolved, throws that `UnresolvedValue`.
 */
export function backupSelectionsOf(resource: CfnResource): CfnResource[] {
  const selected: CfnResource[] = [];
  let unresolved: UnresolvedValue | undefined;
  for (const selection of appResources(resource, 'AWS::Backup::BackupSelection')) {
    try {
      if (selects(selection, resource)) selected.push(selection);
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
      unresolved ??= e;
    }
  }
  if (selected.length === 0 && unresolved) throw unresolved;
  return selected;
}

/** The backup plan a selection belongs to. */
export function backupPlanOf(selection: CfnResource): CfnResource {
  return designatedResource(selection, propertiesOf(selection).BackupPlanId, 'BackupPlanId', 'AWS::Backup::BackupPlan');
}

/** The rules (`BackupPlanRule`) of a backup plan, resolved. */
export function backupRulesOf(plan: CfnResource): any[] {
  return listOf(propertiesOf(plan).BackupPlan?.BackupPlanRule, 'BackupPlan.BackupPlanRule');
}

function selects(selection: CfnResource, resource: CfnResource): boolean {
  const spec = propertiesOf(selection).BackupSelection ?? {};
  const mentions = (property: string) => listOf(spec[property], `BackupSelection.${property}`)
    .some(entry => typeof entry === 'string'
      ? isWildcardFor(entry, resource)
      : refersTo(selection, entry, `BackupSelection.${property}`, resource));
  if (mentions('NotResources')) return false;
  return mentions('Resources') || tagSelected(spec, resource);
}

function isWildcardFor(arn: string, resource: CfnResource): boolean {
  return arn === '*' || (arn.endsWith('*') && arn.includes(`:${ARN_SERVICE[resource.cfnResourceType]}:`));
}

function tagSelected(spec: any, resource: CfnResource): boolean {
  const tags = listOf(propertiesOf(resource).Tags, 'Tags');
  return listOf(spec.ListOfTags, 'BackupSelection.ListOfTags').some(condition =>
    condition?.ConditionType === 'STRINGEQUALS' && tags.some(tag => tag?.Key === condition.ConditionKey && tag?.Value === condition.ConditionValue));
}
