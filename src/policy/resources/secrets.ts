import { CfnResource, Stack } from 'aws-cdk-lib';
import { referencedResources } from '../references';

/** Environment variable names that announce a secret value. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Names that announce a reference to a secret (its ARN, name, id), not the secret itself. */
const REFERENCE_NAME = /(_ARN|_NAME|_ID|_PATH|_REGION)$/i;
/** Dynamic references CloudFormation resolves into the plain value at deploy time. */
const DYNAMIC_SECRET_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * Whether an environment variable of `from` (name and resolved value) puts a secret in plain text:
 * a secret-named variable with a literal value, or any variable whose value is a Secrets Manager or
 * SecureString dynamic reference (CloudFormation writes the secret itself into the environment).
 * A secret-named variable set from a parameter or an import cannot be judged and throws
 * `UnresolvedValue`; one set from a resource of the app (a secret's ARN, a table name) is not a secret.
 */
export function isPlaintextSecret(from: CfnResource, name: string, value: unknown, property: string): boolean {
  if (DYNAMIC_SECRET_REFERENCE.test(JSON.stringify(value ?? ''))) return true;
  if (!SECRET_NAME.test(name) || REFERENCE_NAME.test(name)) return false;
  if (typeof value === 'string') return value !== '' && !value.startsWith('arn:');
  referencedResources(Stack.of(from), value, `${property}.${name}`);
  return false;
}
