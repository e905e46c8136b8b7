import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { IConstruct } from 'constructs';
import type { DatadogSettings } from './datadog-settings';
import type { CrossStackImports } from './shared-values';
import { EnvironmentProfile, PlatformEnvironment } from '../core/environment';
import { AlarmSeverity } from '../core/severity';
import { AlarmPaging, AlarmRouting } from '../monitoring/alarm-factory';
import { MaintenanceWindow } from '../monitoring/maintenance-window';

// The contract between the platform's constructs and their alerting, operations and runbook
// sections (docs/ARCHITECTURE.md): those read the platform, a tenant or a database through these
// interfaces, which TenantPlatform, SecureTenantService and MonitoredDatabase satisfy, and never
// import the constructs themselves.

/**
 * What the platform's alerting, operations and runbook sections read of the platform: its
 * environment and profile, network, cluster and load balancer shards, alarm routing, Datadog
 * settings and cross-stack imports.
 *
 * @internal
 */
export interface PlatformContext extends CrossStackImports {
  readonly environment: PlatformEnvironment;
  readonly profile: EnvironmentProfile;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  /** One per shard; shard n is `loadBalancers[n - 1]`. */
  readonly loadBalancers: elbv2.IApplicationLoadBalancer[];
  /** The same load balancers as built, with their CloudWatch full names. */
  readonly _shardLoadBalancers: elbv2.ApplicationLoadBalancer[];
  readonly webAcl: wafv2.CfnWebACL;
  readonly alarms: cloudwatch.IAlarm[];
  readonly httpsEnabled: boolean;
  readonly maintenanceWindow: MaintenanceWindow;
  readonly datadogEnabled: boolean;
  readonly runbookBaseUrl?: string;
  readonly _alarmRouting: AlarmRouting;
  /** Undefined when Datadog is off. */
  readonly _datadog?: DatadogSettings;
  alarmTopic(severity: AlarmSeverity): sns.ITopic;
  /**
   * The paging decision (one page per incident, MON-02) for alarms of which `datadogWatches` tells
   * those a Datadog monitor watches too (`DATADOG_TWINS`).
   */
  _pagingOf(datadogWatches: (alarmId: string) => boolean): AlarmPaging;
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
  readonly platform: PlatformContext;
}

/**
 * What the alerting and operations of a database read of it.
 *
 * @internal
 */
export interface DatabaseContext extends IConstruct {
  readonly instanceIdentifier: string;
  readonly maxConnections: number;
  readonly platform: PlatformContext;
}
