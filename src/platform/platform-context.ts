import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import type { DatadogSettings } from './datadog-settings';
import type { CrossStackImports } from './shared-values';
import type { TenantRegistry } from './tenant-placement';
import { EnvironmentProfile, PlatformEnvironment } from '../core/environment';
import { AlarmSeverity } from '../core/severity';
import { AlarmPaging, AlarmRouting } from '../monitoring/alarm-factory';
import { MaintenanceWindow } from '../monitoring/maintenance-window';

// The contract between the platform's constructs and their alerting, operations and runbook
// sections (docs/ARCHITECTURE.md): those read the platform, a tenant or a database through these
// interfaces, which TenantPlatform, SecureTenantService and MonitoredDatabase satisfy, and never
// import the constructs themselves.

/**
 * A platform tenants run on: the `TenantPlatform` of this app, or one of another app imported with
 * `TenantPlatform.fromPlatformName`.
 */
export interface ITenantPlatform extends IConstruct {
  /** The name the platform publishes its values under (`/cdk-tenant-platform/<platformName>/`). */
  readonly platformName: string;
  /** The profile the platform was built with. */
  readonly environment: PlatformEnvironment;
  /** Defaults and floors of the environment. */
  readonly profile: EnvironmentProfile;
  /** Number of load balancer shards. */
  readonly loadBalancerShardCount: number;
  /** Retention of the platform's and its tenants' logs. */
  readonly logRetention: logs.RetentionDays;
  /** Whether the load balancers terminate HTTPS. */
  readonly httpsEnabled: boolean;
  /** Whether the platform and its tenants report to Datadog. */
  readonly datadogEnabled: boolean;
  /** The planned maintenance window (MON-07). */
  readonly maintenanceWindow: MaintenanceWindow;
  /** Name of the platform's stack, which names derived from it start with (automation documents, dashboards). */
  readonly platformStackName: string;
  /** @internal The platform as built in this app; undefined when imported from another app. */
  readonly _built?: PlatformContext;
  /** @internal The value of the cost allocation tag `tenant-platform` (MON-09). */
  readonly _costTagValue: string;
  /** @internal The registry that places tenants on shards (only the tenants of this app). */
  readonly _tenants: TenantRegistry;
  /** @internal Severity routing and runbook links for alarms created anywhere in the app. */
  readonly _alarmRouting: AlarmRouting;
  /** @internal Undefined when Datadog is off. */
  readonly _datadog?: DatadogSettings;
  /** The topic alarms of `severity` notify, as `scope`'s stack refers to it (MON-02). */
  alarmTopicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic;
  /** @internal The paging decision (MON-02). */
  _pagingOf(datadogWatches: (alarmId: string) => boolean): AlarmPaging;
  /** @internal The shared value `key` as `scope` must refer to it. */
  _value(scope: Construct, key: string): string;
  /** @internal The platform VPC as `scope`'s stack refers to it. */
  _vpcIn(scope: Construct): ec2.IVpc;
  /** @internal The platform key as `scope`'s stack refers to it. */
  _keyIn(scope: Construct): kms.IKey;
  /** @internal Memoises an import per consuming scope. */
  _cached<T>(scope: Construct, key: string, make: () => T): T;
}

/**
 * What the platform's alerting, operations and runbook sections read of the platform: its
 * environment and profile, network, cluster and load balancer shards, alarm routing, Datadog
 * settings and cross-stack imports.
 *
 * @internal
 */
export interface PlatformContext extends CrossStackImports, ITenantPlatform {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  /** One per shard; shard n is `loadBalancers[n - 1]`. */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  /** The same load balancers as built, with their CloudWatch full names. */
  readonly _shardLoadBalancers: elbv2.ApplicationLoadBalancer[];
  readonly webAcl: wafv2.CfnWebACL;
  readonly alarms: cloudwatch.IAlarm[];
  readonly runbookBaseUrl?: string;
  alarmTopic(severity: AlarmSeverity): sns.ITopic;
}

/**
 * What the alerting and operations of a tenant read of its service.
 *
 * @internal
 */
export interface TenantContext extends IConstruct {
  readonly tenantId: string;
  readonly hostHeader: string;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.ILogGroup;
  readonly loadBalancerShard: number;
  readonly alarms: cloudwatch.IAlarm[];
  readonly deploymentAlarms: cloudwatch.IAlarm[];
  readonly platform: ITenantPlatform;
}

/**
 * What the alerting and operations of a database read of it.
 *
 * @internal
 */
export interface DatabaseContext extends IConstruct {
  readonly instanceIdentifier: string;
  readonly maxConnections: number;
  /** The platform as built in this app. */
  readonly _platform: PlatformContext;
}
