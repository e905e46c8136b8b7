import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CERT_ARN, ENV } from './platform';
import { DatadogSite, PlatformDatadogOptions, PlatformEnvironment, TenantPlatform, TenantPlatformProps } from '../../src';

/** Complete ARN of the Datadog credentials secret the tests import. */
export const DATADOG_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/datadog-AbCdEf';
/** Complete ARN of the API-key-only secret the tests import. */
export const DATADOG_API_KEY_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/datadog-api-key-GhIjKl';

/**
 * A production shared stack `Shared` whose platform reports to Datadog `site`; `overrides` replace
 * props, `datadog` adds to the Datadog options.
 */
export function datadogPlatform(
  overrides: Partial<TenantPlatformProps> = {}, app = new App(), site = DatadogSite.AP1, datadog: Partial<PlatformDatadogOptions> = {},
): { app: App; stack: Stack; platform: TenantPlatform } {
  const stack = new Stack(app, 'Shared', { env: ENV });
  const credentials = secretsmanager.Secret.fromSecretCompleteArn(stack, 'DatadogKeys', DATADOG_SECRET_ARN);
  const apiKeySecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'DatadogApiKey', DATADOG_API_KEY_SECRET_ARN);
  const platform = new TenantPlatform(stack, 'Platform', {
    environment: PlatformEnvironment.PRODUCTION,
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    notifications: { criticalEmails: ['oncall@example.com'], warningEmails: ['team@example.com'] },
    datadog: { credentials, apiKeySecret, site, ...datadog },
    ...overrides,
  });
  return { app, stack, platform };
}
