/** Environment variable names that announce a secret value. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Names that announce a reference to a secret (its ARN, name, id), not the secret itself. */
const REFERENCE_NAME = /(_ARN|_NAME|_ID|_PATH|_REGION)$/i;
/** Dynamic references CloudFormation resolves into the plain value at deploy time. */
const DYNAMIC_SECRET_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * Whether an environment variable (name and resolved value) puts a secret in plain text: a
 * secret-named variable with a literal value, or any variable whose value is a Secrets Manager or
 * SecureString dynamic reference (CloudFormation writes the secret itself into the environment).
 */
export function isPlaintextSecret(name: string, value: unknown): boolean {
  if (DYNAMIC_SECRET_REFERENCE.test(JSON.stringify(value ?? ''))) return true;
  if (typeof value !== 'string' || value === '' || value.startsWith('arn:')) return false;
  return SECRET_NAME.test(name) && !REFERENCE_NAME.test(name);
}
