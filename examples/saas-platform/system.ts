// The multi-tenant SaaS platform of seeds 000–003, composed from cdk-tenant-platform.
// In your own app, import from 'cdk-tenant-platform' instead of '../../src'.
import * as fs from 'fs';
import { App, Duration, Environment, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  AlarmSeverity, BatchJobCatalog, BudgetService, DatadogSite, DrPlan, MonitoredDatabase, PlatformEnvironment, ScheduledPlatformJob,
  SecureTenantService, TenantPlatform, TenantPlatformChecks,
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
  /** Seed 002 §6: B003 monthly invoices and B004 statistics aggregation (ECS-06). */
  public readonly jobs: ScheduledPlatformJob[];

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
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.platform.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.platform.accessLogBucket,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    // Object events go to EventBridge (set on the CfnBucket: `eventBridgeEnabled` would add a Lambda for it).
    (this.uploads.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    // Region failure is covered by the DrPlan's hourly AWS Backup copies to the recovery region
    // (below), with restore tests; deletions are covered by versioning and the backups.
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
      Validations.of(this.uploads).acknowledge({
        id: `${pack}::${pack}-S3BucketReplicationEnabled`,
        reason: 'The DrPlan copies hourly AWS Backup recovery points of this bucket to the recovery region (DR-03) and restore-tests them monthly; replication would keep a second live copy the recovery procedures do not use.',
      });
    }
    Validations.of(this.uploads).acknowledge({
      id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      reason: 'Uploaded files must be deletable on a tenant\'s request; versioning keeps deleted or overwritten files 30 days and the DrPlan keeps hourly recovery points, so Object Lock retention would only block legitimate deletion.',
    });

    // Seed 001 §5: database RPO 5 min / RTO 1 h, application data RPO 1 h / RTO 30 min; a region
    // failure (recovery level 3) is recovered in the recovery region within 4 hours.
    this.dr = new DrPlan(this, 'Dr', { platform: this.platform, copyToRegion: config.recoveryRegion });
    this.dr.protectDatabase(this.database, { rpo: Duration.minutes(5), rto: Duration.hours(1), regionRto: Duration.hours(4) });
    this.dr.protectBucket(this.uploads, { rpo: Duration.hours(1), rto: Duration.minutes(30), regionRto: Duration.hours(4) });
    this.jobs = this.addBatchJobs();
  }

  /**
   * Seed 002 §6 (ECS-06). B001 (database backup, daily 02:00 JST) is the DrPlan's daily AWS Backup
   * rule and B002 (log clean-up) is log retention and lifecycle rules, so neither needs a container.
   * B003 and B004 run the AWS CLI image as a non-root user with a read-only root filesystem.
   */
  private addBatchJobs(): ScheduledPlatformJob[] {
    const batch = BatchJobCatalog.of(this.platform);
    batch.addBackupJob('B001', this.dr);
    batch.addLogCleanupJob('B002');
    const awsCli = ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-cli/aws-cli:2.22.35');
    // B003: each tenant's cost of the month so far, from Cost Explorer grouped by the tenant cost
    // allocation tag, printed to the job's log: the figures of the month's invoices. Rendering the
    // PDFs is the billing application's part. The seed reruns it by hand, so no automatic retry.
    const invoices = new ScheduledPlatformJob(this, 'MonthlyInvoices', {
      platform: this.platform,
      jobId: 'B003',
      title: { ja: '月次請求書生成 (テナント別の当月コスト集計)', en: 'monthly invoices (cost per tenant this month)' },
      image: awsCli,
      entryPoint: ['sh', '-c'],
      command: ['set -eu; aws ce get-cost-and-usage --region us-east-1 ' +
        '--time-period "Start=$(date -u +%Y-%m-01),End=$(date -u -d tomorrow +%Y-%m-%d)" --granularity MONTHLY --metrics UnblendedCost ' +
        '--group-by Type=TAG,Key=tenant-platform:tenant --query "ResultsByTime[0].Groups[].[Keys[0],Metrics.UnblendedCost.Amount,Metrics.UnblendedCost.Unit]" --output text'],
      environment: { HOME: '/tmp' },
      schedule: 'cron(0 23 L * ? *)',
      timeZone: 'Asia/Tokyo',
      expectedDuration: Duration.minutes(5),
      retryAttempts: 0,
      failureSeverity: AlarmSeverity.CRITICAL,
    });
    invoices.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ce:GetCostAndUsage'], resources: ['*'] }));
    // B004: yesterday's (JST) average and peak CPU and memory of the platform's cluster, printed to the job's log.
    const statistics = new ScheduledPlatformJob(this, 'DailyStatistics', {
      platform: this.platform,
      jobId: 'B004',
      title: { ja: 'データ集計 (クラスターの日次 CPU・メモリ統計)', en: 'statistics aggregation (daily cluster CPU and memory)' },
      image: awsCli,
      entryPoint: ['sh', '-c'],
      command: ['set -eu; for METRIC in CPUUtilization MemoryUtilization; do aws cloudwatch get-metric-statistics --namespace AWS/ECS ' +
        '--metric-name "$METRIC" --dimensions "Name=ClusterName,Value=$CLUSTER_NAME" --start-time "$(date -u -d \'yesterday 15:00\' +%Y-%m-%dT%H:%M:%SZ)" ' +
        '--end-time "$(date -u +%Y-%m-%dT15:00:00Z)" --period 86400 --statistics Average Maximum --output text; done'],
      environment: { HOME: '/tmp', CLUSTER_NAME: this.platform.cluster.clusterName },
      schedule: 'cron(0 4 * * ? *)',
      timeZone: 'Asia/Tokyo',
      expectedDuration: Duration.minutes(5),
    });
    statistics.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'] }));
    for (const job of [invoices, statistics]) {
      Validations.of(job.taskDefinition).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Cost Explorer GetCostAndUsage and CloudWatch GetMetricStatistics support no resource-level permissions; the role allows only that one read action.',
      });
    }
    return [invoices, statistics];
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
