import { Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { referencedResources } from '../../references';
import { PolicyRule } from '../../rule';
import { injectedSecrets, masterSecretHolders } from '../../secret-access';

/**
 * DB-05: no task receives a database's master password. The master secret is found by how the
 * database uses it: `MasterUserSecret` (RDS managed), a `MasterUserPassword` dynamic reference, or a
 * `SecretTargetAttachment` (aws-cdk-lib's `DatabaseSecret`), across every stack of the app.
 */
export const TaskNoDatabaseMasterSecret: PolicyRule = {
  id: 'ECS15',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The container secret named in brackets (container:NAME) is the master password of a database of the app.',
  fix: () => 'Give the application a database role of its own (SecureTenantService does: IAM authentication as tenant_<id>, or its own secret) ' +
    'and inject only that role\'s credentials; the master secret stays with the database provider and its rotation.',
  explanation: 'The master user can read and write every tenant\'s data and create or drop roles; code execution in one task must not reach ' +
    'other tenants, and rotating the master password must not break running tasks.',
  check: node => {
    const secrets = injectedSecrets(node);
    if (secrets.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const masters = masterSecretHolders(node);
    const findings = secrets.filter(secret => {
      if (typeof secret.valueFrom === 'string') {
        return [...masters.literals].some(id => secret.valueFrom === id || String(secret.valueFrom).startsWith(`${id}:`));
      }
      return referencedResources(Stack.of(node), secret.valueFrom, secret.property).some(r => masters.resources.has(r));
    }).map(secret => secret.finding);
    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  },
};
