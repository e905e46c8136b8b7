import { Annotations, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';
import { DatadogSettings } from './datadog-settings';
import { IRecoveryHost } from './dr/recovery-host';
import { FlowLogForwarding } from './flow-log-forwarding';
import { ImportedTenantPlatform, TenantPlatformAttributes } from './imported-tenant-platform';
import { LoadBalancerShard } from './load-balancer-shard';
import { platformCostTagValue } from './operations/cost-allocation';
import { MAINTENANCE_SCHEDULE_GROUP, MaintenanceAlarmActions } from './operations/maintenance-alarm-actions';
import { PlatformOperations } from './operations/operations';
import type { ITenantPlatform, PlatformContext } from './platform-context';
import { exportPlatformValues } from './platform-exports';
import { PlatformKey } from './platform-key';
import { buildPlatformNetwork } from './platform-network';
import { automationDocumentPrefix, checkPlatformName, platformParameterPrefix } from './platform-parameters';
import { addPlatformTopology } from './platform-topology';
import { PlatformRunbookSections } from './runbooks/platform-sections';
import { ScopedImports } from './scoped-imports';
import { SharedValues } from './shared-values';
import { allowDeploymentNotifications } from './tenant-deployment-automation';
import { TenantRegistry } from './tenant-placement';
import { TenantPlatformProps } from './tenant-platform-props';
import { settleTenantPlatformProps } from './tenant-platform-settings';
import { PlatformWebAcl } from './web-acl';
import { acceptGeneratedInlinePolicies } from '../core/accepted-findings';
import { EnvironmentProfile, EnvironmentProfiles, PlatformEnvironment } from '../core/environment';
import { AlarmSeverity, severityName } from '../core/severity';
import { PropProblems } from '../core/validation';
import { AlarmFactory, AlarmPaging, AlarmRouting } from '../monitoring/alarm-factory';
import { DATADOG_TWINS, PagingDecision, PagingSystem } from './alerting/paging';
import { PlatformAlerting } from './alerting/platform-alerting';
import { MaintenanceWindow } from '../monitoring/maintenance-window';
import { SeverityTopics } from '../monitoring/severity-topics';
import { Runbook, RunbookCatalog } from '../runbooks/runbook';
import { TenantServiceAutomation } from '../runbooks/tenant-service-automation';

export * from './tenant-platform-props';


/**
 * The shared half of the multi-tenant platform (NET-01..04, ECS-01, EDGE-01..03, LOG-01/02, MON-02):
 * a VPC with private subnets, NAT gateways and flow logs, an ECS Fargate cluster with Container
 * Insights, internet-facing HTTPS load balancers behind a WAF, the platform's KMS key and access-log
 * bucket, and one alarm topic per severity. Tenants are `SecureTenantService`s in their own stacks.
 */
export class TenantPlatform extends Construct implements IRecoveryHost, ITenantPlatform {
  /**
   * The platform `attrs.platformName` of another app, for tenant stacks of this app: they read its
   * values from its SSM parameters at deploy time, and take what they need at synth from `attrs`.
   * An imported platform has no Datadog yet, and checks the placement only of this app's tenants.
   */
  public static fromPlatformName(scope: Construct, id: string, attrs: TenantPlatformAttributes): ITenantPlatform {
    return new ImportedTenantPlatform(scope, id, attrs);
  }

  /** The profile this platform was built with. */
  public readonly environment: PlatformEnvironment;
  /** Defaults and floors of the environment. */
  public readonly profile: EnvironmentProfile;
  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.ICluster;
  /** The internet-facing load balancers, one per shard. */
  public readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  public readonly webAcl: wafv2.CfnWebACL;
  /** Customer-managed key of every platform and tenant log group, and of the alarm topics. */
  public readonly encryptionKey: kms.IKey;
  /** Encrypted, SSL-only, retained bucket of the load balancers' access logs (EDGE-02); other buckets may log into it too. */
  public readonly accessLogBucket: s3.IBucket;
  /**
   * The VPC's flow log group (NET-03): every flow, KMS-encrypted, with the platform's log retention;
   * also shipped to Datadog with `datadog.vpcFlowLogForwarding` (LOG-03).
   */
  public readonly flowLogGroup: logs.ILogGroup;
  /** Retention of the platform's and its tenants' logs. */
  public readonly logRetention: logs.RetentionDays;
  /** Whether the load balancers terminate HTTPS. */
  public readonly httpsEnabled: boolean;
  /** Alarms the platform itself created. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** Base URL of the published runbooks, if configured. */
  public readonly runbookBaseUrl?: string;
  /** The planned maintenance window (MON-07). */
  public readonly maintenanceWindow: MaintenanceWindow;
  /** Whether the platform and its tenants report to Datadog. */
  public readonly datadogEnabled: boolean;
  /** The name tenants find the platform by (`TenantPlatform.fromPlatformName`). */
  public readonly platformName: string;
  /** Whether the platform also publishes the exports older tenant stacks import. */
  public readonly publishLegacyExports: boolean;
  /** Name of the platform's stack. */
  public readonly platformStackName: string;
  /** @internal */
  public readonly _costTagValue: string;
  /** @internal */
  public readonly _built: PlatformContext = this;

  private readonly datadog?: DatadogSettings;
  private readonly shards: LoadBalancerShard[];
  private readonly topics: SeverityTopics;
  private readonly shared: SharedValues;
  private readonly registry = new TenantRegistry();
  private readonly imports = new ScopedImports();

  public constructor(scope: Construct, id: string, props: TenantPlatformProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const problems = new PropProblems(this.node.path);
    this.environment = props.environment;
    this.profile = EnvironmentProfiles.of(props.environment);
    const profile = this.profile;
    this.platformName = props.platformName ?? `${Stack.of(this).stackName}-${id}`;
    checkPlatformName(problems, 'platformName', this.platformName);
    const settings = settleTenantPlatformProps(problems, props, profile, Stack.of(this).region);
    this.datadog = props.datadog && new DatadogSettings(this, props.datadog, problems);
    problems.throwIfAny();

    this.publishLegacyExports = props.publishLegacyExports ?? true;
    this.platformStackName = Stack.of(this).stackName;
    this._costTagValue = platformCostTagValue(this);
    this.runbookBaseUrl = settings.runbookBaseUrl;
    if (this.runbookBaseUrl !== undefined) RunbookCatalog.of(this).configure({ baseUrl: this.runbookBaseUrl });
    if (!props.certificate) {
      Annotations.of(this).addWarningV2('tenant-platform:http-only', 'No certificate: the load balancers serve plain HTTP (DEVELOPMENT only).');
    }
    this.httpsEnabled = !!props.certificate;
    this.maintenanceWindow = props.maintenanceWindow ?? MaintenanceWindow.secondSundayJst();
    this.datadogEnabled = this.datadog !== undefined;
    this.logRetention = settings.logRetention;

    const key = new PlatformKey(this, 'Key').key;
    this.encryptionKey = key;
    this.topics = new SeverityTopics(this, 'Alarms', {
      notifications: props.notifications,
      encryptionKey: key,
      requireCriticalSubscriber: profile.environment === PlatformEnvironment.PRODUCTION,
    });
    allowDeploymentNotifications(this.topics.topicFor(AlarmSeverity.WARNING));
    const alarms = new AlarmFactory(this, this._alarmRouting, undefined, this._pagingOf(DATADOG_TWINS.platform));

    const network = buildPlatformNetwork(this, { ...settings, maxAzs: profile.maxAzs, encryptionKey: key });
    this.vpc = network.vpc;
    this.flowLogGroup = network.flowLogGroup;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    // One pair of rollback and force-deployment documents for every tenant service of the cluster (OPS-03).
    new TenantServiceAutomation(this, 'ServiceAutomation', { cluster: this.cluster, documentNamePrefix: automationDocumentPrefix(this.platformName) });

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', { retentionDays: profile.auditLogRetentionDays }).bucket;
    const waf = new PlatformWebAcl(this, 'WebAcl', { rateLimit: settings.wafRateLimit, logRetention: this.logRetention, encryptionKey: key });
    this.webAcl = waf.webAcl;
    this.shards = Array.from({ length: settings.loadBalancerShards }, (_, i) => new LoadBalancerShard(this, `LoadBalancer${i + 1}`, {
      vpc: this.vpc,
      certificate: props.certificate,
      accessLogBucket: this.accessLogBucket,
      webAcl: this.webAcl,
      deletionProtection: props.deletionProtection ?? profile.deletionProtection,
      shardNumber: i + 1,
      alarms,
    }));
    this.loadBalancers = this.shards.map(s => s.loadBalancer);
    if (this.datadog?.flowLogSite) {
      new FlowLogForwarding(this, 'FlowLogForwarding', {
        logGroup: this.flowLogGroup,
        site: this.datadog.flowLogSite,
        credentials: this.datadog.apiKeySecretIn(this),
        encryptionKey: key,
        accessLogBucket: this.accessLogBucket,
        flowLogRetention: this.logRetention,
        errorLogRetention: profile.errorLogRetention,
        alarms,
      });
    }
    this.shared = new SharedValues(this, { parameterPrefix: platformParameterPrefix(this.platformName), legacyExports: this.publishLegacyExports });
    PlatformAlerting.addTo(this, alarms, this.shared);
    this.alarms = alarms.alarms.map(a => a.alarm);

    exportPlatformValues(this.shared, {
      vpc: this.vpc, cluster: this.cluster, encryptionKey: key, topics: this.topics, datadog: this.datadog, shards: this.shards,
    });
    this.addRunbook(props.certificate);
    new PlatformOperations(this, props);
    this.shared.export(MAINTENANCE_SCHEDULE_GROUP, MaintenanceAlarmActions.of(this, this).scheduleGroup.scheduleGroupName,
      'EventBridge Scheduler group of every stack\'s maintenance schedules (MON-07)');
  }

  /** The topic alarms of `severity` notify (MON-02). */
  public alarmTopic(severity: AlarmSeverity): sns.ITopic {
    return this.topics.topicFor(severity);
  }

  /** The topic alarms of `severity` notify, imported into `scope`'s stack when that is another stack (MON-02). */
  public alarmTopicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic {
    return this._alarmRouting.topicFor(scope, severity);
  }

  /** ARN of the platform key, which encrypts the alarm topics, as `scope`'s stack refers to it (LOG-02). */
  public alarmTopicKeyArnFor(scope: Construct): string {
    return this._value(scope, 'KeyArn');
  }

  /** The address of the runbook section `anchor` of `scope`'s stack (MON-08). */
  public runbookLinkFor(scope: Construct, anchor: string): string {
    return this._alarmRouting.runbookLink(scope, anchor);
  }

  /** Number of load balancer shards. */
  public get loadBalancerShardCount(): number {
    return this.shards.length;
  }

  /** @internal The shards' load balancers as the platform built them (their CloudWatch full names, for its alarms and dashboard). */
  public get _shardLoadBalancers(): elbv2.ApplicationLoadBalancer[] {
    return this.shards.map(s => s.loadBalancer);
  }

  /** @internal Severity routing and runbook links for alarms created anywhere in the app. */
  public get _alarmRouting(): AlarmRouting {
    return {
      topicFor: (scope, severity) => this.imports.in(scope, `Topic${severity}`, () => Stack.of(scope) === Stack.of(this)
        ? this.topics.topicFor(severity)
        : sns.Topic.fromTopicArn(scope, `PlatformAlarmTopic-${severity}`, this.shared.valueIn(scope, `Topic${severityName(severity)}Arn`))),
      runbookLink: (scope, anchor) => Runbook.linkFor(scope, anchor),
      operatingRulesStack: Stack.of(this),
    };
  }

  /** @internal The registry that places tenants on shards. */
  public get _tenants(): TenantRegistry {
    return this.registry;
  }

  /** @internal The shared value `key` as `scope` must refer to it (direct, or imported from the platform stack). */
  public _value(scope: Construct, key: string): string {
    return this.shared.valueIn(scope, key);
  }

  /** @internal The platform VPC as `scope`'s stack refers to it. */
  public _vpcIn(scope: Construct): ec2.IVpc {
    if (Stack.of(scope) === Stack.of(this)) return this.vpc;
    return this.imports.in(scope, 'Vpc', () => ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
      // Only what tenants use: each value read is a template parameter, and CloudFormation warns of unused ones.
      vpcId: this._value(scope, 'VpcId'),
      availabilityZones: this.vpc.availabilityZones,
      // Strings, as Control Tower's CT.LAMBDA.PR.3 requires of a function's subnets (see SharedValues.dynamicReferenceIn).
      privateSubnetIds: this.vpc.privateSubnets.map((_, i) => this.shared.dynamicReferenceIn(scope, `PrivateSubnet${i + 1}`)),
      // Without them aws-cdk-lib warns once per subnet per tenant stack; read only if a construct uses a route table.
      privateSubnetRouteTableIds: this.vpc.privateSubnets.map((_, i) => this.shared.dynamicReferenceIn(scope, `PrivateRouteTable${i + 1}`)),
    }));
  }

  /** @internal The platform key as `scope`'s stack refers to it. */
  public _keyIn(scope: Construct): kms.IKey {
    if (Stack.of(scope) === Stack.of(this)) return this.encryptionKey;
    return this.imports.in(scope, 'Key', () => kms.Key.fromKeyArn(scope, 'PlatformKey', this.shared.dynamicReferenceIn(scope, 'KeyArn')));
  }

  /** @internal The paging decision for alarms of which `datadogWatches` tells those a Datadog monitor watches too (MON-02). */
  public _pagingOf(datadogWatches: (alarmId: string) => boolean): AlarmPaging {
    return new PagingDecision(this.datadog?.pagingSystem ?? PagingSystem.CLOUDWATCH, datadogWatches);
  }

  /** @internal The platform's Datadog settings, or undefined when Datadog is off. */
  public get _datadog(): DatadogSettings | undefined {
    return this.datadog;
  }

  /** @internal Memoises an import per consuming scope, so a scope never creates the same construct twice. */
  public _cached<T>(scope: Construct, key: string, make: () => T): T {
    return this.imports.in(scope, key, make);
  }

  /** The platform's operating rules (OPS-01, OPS-03..05) and its part of the deployment diagram. */
  private addRunbook(certificate: acm.ICertificate | undefined): void {
    PlatformRunbookSections.addTo(this, {
      environment: this.environment,
      cluster: this.cluster,
      loadBalancers: this.loadBalancers,
      criticalTopic: this.topics.topicFor(AlarmSeverity.CRITICAL),
      certificate,
      datadog: this.datadogEnabled,
      pagingSystem: this.datadog?.pagingSystem,
      maintenanceWindow: this.maintenanceWindow,
    });
    addPlatformTopology(this.environment, this.cluster, this.loadBalancers);
  }
}

