import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PlatformDatadogOptions } from './datadog-settings';
import { PlatformBudgetProps } from './operations/platform-budget';
import { PlatformEnvironment } from '../core/environment';
import { MaintenanceWindow } from '../monitoring/maintenance-window';
import { PlatformNotifications } from '../monitoring/notifications';

/** Props of `TenantPlatform`. */
export interface TenantPlatformProps extends PlatformBudgetProps {
  /** The profile that sets every default (ECS-07). */
  readonly environment: PlatformEnvironment;
  /**
   * ACM certificate of the tenants' host names, for the HTTPS listeners (EDGE-01). Required in
   * STAGING and PRODUCTION.
   * @default - DEVELOPMENT only: the load balancers serve plain HTTP on port 80
   */
  readonly certificate?: acm.ICertificate;
  /** Who is told about alarms of each severity (MON-02). */
  readonly notifications: PlatformNotifications;
  /**
   * Retention of application, access, flow and WAF logs (LOG-01).
   * @default - 90 days in PRODUCTION, 30 days in STAGING, 7 days in DEVELOPMENT
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * CIDR block of the VPC (NET-02).
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * Availability zones of the VPC (NET-02). At least two.
   * @default - ap-northeast-1a and ap-northeast-1c in ap-northeast-1; elsewhere the first two zones of the region
   */
  readonly availabilityZones?: string[];
  /**
   * NAT gateways (NET-02).
   * @default - one per availability zone, except one in DEVELOPMENT
   */
  readonly natGateways?: number;
  /**
   * Internet-facing ALBs ("shards") tenants are spread over. Each holds up to 100 tenants (ALB
   * quotas: 100 listener rules and 100 target groups; a blue/green tenant uses two target groups).
   * Tenants that do not pin `loadBalancerShard` are placed by a stable hash of their id modulo this
   * number, so pin existing tenants before raising it.
   * @default 1
   */
  readonly loadBalancerShards?: number;
  /**
   * Deletion protection of the load balancers (EDGE-02).
   * @default - true in STAGING and PRODUCTION
   */
  readonly deletionProtection?: boolean;
  /**
   * Requests per 5 minutes from one IP address before the WAF blocks it (EDGE-03).
   * @default 2000
   */
  readonly wafRateLimit?: number;
  /**
   * Datadog for the platform, its database and its tenants (MON-03..07, LOG-03).
   * @default - CloudWatch only
   */
  readonly datadog?: PlatformDatadogOptions;
  /**
   * The planned maintenance window, during which alerts are muted (MON-07).
   * @default MaintenanceWindow.secondSundayJst() (2nd Sunday of the month, 02:00–04:00 JST)
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Address the generated runbooks folder is published at — the folder holding `ja/` and `en/`, e.g.
   * `https://github.com/org/repo/blob/main/docs/runbooks` after `tenant-platform runbooks --out
   * docs/runbooks`. Alarm descriptions link `<base>/en/<stack>.md#<alarm>` (MON-08).
   * @default - the context value `cdk-tenant-platform:runbookBaseUrl`, else a path relative to the
   * cloud assembly: `runbooks/en/<stack>.md#<alarm>`
   */
  readonly runbookBaseUrl?: string;
  /**
   * Name tenants find the platform by: its values are published as SSM parameters under
   * `/cdk-tenant-platform/<platformName>/`, which `TenantPlatform.fromPlatformName` reads. Letters,
   * digits, `.`, `-` and `_`.
   * @default - `<stack name>-<construct id>`, e.g. `SaasPlatform-Shared-Platform`
   */
  readonly platformName?: string;
  /**
   * Whether the platform (and its databases) also publish the CloudFormation exports that tenant
   * stacks synthesized before the SSM parameters imported. Turn off only after every tenant stack has been
   * redeployed with the SSM parameters (docs/migration-exports-to-ssm.md).
   * @default true
   */
  readonly publishLegacyExports?: boolean;
}
