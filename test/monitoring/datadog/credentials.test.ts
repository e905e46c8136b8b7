import { parseDatadogKeys, readDatadogKeysFromSecretsManager } from '../../../src/monitoring/datadog/provider/credentials';
import { SecretsManagerStub } from '../../support/secrets-manager-stub';

const ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:datadog-AbCdEf';

test('the credentials secret is JSON {"apiKey", "appKey"}; errors name what is missing, never the values', () => {
  expect(parseDatadogKeys('{"apiKey":"a1","appKey":"b2"}', ARN)).toEqual({ apiKey: 'a1', appKey: 'b2' });
  expect(() => parseDatadogKeys('{"apiKey":"secret-value"}', ARN)).toThrow(`secret ${ARN} must be JSON {"apiKey": "...", "appKey": "..."}; missing appKey`);
  expect(() => parseDatadogKeys('api=secret-value', ARN)).toThrow(/it is not JSON/);
  expect(() => parseDatadogKeys('api=secret-value', ARN)).not.toThrow(/secret-value/);
});

describe('the provider reads the keys with the AWS SDK', () => {
  const saved = { ...process.env };
  let stub: SecretsManagerStub;
  beforeEach(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'ap-northeast-1' });
    stub = await SecretsManagerStub.start({ [ARN]: '{"apiKey":"a1","appKey":"b2"}' });
  });
  afterEach(async () => {
    process.env = { ...saved };
    await stub.close();
  });

  test('GetSecretValue by ARN', async () => {
    await expect(readDatadogKeysFromSecretsManager(ARN, stub.url)).resolves.toEqual({ apiKey: 'a1', appKey: 'b2' });
    expect(stub.asked).toEqual([ARN]);
  });

  test('an unknown secret fails with Secrets Manager\'s error', async () => {
    await expect(readDatadogKeysFromSecretsManager(`${ARN}x`, stub.url)).rejects.toThrow(/can't find the specified secret/);
  });
});
