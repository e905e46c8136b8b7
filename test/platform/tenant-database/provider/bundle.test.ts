import * as fs from 'fs';
import * as path from 'path';
import { PostgresServer, startPostgres } from '../../../support/postgres-server';
import { SecretsManagerStub } from '../../../support/secrets-manager-stub';

const BUNDLE = path.join(__dirname, '../../../../assets/platform/tenant-database/provider/tenant-database.lambda/index.js');
const MASTER_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:Shared-Database-Secret-AbCdEf';

test('the shipped tenant database bundle is small and leaves the AWS SDK to the Lambda runtime', () => {
  expect(fs.statSync(BUNDLE).size).toBeLessThan(512 * 1024);
  expect(fs.readFileSync(BUNDLE, 'utf8')).toContain('require("@aws-sdk/client-secrets-manager")');
});

describe('the shipped tenant database bundle', () => {
  let server: PostgresServer;
  let secrets: SecretsManagerStub;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startPostgres({ hbaLines: [], timeoutMs: 60_000 });
    secrets = await SecretsManagerStub.start({
      [MASTER_ARN]: JSON.stringify({ host: server.host, port: server.port, dbname: 'postgres', username: server.superuser, password: server.superuserPassword }),
    });
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      MASTER_SECRET_ARN: MASTER_ARN,
    });
  }, 90_000);

  afterAll(async () => {
    process.env = saved;
    await secrets?.close();
    await server?.stop();
  }, 90_000);

  test('DB-02, DB-05: it reads the master secret from Secrets Manager and refuses a PostgreSQL server without TLS', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(BUNDLE);
    await expect(handler({
      RequestType: 'Create',
      ResourceProperties: { TenantId: 'acme', Isolation: 'SCHEMA', Authentication: 'IAM', OnRemoval: 'RETAIN' },
    })).rejects.toThrow('The server does not support SSL connections');
    expect(secrets.asked).toEqual([MASTER_ARN]);
  });
});
