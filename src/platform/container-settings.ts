import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { PropValidation } from '../core/validation';

/** Names that say "this is a secret": such values must come from Secrets Manager (ECS-05). */
const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;
/** ...unless the variable only names or locates the secret. */
const REFERENCE_SUFFIX = /_(ARN|NAME|ID|URL|URI|PATH|FILE|REGION|ENDPOINT)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ECS-05: plain variables must not carry secrets; their names must be valid. */
export function checkPlainEnvironment(check: PropValidation, environment: Record<string, string>): void {
  for (const name of Object.keys(environment)) {
    check.matches('environment', name, ENV_NAME, 'an environment variable name');
    if (SECRET_LIKE_NAME.test(name) && !REFERENCE_SUFFIX.test(name)) {
      check.report('environment', name, 'looks like a secret; pass it in `secrets` from Secrets Manager instead of as a plain variable (ECS-05)');
    }
  }
}

/** ECS-05: every secret is a Secrets Manager secret (not an SSM parameter). */
export function checkSecretsManagerOnly(scope: Construct, check: PropValidation, secrets: Record<string, ecs.Secret>): void {
  const stack = Stack.of(scope);
  for (const [name, secret] of Object.entries(secrets)) {
    check.matches('secrets', name, ENV_NAME, 'an environment variable name');
    if (!isSecretsManager(stack, secret.arn)) {
      check.report(`secrets.${name}`, stack.resolve(secret.arn), 'is not a Secrets Manager secret; use ecs.Secret.fromSecretsManager (ECS-05)');
    }
  }
}

function isSecretsManager(stack: Stack, arn: string): boolean {
  // ecs.Secret.fromSsmParameter() resolves to an ssm ARN (literal or built with Fn::Join); anything
  // else an ecs.Secret can hold is a Secrets Manager secret, possibly imported by token.
  return !JSON.stringify(stack.resolve(arn)).includes(':ssm:');
}
