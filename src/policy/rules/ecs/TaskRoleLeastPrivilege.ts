import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, designatedResource, matchesOrUnresolved, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** Managed policies that grant (nearly) everything. */
const ADMIN_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess)$/;

/** ECS-05: the task role grants no wildcard actions on all resources. */
export const TaskRoleLeastPrivilege: PolicyRule = {
  id: 'ECS13',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The task role allows every action of a service (or all actions) on every resource, or carries an administrator managed policy.',
  fix: () => 'Grant the task role only the actions it needs on the resources it uses (bucket.grantRead(taskDefinition.taskRole), secret.grantRead(...)) instead of "*".',
  explanation: 'A compromised tenant task must not be able to reach other tenants\' data or change the platform.',
  check: node => {
    const roleArn = propertiesOf(node).TaskRoleArn;
    if (roleArn === undefined) return NagRuleCompliance.COMPLIANT; // no role, no permissions
    const role = designatedResource(node, roleArn, 'TaskRoleArn', 'AWS::IAM::Role');
    const props = propertiesOf(role);
    const managed = listOf(props.ManagedPolicyArns, 'ManagedPolicyArns');
    if (managed.some(arn => ADMIN_POLICIES.test(JSON.stringify(arn).replace(/"/g, '')))) return NagRuleCompliance.NON_COMPLIANT;
    const statements = [
      ...listOf(props.Policies, 'Policies').flatMap(policy => listOf(policy?.PolicyDocument?.Statement, 'Policies.PolicyDocument.Statement')),
      ...attachedPolicies(role).flatMap(policy => listOf(propertiesOf(policy).PolicyDocument?.Statement, 'PolicyDocument.Statement')),
    ];
    return compliantIf(!statements.some(allowsWildcard));
  },
};

function attachedPolicies(role: CfnResource): CfnResource[] {
  const policies = appResources(role, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy');
  return matchesOrUnresolved(referrers(role, policies, 'Roles', p => p.Roles ?? []));
}

function allowsWildcard(statement: any): boolean {
  if (statement?.Effect !== 'Allow') return false;
  const actions = [statement.Action].flat();
  const resources = [statement.Resource].flat();
  return actions.some(action => action === '*' || /^[\w-]+:\*$/.test(String(action))) && resources.includes('*');
}
