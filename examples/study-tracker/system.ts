// StudyTracker (seed 004): the FastAPI study-sessions app on Lambda, DynamoDB and a CloudFront
// site, composed from cdk-tenant-platform without a TenantPlatform.
// In your own app, import from 'cdk-tenant-platform' instead of '../../src'.
import * as path from 'path';
import { App, Duration, Environment, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { STUDY_TRACKER_METRICS } from './metrics';
import {
  DrPlan, PlatformEnvironment, PlatformNotifications, RecoveryObjectives, SecureServerlessApi, ServerlessAlerting, ServerlessApplicationMetrics,
  ServerlessTable, StaticSite, TenantPlatformChecks,
} from '../../src';

/** Seed 004's recovery targets for the sessions table (DR-01): MTTR 30 minutes, daily backups. */
export const SESSIONS_OBJECTIVES: RecoveryObjectives = { rpo: Duration.days(1), rto: Duration.minutes(30) };

/** One deployment of StudyTracker: a profile, its names and its budget. */
export interface StudyTrackerProfile {
  /** `Dev` or `Prod`: the middle of the stack names. */
  readonly name: string;
  readonly environment: PlatformEnvironment;
  /** The site's host name; the API allows it as a CORS origin. */
  readonly domainName: string;
  /**
   * The monthly AWS Budgets limit (SRV-04). Seed 004 budgets 2.53 (development) and 6.60 USD
   * (production); the fixed cost of the secure system is above both (see README.md), so the budget
   * is the estimate with headroom, and alerts at 80 % and 110 % of it.
   */
  readonly monthlyBudgetUsd: number;
  readonly notifications: PlatformNotifications;
  /**
   * The region the table's daily backups are copied to (DR-03).
   * @default - no copies: a region failure is not recoverable
   */
  readonly drCopyRegion?: string;
}

export interface StudyTrackerConfig {
  /** Account of every stack; the API in Tokyo, the site's CloudFront resources in us-east-1. */
  readonly account: string;
  readonly region: string;
  /** The existing public hosted zone of study-tracker.com (seed 004: Route 53). */
  readonly hostedZoneId: string;
  readonly zoneName: string;
  readonly profiles: StudyTrackerProfile[];
}

/** The API, its table and secret, in Tokyo (SRV-01, SRV-03, SRV-04). */
export class StudyTrackerApiStack extends Stack {
  public readonly alerting: ServerlessAlerting;
  public readonly sessions: ServerlessTable;
  public readonly dr: DrPlan;
  public readonly api: SecureServerlessApi;
  public readonly metrics: ServerlessApplicationMetrics;

  public constructor(scope: Construct, id: string, profile: StudyTrackerProfile, props: StackProps) {
    super(scope, id, props);
    this.alerting = new ServerlessAlerting(this, 'Alerting', {
      environment: profile.environment,
      notifications: profile.notifications,
      monthlyBudgetUsd: profile.monthlyBudgetUsd,
    });
    // SRV-03: PITR and a daily AWS Backup; on demand in development, provisioned with auto scaling in production.
    this.sessions = new ServerlessTable(this, 'Sessions', {
      alerting: this.alerting,
      partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sessionId', type: dynamodb.AttributeType.STRING },
    });
    // DR-01..04: the DrPlan takes over the table's backup (kept as long), copies it in production,
    // tests its restore monthly, pages on a failed job, and reports RPO/RTO against seed 004's targets.
    this.dr = new DrPlan(this, 'Dr', {
      host: this.alerting,
      copyToRegion: profile.drCopyRegion,
      databaseBackupRetention: this.sessions.backupRetention,
    });
    this.dr.protectTable(this.sessions.table, SESSIONS_OBJECTIVES);
    // SRV-01/SRV-02: the handler in app/ (stdlib + the runtime's boto3, so no dependency layer),
    // in isolated subnets with endpoints to DynamoDB and Secrets Manager, behind a REST API with WAF.
    this.api = new SecureServerlessApi(this, 'Api', {
      alerting: this.alerting,
      code: lambda.Code.fromAsset(path.join(__dirname, 'app'), { exclude: ['tests', '**/__pycache__'] }),
      handler: 'study_tracker.handler.handler',
      environment: { TABLE_NAME: this.sessions.table.tableName },
      corsAllowOrigins: [`https://${profile.domainName}`],
    });
    this.sessions.table.grantReadWriteData(this.api.function);
    // Seed 004's ten custom metrics, written by the handler as EMF lines, with alarms at its targets.
    this.metrics = new ServerlessApplicationMetrics(this, 'Metrics', {
      alerting: this.alerting,
      function: this.api.function,
      namespace: 'StudyTracker',
      metrics: STUDY_TRACKER_METRICS,
    });
  }
}

/** The frontend: S3 + CloudFront + WAF + ACM + Route 53, in us-east-1 as CloudFront requires (SRV-02, SRV-04). */
export class StudyTrackerSiteStack extends Stack {
  public readonly alerting: ServerlessAlerting;
  public readonly site: StaticSite;

  public constructor(
    scope: Construct, id: string, profile: StudyTrackerProfile, config: StudyTrackerConfig, budgetOwner: ServerlessAlerting, props: StackProps,
  ) {
    super(scope, id, props);
    // Alarms notify topics of their own region; the budget stays with the API stack's alerting.
    this.alerting = new ServerlessAlerting(this, 'Alerting', { environment: profile.environment, notifications: profile.notifications, budget: false });
    budgetOwner.includeInBudget(this);
    this.site = new StaticSite(this, 'Site', {
      alerting: this.alerting,
      domainName: profile.domainName,
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: config.hostedZoneId, zoneName: config.zoneName }),
    });
  }
}

/** The example: development and production, each an API stack in Tokyo and a site stack in us-east-1. */
export function exampleConfig(): StudyTrackerConfig {
  return {
    account: '123456789012',
    region: 'ap-northeast-1',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    zoneName: 'study-tracker.com',
    profiles: [
      {
        name: 'Dev',
        environment: PlatformEnvironment.DEVELOPMENT,
        domainName: 'dev.study-tracker.com',
        monthlyBudgetUsd: 40,
        notifications: { warningEmails: ['dev@study-tracker.com'], criticalEmails: ['dev@study-tracker.com'] },
      },
      {
        name: 'Prod',
        environment: PlatformEnvironment.PRODUCTION,
        domainName: 'study-tracker.com',
        monthlyBudgetUsd: 60,
        drCopyRegion: 'ap-northeast-3',
        notifications: {
          criticalEmails: ['oncall@study-tracker.com'],
          warningEmails: ['dev@study-tracker.com'],
          infoEmails: ['dev@study-tracker.com'],
        },
      },
    ],
  };
}

export interface StudyTrackerStacks {
  readonly profile: StudyTrackerProfile;
  readonly api: StudyTrackerApiStack;
  readonly site: StudyTrackerSiteStack;
}

/** Builds every profile into `app`, checked by both policy packs. */
export function buildStudyTracker(app: App, config: StudyTrackerConfig): StudyTrackerStacks[] {
  // Each pack checks every profile at the strictest level: production's floors hold everywhere.
  Validations.of(app).addPlugins(new TenantPlatformChecks(app, { environment: PlatformEnvironment.PRODUCTION }), new AwsSolutionsChecks(app));
  return config.profiles.map(profile => {
    const api = new StudyTrackerApiStack(app, `StudyTracker-${profile.name}-Api`, profile, {
      env: { account: config.account, region: config.region },
      description: `StudyTracker ${profile.environment}: API, table and secret (seed 004)`,
      terminationProtection: profile.environment === PlatformEnvironment.PRODUCTION,
    });
    const siteEnv: Environment = { account: config.account, region: 'us-east-1' };
    const site = new StudyTrackerSiteStack(app, `StudyTracker-${profile.name}-Site`, profile, config, api.alerting, {
      env: siteEnv,
      description: `StudyTracker ${profile.environment}: static site behind CloudFront and WAF (seed 004)`,
      terminationProtection: profile.environment === PlatformEnvironment.PRODUCTION,
    });
    return { profile, api, site };
  });
}
