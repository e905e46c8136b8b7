import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * ECS-05: lets `role` decrypt, through Secrets Manager only, the secrets encrypted with `keys`.
 * ECS injects secrets with the execution role; when a customer managed key's policy delegates to
 * the account, the role's own policy must allow `kms:Decrypt` (AWS ECS documentation, "Required IAM
 * permissions for Amazon ECS secrets"). `secret.grantRead` adds nothing for an imported key.
 */
export function grantDecryptThroughSecretsManager(role: iam.IRole, keys: kms.IKey[]): void {
  if (keys.length === 0) return;
  const stack = Stack.of(role);
  const identity = (arn: string) => (Token.isUnresolved(arn) ? JSON.stringify(stack.resolve(arn)) : arn);
  const arns = [...new Map(keys.map(key => [identity(key.keyArn), key.keyArn])).values()];
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: arns,
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
  }));
}
