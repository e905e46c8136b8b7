import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { addMonitors } from '../../support/datadog-app';
import { DatadogEmulator, EMULATOR_KEYS } from '../../support/datadog-emulator';
import { datadogStack } from '../../support/datadog-fixtures';
import { SecretsManagerStub } from '../../support/secrets-manager-stub';

const BUNDLE = path.join(__dirname, '../../../assets/monitoring/datadog/provider/datadog-provider.lambda/index.js');
const ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:datadog-AbCdEf';

test('the shipped provider bundle stays small: deep imports of the Datadog client, the AWS SDK left to the runtime', () => {
  const size = fs.statSync(BUNDLE).size;
  expect(size).toBeLessThan(1.5 * 1024 * 1024);
  const code = fs.readFileSync(BUNDLE, 'utf8');
  expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
  expect(code).not.toMatch(/IncidentsApi|SecurityMonitoringApi/);
});

test('the shipped provider bundle reads the keys from Secrets Manager and creates a monitor', async () => {
  const emulator = await DatadogEmulator.start();
  const secrets = await SecretsManagerStub.start({ [ARN]: JSON.stringify(EMULATOR_KEYS) });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'ap-northeast-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  try {
    const { stack, connection } = datadogStack();
    addMonitors(stack, connection, { withComposite: false });
    const [, cpu] = Object.entries<any>(Template.fromStack(stack).findResources('Custom::DatadogMonitor')).find(([id]) => id.startsWith('ClusterCpu'))!;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(BUNDLE);
    const result = await handler({
      RequestType: 'Create',
      ResourceProperties: { ...cpu.Properties, CredentialsSecretArn: ARN, ApiUrl: emulator.url },
    });
    expect(emulator.state.monitors.get(Number(result.PhysicalResourceId))!.name).toBe('[L0] ECS cluster CPU high');
    expect(result.Data.MonitorId).toBe(result.PhysicalResourceId);
    expect(secrets.asked).toEqual([ARN]);
  } finally {
    process.env = saved;
    await secrets.close();
    await emulator.close();
  }
});
