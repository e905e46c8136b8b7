import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PagingDecision, PagingSystem } from './alerting/paging';
import type { ITenantPlatform } from './platform-context';
import { checkPlatformName, platformParameterPrefix } from './platform-parameters';
import { ScopedImports } from './scoped-imports';
import { parameterReference, readParameter } from './shared-values';
import { TenantRegistry } from './tenant-placement';
import { EnvironmentProfile, EnvironmentProfiles, PlatformEnvironment } from '../core/environment';
import { AlarmSeverity, severityName } from '../core/severity';
import { PropProblems } from '../core/validation';
import { AlarmPaging, AlarmRouting } from '../monitoring/alarm-factory';
import { MaintenanceWindow } from '../monitoring/maintenance-window';
import { Runbook } from '../runbooks/runbook';

/**
 * What a tenant stack must know of a platform built in another app when it is synthesized: the
 * values the platform was built with. Everything else is read at deploy time from the platform's
 * SSM parameters under `/cdk-tenant-platform/<platformName>/`.
 */
export interface TenantPlatformAttributes {
  /** The platform's `platformName`, which its SSM parameters are published under. */
  readonly platformName: string;
  /**
   * Name of the platform's stack: tenant names derived from it (automation documents, the link to
   * the platform's dashboard) stay the same as in the platform's app.
   */
  readonly platformStackName: string;
  /** The platform's `environment`. */
  readonly environment: PlatformEnvironment;
  /**
   * The platform's `loadBalancerShards`: tenants that do not pin `loadBalancerShard` are placed by
   * their id modulo this number, so it must match or the tenant moves.
   * @default 1
   */
  readonly loadBalancerShards?: number;
  /**
   * The platform's `availabilityZones` (one private subnet each).
   * @default - as the platform defaults them: ap-northeast-1a and ap-northeast-1c in ap-northeast-1, elsewhere the first zones of the region as the environment's profile counts them
   */
  readonly availabilityZones?: string[];
  /**
   * The platform's `logRetention`, the default of the tenant's (LOG-01).
   * @default - 90 days in PRODUCTION, 30 days in STAGING, 7 days in DEVELOPMENT
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Whether the platform's load balancers serve HTTPS (it has a `certificate`).
   * @default - true in STAGING and PRODUCTION (where the platform requires a certificate), false in DEVELOPMENT
   */
  readonly httpsEnabled?: boolean;
  /**
   * The platform's `maintenanceWindow` (MON-07).
   * @default MaintenanceWindow.secondSundayJst()
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Value of the cost allocation tag `tenant-platform` on the tenant's resources (MON-09): the
   * platform's is `<platform stack name>-<platform construct id>`.
   * @default - platformName, which is that value unless the platform set its platformName
   */
  readonly costAllocationTag?: string;
  /**
   * Whether the platform has Datadog (`TenantPlatformProps.datadog`). An imported platform does not
   * support Datadog yet: its tenants' sidecars and monitors need the platform's Datadog settings,
   * which are not published; synthesize such tenants in the platform's app.
   * @default false
   */
  readonly datadogEnabled?: boolean;
}

/**
 * A `TenantPlatform` of another app, as a tenant stack of this app refers to it (`TenantPlatform.fromPlatformName`).
 * The tenant stack must deploy to the platform's account and region, where its SSM parameters are.
 *
 * Limits: tenant placement checks (unique ids and host names, listener-rule priorities, shard quotas)
 * see only the tenants of this app; the tenant's runbook does not link the platform's runbook. A tenant's
 * `database` is the platform's database imported with `MonitoredDatabase.fromDatabaseName`.
 */
export class ImportedTenantPlatform extends Construct implements ITenantPlatform {
  public readonly platformName: string;
  public readonly platformStackName: string;
  public readonly environment: PlatformEnvironment;
  public readonly profile: EnvironmentProfile;
  public readonly loadBalancerShardCount: number;
  public readonly logRetention: logs.RetentionDays;
  public readonly httpsEnabled: boolean;
  public readonly datadogEnabled = false;
  public readonly maintenanceWindow: MaintenanceWindow;
  /** Value of the cost allocation tag `tenant-platform` on the tenants' resources. */
  public readonly costAllocationTag: string;
  /** @internal */
  public readonly _costTagValue: string;
  /** @internal */
  public readonly _tenants = new TenantRegistry();
  /** @internal */
  public readonly _built = undefined;
  /** @internal */
  public readonly _datadog = undefined;
  private readonly availabilityZones?: string[];
  private readonly imports = new ScopedImports();

  public constructor(scope: Construct, id: string, attrs: TenantPlatformAttributes) {
    super(scope, id);
    const check = new PropProblems(this.node.path);
    checkPlatformName(check, 'platformName', attrs.platformName);
    check.matches('platformStackName', attrs.platformStackName, /^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name');
    this.platformName = attrs.platformName;
    this.platformStackName = attrs.platformStackName;
    this.environment = attrs.environment;
    this.profile = EnvironmentProfiles.of(attrs.environment);
    this.loadBalancerShardCount = attrs.loadBalancerShards ?? 1;
    check.integerBetween('loadBalancerShards', this.loadBalancerShardCount, 1, 20);
    this.availabilityZones = attrs.availabilityZones ?? defaultAvailabilityZones(Stack.of(this).region);
    if (this.availabilityZones && this.availabilityZones.length < 2) check.report('availabilityZones', this.availabilityZones, 'must name at least two zones (NET-02)');
    this.logRetention = attrs.logRetention ?? this.profile.logRetention;
    check.logRetentionReaches('logRetention', this.logRetention, this.profile);
    this.httpsEnabled = attrs.httpsEnabled ?? this.profile.requireCertificate;
    if (!this.httpsEnabled && this.profile.requireCertificate) {
      check.report('httpsEnabled', false, `cannot be false in ${attrs.environment}: the platform requires a certificate there (EDGE-01)`);
    }
    this.maintenanceWindow = attrs.maintenanceWindow ?? MaintenanceWindow.secondSundayJst();
    this.costAllocationTag = attrs.costAllocationTag ?? attrs.platformName;
    this._costTagValue = this.costAllocationTag;
    if (attrs.datadogEnabled) {
      check.report('datadogEnabled', true, 'is not supported by a platform imported by name yet: synthesize tenants of a Datadog platform in the platform\'s app');
    }
    check.throwIfAny();
  }

  public alarmTopicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic {
    return this._alarmRouting.topicFor(scope, severity);
  }

  /** @internal */
  public get _alarmRouting(): AlarmRouting {
    return {
      topicFor: (scope, severity) => this._cached(scope, `Topic${severity}`,
        () => sns.Topic.fromTopicArn(scope, `PlatformAlarmTopic-${severity}`, this._value(scope, `Topic${severityName(severity)}Arn`))),
      runbookLink: (scope, anchor) => Runbook.linkFor(scope, anchor),
    };
  }

  /** @internal CloudWatch pages: Datadog is refused. */
  public _pagingOf(datadogWatches: (alarmId: string) => boolean): AlarmPaging {
    return new PagingDecision(PagingSystem.CLOUDWATCH, datadogWatches);
  }

  /** @internal */
  public _value(scope: Construct, key: string): string {
    return readParameter(scope, this.parameterName(key));
  }

  /** @internal */
  public _vpcIn(scope: Construct): ec2.IVpc {
    return this._cached(scope, 'Vpc', () => {
      const zones = this.availabilityZones ?? Stack.of(scope).availabilityZones.slice(0, this.profile.maxAzs);
      return ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
        vpcId: this._value(scope, 'VpcId'),
        availabilityZones: zones,
        privateSubnetIds: zones.map((_, i) => parameterReference(this.parameterName(`PrivateSubnet${i + 1}`))),
        privateSubnetRouteTableIds: zones.map((_, i) => parameterReference(this.parameterName(`PrivateRouteTable${i + 1}`))),
      });
    });
  }

  /** @internal */
  public _keyIn(scope: Construct): kms.IKey {
    return this._cached(scope, 'Key', () => kms.Key.fromKeyArn(scope, 'PlatformKey', parameterReference(this.parameterName('KeyArn'))));
  }

  /** @internal */
  public _cached<T>(scope: Construct, key: string, make: () => T): T {
    return this.imports.in(scope, key, make);
  }

  private parameterName(key: string): string {
    return `${platformParameterPrefix(this.platformName)}/${key}`;
  }
}

/** The platform's default availability zones in `region` (NET-02), or undefined for the region's first zones. */
export function defaultAvailabilityZones(region: string): string[] | undefined {
  if (Token.isUnresolved(region)) return undefined;
  // NET-02: the seed's ap-northeast-1a / 1c (1b is not offered to new accounts).
  return region === 'ap-northeast-1' ? ['ap-northeast-1a', 'ap-northeast-1c'] : undefined;
}
