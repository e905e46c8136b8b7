import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The Datadog keys the provider reads from the credentials secret. */
export interface DatadogKeys {
  readonly apiKey: string;
  readonly appKey: string;
}

/**
 * Parses the secret string: a JSON object `{"apiKey": "<API key>", "appKey": "<application key>"}`.
 * The error names what is missing, never the values.
 */
export function parseDatadogKeys(secretString: string | undefined, secretId: string): DatadogKeys {
  let value: any;
  try {
    value = JSON.parse(secretString ?? '');
  } catch {
    throw new Error(`secret ${secretId} must be JSON {"apiKey": "...", "appKey": "..."}; it is not JSON`);
  }
  const missing = ['apiKey', 'appKey'].filter(key => typeof value?.[key] !== 'string' || value[key] === '');
  if (missing.length) {
    throw new Error(`secret ${secretId} must be JSON {"apiKey": "...", "appKey": "..."}; missing ${missing.join(', ')}`);
  }
  return { apiKey: value.apiKey, appKey: value.appKey };
}

/**
 * Reads the keys from Secrets Manager with the AWS SDK v3 that the Lambda Node.js runtime provides
 * (kept out of the bundle). `endpoint` is for tests.
 */
export async function readDatadogKeysFromSecretsManager(secretId: string, endpoint?: string): Promise<DatadogKeys> {
  const client = new SecretsManagerClient(endpoint ? { endpoint } : {});
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return parseDatadogKeys(answer.SecretString, secretId);
  } finally {
    client.destroy();
  }
}
