// The multi-tenant SaaS platform of seeds 000–003, composed from cdk-tenant-platform.
// In your own app, import from 'cdk-tenant-platform' instead of '../../src'.
import * as fs from 'fs';
import { App, Duration, Environment, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  BudgetService, DatadogSite, DrPlan, MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform, TenantPlatformChecks,
} from '../../src';

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
  /** Region backups are copied to for a region failure (DR-03). */
  readonly recoveryRegion: string;
  readonly tenants: TenantConfig[];
  /** Secret holding the Datadog keys as {"apiKey", "appKey"} (complete ARN); only the Datadog provider reads it. */
  readonly datadogCredentialsArn: string;
  /** Secret holding only the Datadog API key as {"apiKey", "api_key"} (complete ARN), for agents, log routers and Firehose. */
  readonly datadogApiKeySecretArn: string;
  /** Secret holding the PagerDuty SNS integration endpoint as {"endpoint"} (complete ARN). */
  readonly pagerDutySecretArn: string;
}

/**
 * Stack of everything the tenants share: network, cluster, load balancers, WAF, database, uploads
 * bucket, topics, and the disaster-recovery plan of the data.
 */
export class SharedPlatformStack extends Stack {
  public readonly platform: TenantPlatform;
  public readonly database: MonitoredDatabase;
  /** Files the tenants' users upload (application data). */
  public readonly uploads: s3.Bucket;
  public readonly dr: DrPlan;

  public constructor(scope: Construct, id: string, config: SaasPlatformConfig, props?: StackProps) {
    super(scope, id, { ...props, env: config.env });
    // S3 server access logs go to the platform's access-log bucket, which enforces bucket-owner
    // object ownership, so log delivery is authorised by bucket policy instead of an ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.platform = new TenantPlatform(this, 'Platform', {
      environment: config.environment,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
      notifications: {
        criticalEmails: ['oncall@saas.example.com'],
        // The endpoint holds PagerDuty's integration key: it stays in Secrets Manager (MON-02).
        pagerDutyEndpointSecret: secretsmanager.Secret.fromSecretCompleteArn(this, 'PagerDuty', config.pagerDutySecretArn),
        pagerDutyEndpointSecretField: 'endpoint',
        slackWorkspaceId: 'T0123ABCD',
        criticalSlackChannelId: 'C0ALERTS1',
        warningSlackChannelId: 'C0ALERTS1',
        infoSlackChannelId: 'C0MONITOR',
      },
      // Where `tenant-platform runbooks --out docs/runbooks` publishes the runbooks (MON-08 links).
      runbookBaseUrl: 'https://github.com/example-org/saas-platform/blob/main/docs/runbooks',
      // Datadog on: the platform, its database and every tenant add their monitors, composites, SLOs,
      // synthetics tests, downtime and dashboard (MON-03..08); tenants get the Datadog agent (APM,
      // MON-05) and opt into FireLens log forwarding below (LOG-03).
      datadog: {
        credentials: secretsmanager.Secret.fromSecretCompleteArn(this, 'DatadogKeys', config.datadogCredentialsArn),
        apiKeySecret: secretsmanager.Secret.fromSecretCompleteArn(this, 'DatadogApiKey', config.datadogApiKeySecretArn),
        site: DatadogSite.AP1,
        criticalHandles: ['@pagerduty-saas-platform', '@slack-alerts'],
        warningHandles: ['@slack-alerts'],
        infoHandles: ['@slack-monitoring'],
        // NET-03/LOG-03: VPC flow logs to Datadog through Firehose; the API-key secret also holds `api_key`.
        vpcFlowLogForwarding: true,
      },
      // MON-09: seed 000 §3 estimates 339 USD a month for ten tenants, 120 of it ECS and 50 RDS.
      monthlyBudgetUsd: 400,
      serviceBudgets: [
        { service: BudgetService.ECS, monthlyLimitUsd: 150 },
        { service: BudgetService.RDS, monthlyLimitUsd: 60 },
      ],
    });
    this.database = new MonitoredDatabase(this, 'Database', { platform: this.platform });
    this.uploads = new s3.Bucket(this, 'Uploads', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.platform.accessLogBucket,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    // Seed 001 §5: database RPO 5 min / RTO 1 h, application data RPO 1 h / RTO 30 min; a region
    // failure (recovery level 3) is recovered in the recovery region within 4 hours.
    this.dr = new DrPlan(this, 'Dr', { platform: this.platform, copyToRegion: config.recoveryRegion });
    this.dr.protectDatabase(this.database, { rpo: Duration.minutes(5), rto: Duration.hours(1), regionRto: Duration.hours(4) });
    this.dr.protectBucket(this.uploads, { rpo: Duration.hours(1), rto: Duration.minutes(30), regionRto: Duration.hours(4) });
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
      // LOG-03: the application's logs go to Datadog Log Management instead of CloudWatch; this
      // team's Datadog log index keeps them 90 days, LOG-01's retention for application logs.
      datadogLogForwarding: true,
    });
  }
}

/** The example deployment: production in Tokyo with backups copied to Osaka, tenants as listed. */
export function exampleConfig(tenants: TenantConfig[]): SaasPlatformConfig {
  return {
    env: { account: '123456789012', region: 'ap-northeast-1' },
    environment: PlatformEnvironment.PRODUCTION,
    certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    recoveryRegion: 'ap-northeast-3',
    tenants,
    datadogCredentialsArn: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:saas-platform/datadog-AbCdEf',
    datadogApiKeySecretArn: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:saas-platform/datadog-api-key-GhIjKl',
    pagerDutySecretArn: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:saas-platform/pagerduty-MnOpQr',
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
