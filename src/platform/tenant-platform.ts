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
import { defaultAvailabilityZones, ImportedTenantPlatform, TenantPlatformAttributes } from './imported-tenant-platform';
import { LoadBalancerShard } from './load-balancer-shard';
import { platformCostTagValue } from './operations/cost-allocation';
import { MAINTENANCE_SCHEDULE_GROUP, MaintenanceAlarmActions } from './operations/maintenance-alarm-actions';
import { PlatformOperations } from './operations/operations';
import type { ITenantPlatform, PlatformContext } from './platform-context';
import { PlatformKey } from './platform-key';
import { automationDocumentPrefix, checkPlatformName, platformParameterPrefix } from './platform-parameters';
import { PlatformRunbookSections } from './runbooks/platform-sections';
import { SharedValues } from './shared-values';
import { allowDeploymentNotifications } from './tenant-deployment-automation';
import { TenantRegistry } from './tenant-placement';
import { TenantPlatformProps } from './tenant-platform-props';
import { PlatformWebAcl } from './web-acl';
import { acceptControl, AcceptedControl, acceptGeneratedInlinePolicies, acceptLogRetention } from '../core/accepted-findings';
import { EnvironmentProfile, EnvironmentProfiles, PlatformEnvironment } from '../core/environment';
import { ALL_SEVERITIES, AlarmSeverity, severityName } from '../core/severity';
import { PropValidation } from '../core/validation';
import { AlarmFactory, AlarmPaging, AlarmRouting } from '../monitoring/alarm-factory';
import { DATADOG_TWINS, PagingDecision, PagingSystem } from './alerting/paging';
import { PlatformAlerting } from './alerting/platform-alerting';
import { MaintenanceWindow } from '../monitoring/maintenance-window';
import { SeverityTopics } from '../monitoring/severity-topics';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { DeploymentTopology, Runbook, RunbookCatalog } from '../runbooks/runbook';
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
  private readonly imports = new WeakMap<Construct, Map<string, unknown>>();

  public constructor(scope: Construct, id: string, props: TenantPlatformProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const check: PropValidation = new PropValidation(this.node.path);
    this.environment = props.environment;
    this.profile = EnvironmentProfiles.of(props.environment);
    const profile = this.profile;
    this.platformName = props.platformName ?? `${Stack.of(this).stackName}-${id}`;
    checkPlatformName(check, 'platformName', this.platformName);
    this.publishLegacyExports = props.publishLegacyExports ?? true;
    this.platformStackName = Stack.of(this).stackName;
    this._costTagValue = platformCostTagValue(this);
    this.runbookBaseUrl = props.runbookBaseUrl?.replace(/\/+$/, '');
    if (this.runbookBaseUrl !== undefined) {
      check.matches('runbookBaseUrl', this.runbookBaseUrl, /^https?:\/\/\S+$/, 'an http(s) address');
      RunbookCatalog.of(this).configure({ baseUrl: this.runbookBaseUrl });
    }

    if (!props.certificate && profile.requireCertificate) {
      check.fail('certificate', undefined, `is required in ${props.environment}: the load balancers must serve HTTPS (EDGE-01)`);
    }
    if (!props.certificate) {
      Annotations.of(this).addWarningV2('tenant-platform:http-only', 'No certificate: the load balancers serve plain HTTP (DEVELOPMENT only).');
    }
    this.httpsEnabled = !!props.certificate;
    this.maintenanceWindow = props.maintenanceWindow ?? MaintenanceWindow.secondSundayJst();
    this.datadog = props.datadog && new DatadogSettings(this, props.datadog, check);
    this.datadogEnabled = this.datadog !== undefined;
    this.logRetention = props.logRetention ?? profile.logRetention;
    if (this.logRetention !== logs.RetentionDays.INFINITE && this.logRetention < profile.minLogRetentionDays) {
      check.fail('logRetention', this.logRetention, `days is below the ${profile.minLogRetentionDays}-day floor of ${props.environment} (LOG-01)`);
    }
    const shardCount = props.loadBalancerShards ?? 1;
    check.integerBetween('loadBalancerShards', shardCount, 1, 20);
    const wafRateLimit = props.wafRateLimit ?? 2000;
    check.integerBetween('wafRateLimit', wafRateLimit, 100, 2_000_000_000);
    const cidr = props.vpcCidr ?? '10.0.0.0/16';
    check.matches('vpcCidr', cidr, /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'an IPv4 CIDR from /16 to /24');
    const azs = props.availabilityZones ?? defaultAvailabilityZones(Stack.of(this).region);
    if (azs && azs.length < 2) check.fail('availabilityZones', azs, 'must name at least two zones (NET-02)');
    const natGateways = props.natGateways ?? profile.natGateways;
    check.integerBetween('natGateways', natGateways, 1, azs?.length ?? profile.maxAzs);

    const key = new PlatformKey(this, 'Key').key;
    this.encryptionKey = key;
    this.topics = new SeverityTopics(this, 'Alarms', {
      notifications: props.notifications,
      encryptionKey: key,
      requireCriticalSubscriber: profile.environment === PlatformEnvironment.PRODUCTION,
    });
    allowDeploymentNotifications(this.topics.topicFor(AlarmSeverity.WARNING));
    const alarms = new AlarmFactory(this, this._alarmRouting, undefined, this._pagingOf(DATADOG_TWINS.platform));

    // Network (NET-01..03): public subnets hold only the ALBs and NAT gateways and never assign
    // public IPs; workloads run in private subnets; databases in isolated ones.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      ...(azs ? { availabilityZones: azs } : { maxAzs: profile.maxAzs }),
      natGateways,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    for (const subnet of this.vpc.publicSubnets) {
      acceptControl(subnet, AcceptedControl.PUBLIC_ROUTE_TO_INTERNET,
        'Public subnets hold only the internet-facing load balancers and the NAT gateways, which need the route to the internet gateway; ' +
        'no task, function or database runs in them and they assign no public IPs (NET-01).');
    }
    // NET-03: every flow (accepted and rejected) to a KMS-encrypted log group with LOG-01 retention.
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: this.logRetention, encryptionKey: key });
    acceptLogRetention(this.flowLogGroup, this.logRetention);
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    // One pair of rollback and force-deployment documents for every tenant service of the cluster (OPS-03).
    new TenantServiceAutomation(this, 'ServiceAutomation', { cluster: this.cluster, documentNamePrefix: automationDocumentPrefix(this.platformName) });

    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogs', { retentionDays: profile.auditLogRetentionDays }).bucket;
    const waf = new PlatformWebAcl(this, 'WebAcl', { rateLimit: wafRateLimit, logRetention: this.logRetention, encryptionKey: key });
    this.webAcl = waf.webAcl;
    this.shards = Array.from({ length: shardCount }, (_, i) => new LoadBalancerShard(this, `LoadBalancer${i + 1}`, {
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

    this.exportSharedValues();
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
      topicFor: (scope, severity) => this.cached(scope, `Topic${severity}`, () => Stack.of(scope) === Stack.of(this)
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
    return this.cached(scope, 'Vpc', () => ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
      // Only what tenants use: each value read is a template parameter, and CloudFormation warns of unused ones.
      vpcId: this._value(scope, 'VpcId'),
      availabilityZones: this.vpc.availabilityZones,
      // Strings, as Control Tower's CT.LAMBDA.PR.3 requires of a function's subnets (see SharedValues.dynamicReferenceIn).
      privateSubnetIds: this.vpc.privateSubnets.map((_, i) => this.shared.dynamicReferenceIn(scope, `PrivateSubnet${i + 1}`)),
    }));
  }

  /** @internal The platform key as `scope`'s stack refers to it. */
  public _keyIn(scope: Construct): kms.IKey {
    if (Stack.of(scope) === Stack.of(this)) return this.encryptionKey;
    return this.cached(scope, 'Key', () => kms.Key.fromKeyArn(scope, 'PlatformKey', this.shared.dynamicReferenceIn(scope, 'KeyArn')));
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
    return this.cached(scope, key, make);
  }

  private cached<T>(scope: Construct, key: string, make: () => T): T {
    let forScope = this.imports.get(scope);
    if (!forScope) this.imports.set(scope, forScope = new Map());
    if (!forScope.has(key)) forScope.set(key, make());
    return forScope.get(key) as T;
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
    const topology = DeploymentTopology.of(this);
    topology.addNode(this.cluster, {
      kind: TopologyNodeKind.PLATFORM,
      label: { ja: `プラットフォーム (VPC、ECS クラスタ、${this.environment})`, en: `Platform (VPC, ECS cluster, ${this.environment})` },
    });
    this.loadBalancers.forEach((loadBalancer, i) => topology.addNode(loadBalancer, {
      kind: TopologyNodeKind.LOAD_BALANCER,
      label: { ja: `ALB シャード ${i + 1} (WAF)`, en: `ALB shard ${i + 1} (WAF)` },
    }));
  }

  private exportSharedValues(): void {
    const s = this.shared;
    s.export('VpcId', this.vpc.vpcId, 'VPC of the tenant platform');
    s.export('VpcCidr', this.vpc.vpcCidrBlock, 'CIDR block of the VPC');
    this.vpc.privateSubnets.forEach((subnet, i) => {
      s.export(`PrivateSubnet${i + 1}`, subnet.subnetId, `Private subnet in ${subnet.availabilityZone}`);
      s.export(`PrivateRouteTable${i + 1}`, subnet.routeTable.routeTableId, `Route table of the private subnet in ${subnet.availabilityZone}`);
    });
    s.export('ClusterName', this.cluster.clusterName, 'ECS cluster of the tenant services');
    s.export('KeyArn', this.encryptionKey.keyArn, 'KMS key of the platform log groups and alarm topics');
    for (const severity of ALL_SEVERITIES) {
      s.export(`Topic${severityName(severity)}Arn`, this.topics.topicFor(severity).topicArn, `SNS topic of ${severity} alarms`);
    }
    this.datadog?.exportSharedValues(s);
    this.shards.forEach((shard, i) => {
      const n = i + 1;
      s.export(`Shard${n}ListenerArn`, shard.listener.listenerArn, `Listener tenants of ALB shard ${n} attach to`);
      s.export(`Shard${n}SecurityGroupId`, shard.securityGroup.securityGroupId, `Security group of ALB shard ${n}`);
      s.export(`Shard${n}FullName`, shard.loadBalancer.loadBalancerFullName, `Full name of ALB shard ${n} (CloudWatch dimension)`);
      s.export(`Shard${n}DnsName`, shard.loadBalancer.loadBalancerDnsName, `DNS name of ALB shard ${n}: point tenant host names here`);
      s.export(`Shard${n}HostedZoneId`, shard.loadBalancer.loadBalancerCanonicalHostedZoneId, `Canonical hosted zone of ALB shard ${n}`);
    });
  }
}

