/**
 * The tags that tie metrics and monitors to a platform, a shard and a tenant (MON-03).
 *
 * Datadog's AWS integration copies AWS resource tags onto the CloudWatch metrics it imports (tag
 * values in lower case), so the library tags the platform's and tenants' AWS resources and scopes
 * every monitor query by those tags. The platform tag is the cost allocation tag every stack of the
 * platform already carries (MON-09); the library adds `env`, the shard and `service`. Monitors
 * carry the same tags plus their level and component, following Datadog's unified service tagging
 * (`env`, `service` = the tenant id).
 */
import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PLATFORM_COST_TAG, platformCostTagValue } from '../operations/cost-allocation';
import type { PlatformContext } from '../platform-context';

/** AWS and Datadog tag naming the platform a resource or monitor belongs to (the cost allocation tag). */
export const PLATFORM_TAG = PLATFORM_COST_TAG;
/** AWS and Datadog tag naming the ALB shard (1-based) of a load balancer or tenant. */
export const SHARD_TAG = 'alb-shard';

/** The level of the monitoring hierarchy (MON-03). */
export enum MonitorLevel {
  /** Platform components: load balancers, cluster, NAT, WAF, database. */
  PLATFORM = 'l0',
  /** Shared services one ALB shard gives all its tenants. */
  SHARED_SERVICE = 'l2',
  /** One tenant's symptoms. */
  TENANT = 'l3',
}

/** What a monitor or its query is about. */
export interface ScopeProps {
  /** The `tenant-platform` tag value. */
  readonly platform: string;
  /** The `env` of unified service tagging. */
  readonly env: string;
  /** 1-based ALB shard, for shard and tenant scopes. @default - none */
  readonly shard?: number;
  /** Tenant id (`service` of unified service tagging). @default - none */
  readonly tenantId?: string;
}

/** The tag scope of a platform, a shard or a tenant. */
export class MonitorScope {
  /** The platform tag's value as Datadog sees it: the cost allocation tag's value in lower case. */
  public static platformTagValue(platform: PlatformContext): string {
    return platformCostTagValue(platform).toLowerCase();
  }

  public constructor(private readonly props: ScopeProps) {}

  /** The platform tag, `tenant-platform:<platform>`: every monitor of the platform, its database and tenants has it. */
  public get platformTag(): string {
    return `${PLATFORM_TAG}:${this.props.platform}`;
  }

  /**
   * The query filter over the AWS tags the integration imports: `tenant-platform:x`, narrowed to
   * `alb-shard:1` for a shard, or to `service:acme` for a tenant (wherever it is placed).
   */
  public get filter(): string {
    const { shard, tenantId } = this.props;
    const narrowing = tenantId ? [`service:${tenantId}`] : shard !== undefined ? [`${SHARD_TAG}:${shard}`] : [];
    return [this.platformTag, ...narrowing].join(',');
  }

  /** The monitor tags of a monitor at `level` watching `component`. */
  public monitorTags(level: MonitorLevel, component: string): string[] {
    const { env, shard, tenantId } = this.props;
    return [
      `level:${level}`, `component:${component}`, `env:${env}`, this.platformTag,
      ...shard !== undefined ? [`${SHARD_TAG}:${shard}`] : [],
      ...tenantId ? [`service:${tenantId}`, `tenant:${tenantId}`] : [],
    ];
  }

  /**
   * Puts this scope's AWS tags on every taggable resource under `scope`, for the Datadog AWS
   * integration: `env`, the shard, `service`. (The platform tag is on every resource of the
   * platform's stacks already, as the cost allocation tag.)
   */
  public tagResources(scope: IConstruct): void {
    const { env, shard, tenantId } = this.props;
    const tags = Tags.of(scope);
    tags.add('env', env);
    if (shard !== undefined) tags.add(SHARD_TAG, String(shard));
    if (tenantId) tags.add('service', tenantId);
  }

  /** The same scope narrowed to `shard`. */
  public forShard(shard: number): MonitorScope {
    return new MonitorScope({ ...this.props, shard });
  }

  /** The same scope narrowed to the tenant `tenantId` on `shard`. */
  public forTenant(tenantId: string, shard: number): MonitorScope {
    return new MonitorScope({ ...this.props, shard, tenantId });
  }
}

/** The `component` tag of a tenant symptom or shared cause: `ErrorRate` → `error-rate`. */
export function componentOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
