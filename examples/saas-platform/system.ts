// The multi-tenant SaaS platform of seeds 000–003, composed from cdk-tenant-platform.
// In your own app, import from 'cdk-tenant-platform' instead of '../../src'.
import * as fs from 'fs';
import { App, Environment, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { PlatformMonitors } from './platform-monitors';
import { DatadogConnection, MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform, TenantPlatformChecks } from '../../src';

/** One line of tenants.json. */
export interface TenantConfig {
  readonly tenantId: string;
  readonly hostHeader: string;
  /** Image to run; defaults to the platform's reference image. */
  readonly image?: string;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export interface SaasPlatformConfig {
  readonly env: Environment;
  readonly environment: PlatformEnvironment;
  readonly certificateArn: string;
  readonly tenants: TenantConfig[];
  /** Secret holding the Datadog keys as {"apiKey", "appKey"} (complete ARN). */
  readonly datadogCredentialsArn: string;
}

/** Stack of everything the tenants share: network, cluster, load balancers, WAF, database, topics. */
export class SharedPlatformStack extends Stack {
  public readonly platform: TenantPlatform;
  public readonly database: MonitoredDatabase;
  /** How every Datadog construct of the platform reaches Datadog: one secret, the provider Lambda in private subnets. */
  public readonly datadog: DatadogConnection;

  public constructor(scope: Construct, id: string, config: SaasPlatformConfig, props?: StackProps) {
    super(scope, id, { ...props, env: config.env });
    this.platform = new TenantPlatform(this, 'Platform', {
      environment: config.environment,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
      notifications: {
        criticalEmails: ['oncall@saas.example.com'],
        pagerDutyEndpointUrl: 'https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue',
        slackWorkspaceId: 'T0123ABCD',
        criticalSlackChannelId: 'C0ALERTS1',
        warningSlackChannelId: 'C0ALERTS1',
        infoSlackChannelId: 'C0MONITOR',
      },
      // Where `tenant-platform runbooks --out docs/runbooks` publishes the runbooks (MON-08 links).
      runbookBaseUrl: 'https://github.com/example-org/saas-platform/blob/main/docs/runbooks',
    });
    this.database = new MonitoredDatabase(this, 'Database', { platform: this.platform });
    // The Datadog AWS integration imports AWS tags, so monitors scope by this one.
    Tags.of(this).add('platform', 'saas-platform');
    this.datadog = {
      datadogCredentials: secretsmanager.Secret.fromSecretCompleteArn(this, 'DatadogKeys', config.datadogCredentialsArn),
      vpc: this.platform.vpc,
      logEncryptionKey: this.platform.encryptionKey,
    };
    new PlatformMonitors(this, 'DatadogMonitors', {
      connection: this.datadog,
      database: this.database,
      platformTag: 'saas-platform',
      notify: '@pagerduty-saas-platform @slack-alerts',
    });
    // DR-02's AWS Backup plan arrives with DrPlan; until then the database relies on its own automated backups.
    Validations.of(this.database).acknowledge({
      id: 'TenantPlatform::TenantPlatform-BAK1',
      reason: 'The AWS Backup plan of DR-02 comes with DrPlan (not part of this example yet); until then the database relies on ' +
        'its 30-day automated backups with point-in-time recovery (DB-04).',
    });
  }
}

/** One tenant's stack: adding or removing it changes no other stack. */
export class TenantStack extends Stack {
  public readonly service: SecureTenantService;

  public constructor(scope: Construct, id: string, shared: SharedPlatformStack, tenant: TenantConfig, props?: StackProps) {
    super(scope, id, { ...props, env: shared.environment === undefined ? undefined : { account: shared.account, region: shared.region } });
    this.service = new SecureTenantService(this, 'Service', {
      platform: shared.platform,
      database: shared.database,
      tenantId: tenant.tenantId,
      hostHeader: tenant.hostHeader,
      // nginx-unprivileged runs as a non-root user on 8080; a real tenant image serves /health.
      image: ecs.ContainerImage.fromRegistry(tenant.image ?? 'public.ecr.aws/nginx/nginx-unprivileged:stable'),
      user: '101:101',
      writablePaths: ['/tmp', '/var/cache/nginx'],
      minCapacity: tenant.minCapacity,
      maxCapacity: tenant.maxCapacity,
    });
  }
}

/** The example deployment: production in Tokyo, tenants as listed. */
export function exampleConfig(tenants: TenantConfig[]): SaasPlatformConfig {
  return {
    env: { account: '123456789012', region: 'ap-northeast-1' },
    environment: PlatformEnvironment.PRODUCTION,
    certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    tenants,
    datadogCredentialsArn: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:saas-platform/datadog-AbCdEf',
  };
}

/** Reads tenants.json: an array of { tenantId, hostHeader, image?, minCapacity?, maxCapacity? }. */
export function readTenants(file: string): TenantConfig[] {
  const tenants = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(tenants)) throw new Error(`${file}: expected an array of tenants, got ${typeof tenants}`);
  return tenants;
}

/**
 * Builds the whole system into `app`: the policy packs every stack is checked against, the shared
 * stack, and one stack per tenant.
 */
export function buildSaasPlatform(app: App, config: SaasPlatformConfig): { shared: SharedPlatformStack; tenants: TenantStack[] } {
  Validations.of(app).addPlugins(new TenantPlatformChecks(app, { environment: config.environment }), new AwsSolutionsChecks(app));
  const shared = new SharedPlatformStack(app, 'SaasPlatform-Shared', config);
  const tenants = config.tenants.map(t => new TenantStack(app, `SaasPlatform-Tenant-${t.tenantId}`, shared, t));
  return { shared, tenants };
}
