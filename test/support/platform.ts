import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  MonitoredDatabase, MonitoredDatabaseProps, PlatformEnvironment, SecureTenantService, SecureTenantServiceProps,
  TenantPlatform, TenantPlatformProps,
} from '../../src';

export const ENV = { account: '123456789012', region: 'ap-northeast-1' };
export const CERT_ARN = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A shared stack with a platform, as the README shows it; `overrides` (or what it returns for the stack) replace props. */
export function platformStack(
  overrides: Partial<TenantPlatformProps> | ((stack: Stack) => Partial<TenantPlatformProps>) = {}, app = new App(),
): { app: App; stack: Stack; platform: TenantPlatform } {
  const stack = new Stack(app, 'Shared', { env: ENV });
  if (typeof overrides === 'function') overrides = overrides(stack);
  const environment = overrides.environment ?? PlatformEnvironment.PRODUCTION;
  const platform = new TenantPlatform(stack, 'Platform', {
    environment,
    certificate: environment === PlatformEnvironment.DEVELOPMENT ? undefined : acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    notifications: { criticalEmails: ['oncall@example.com'] },
    ...overrides,
  });
  return { app, stack, platform };
}

export const DATADOG_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/datadog-AbCdEf';
export const DATADOG_API_KEY_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/datadog-api-key-GhIjKl';

/** Platform props turning Datadog on, with the credentials secret imported into `stack`; `overrides` replace props. */
export function withDatadog(overrides: Partial<TenantPlatformProps> = {}): (stack: Stack) => Partial<TenantPlatformProps> {
  return stack => ({
    datadog: {
      credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'DatadogKeys', DATADOG_SECRET_ARN),
      apiKeySecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'DatadogApiKey', DATADOG_API_KEY_SECRET_ARN),
    },
    ...overrides,
  });
}

/** Adds the platform database to the platform's stack. */
export function database(platform: TenantPlatform, overrides: Partial<MonitoredDatabaseProps> = {}, id = 'Database'): MonitoredDatabase {
  return new MonitoredDatabase(Stack.of(platform), id, { platform, ...overrides });
}

/** Adds a tenant in its own stack `Tenant-<id>`. */
export function tenant(platform: TenantPlatform, tenantId: string, overrides: Partial<SecureTenantServiceProps> = {}): SecureTenantService {
  const app = Stack.of(platform).node.root as App;
  const stack = new Stack(app, `Tenant-${tenantId.replace(/[^A-Za-z0-9-]/g, '')}`, { env: ENV });
  return new SecureTenantService(stack, 'Service', {
    platform, tenantId, hostHeader: `${tenantId}.example.com`, image: IMAGE, ...overrides,
  });
}

/** The synthesized template of `scope`'s stack. */
export function templateOf(scope: { node: any }): Template {
  return Template.fromStack(Stack.of(scope as any));
}

/**
 * The SSM parameter the platform `Shared-Platform` publishes its value `key` as, or the database
 * database `databaseId`'s value `key` (platform-parameters.ts).
 */
export function sharedParameter(key: string, databaseId?: string): string {
  return `/cdk-tenant-platform/Shared-Platform/${databaseId ? `databases/${databaseId}/` : ''}${key}`;
}

/** `{ Ref }` of the template parameter through which `template` reads the SSM parameter `name` at deploy time. */
export function readsParameter(template: Template, name: string): { Ref: string } {
  const found = Object.entries(template.toJSON().Parameters ?? {})
    .find(([, p]: [string, any]) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default === name);
  if (!found) throw new Error(`the template reads no SSM parameter ${name}`);
  return { Ref: found[0] };
}

/** The dynamic reference through which a template reads the SSM parameter `name` where a string is required. */
export function resolvesParameter(name: string): string {
  return `{{resolve:ssm:${name}}}`;
}
