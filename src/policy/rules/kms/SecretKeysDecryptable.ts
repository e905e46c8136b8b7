import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantIf, PolicyRule, UnresolvedValue } from '../../rule';
import { injectedSecrets, roleCanDecrypt, roleOf, secretKeyOf, secretResourceOf } from '../../secret-access';
import { propertiesOf } from '../../template';

/**
 * ECS-05: a task's execution role can decrypt every secret ECS injects for it, and a function's role
 * can decrypt its environment: `kms:Decrypt` on the customer managed key, in the role's own policy
 * or in the key policy, followed through `Ref`, `Fn::GetAtt`, `Fn::ImportValue` and SSM parameters across the app.
 */
export const SecretKeysDecryptable: PolicyRule = {
  id: 'KMS1',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function'],
  cause: () => 'The secret named in brackets (container:NAME) is encrypted with a customer managed key that the task\'s execution role may not use ' +
    '(kms:Decrypt), or the function\'s role may not decrypt its environment key: the task or function would fail to start.',
  fix: () => 'Allow the execution role kms:Decrypt on the secret\'s key through Secrets Manager (condition kms:ViaService = secretsmanager.<region>.amazonaws.com); ' +
    'with SecureTenantService pass the key in secretEncryptionKeys. secret.grantRead adds no KMS statement for an imported key.',
  explanation: 'ECS reads injected secrets with the execution role, which needs kms:Decrypt on a customer managed key whose policy delegates to the ' +
    'account (AWS ECS documentation, "Required IAM permissions for Amazon ECS secrets"); Lambda decrypts a customer-key environment with the function\'s role.',
  check: node => {
    if (node.cfnResourceType === 'AWS::Lambda::Function') {
      const key = propertiesOf(node).KmsKeyArn;
      if (key === undefined) return NagRuleCompliance.NOT_APPLICABLE;
      const role = roleOf(node, 'Role');
      return compliantIf(role !== undefined && roleCanDecrypt(role, { stack: node.stack, value: key }, 'lambda'));
    }
    const secrets = injectedSecrets(node);
    if (secrets.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const role = roleOf(node, 'ExecutionRoleArn');
    // Every secret is judged: a flagged one is reported even when another cannot be resolved.
    let unresolved: UnresolvedValue | undefined;
    const findings = secrets.filter(secret => {
      try {
        const holder = secretResourceOf(node, secret.valueFrom, secret.property);
        const key = holder && secretKeyOf(holder);
        if (!key) return false; // an SSM parameter, or the AWS managed key of Secrets Manager
        return role === undefined || !roleCanDecrypt(role, key, 'secretsmanager');
      } catch (e) {
        if (!(e instanceof UnresolvedValue)) throw e;
        unresolved ??= e;
        return false;
      }
    }).map(secret => secret.finding);
    if (findings.length > 0) return findings;
    if (unresolved) throw unresolved;
    return NagRuleCompliance.COMPLIANT;
  },
};
