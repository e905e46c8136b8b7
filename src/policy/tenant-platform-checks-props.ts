import { Duration } from 'aws-cdk-lib';
import { NagPackProps } from 'cdk-nag';
import { PlatformEnvironment } from '../core/environment';

/**
 * Props of `TenantPlatformChecks`. Every threshold starts at the environment profile
 * (`EnvironmentProfiles.of(environment)`); a prop may tighten it, and a prop that loosens it
 * throws at construction.
 */
export interface TenantPlatformChecksProps extends NagPackProps {
  /**
   * The environment whose profile sets the thresholds.
   * @default PlatformEnvironment.PRODUCTION
   */
  readonly environment?: PlatformEnvironment;

  /**
   * Fewest availability zones a VPC's subnets must span (NET-02, warning).
   * @default - the profile's `maxAzs` (2)
   */
  readonly minAvailabilityZones?: number;

  /**
   * Whether every AZ with private subnets needs its own NAT gateway (NET-02, warning).
   * @default - true when the profile has a NAT gateway per AZ (staging, production)
   */
  readonly requireNatGatewayPerAz?: boolean;

  /**
   * Shortest retention of a CloudWatch log group, in days (LOG-01).
   * @default - the profile's `minLogRetentionDays` (30 in PRODUCTION)
   */
  readonly minLogRetentionDays?: number;

  /**
   * Shortest automated backup retention of databases and AWS Backup plans (DB-04, DR-02).
   * @default - the profile's `minBackupRetention` (30 days in PRODUCTION)
   */
  readonly minBackupRetention?: Duration;

  /**
   * Longest rotation period of database credentials (DB-05).
   * @default - the profile's `maxSecretRotation` (90 days in PRODUCTION)
   */
  readonly maxSecretRotation?: Duration;

  /**
   * Lowest autoscaling minimum of an ECS service (ECS-02).
   * @default - the profile's `minCapacityFloor` (2 in PRODUCTION)
   */
  readonly minServiceCapacity?: number;

  /**
   * Highest percentage of the monthly budget at which a budget must alert (MON-09, warning).
   * @default 110
   */
  readonly budgetAlertThresholdPercent?: number;

  /**
   * Whether RDS instances must be Multi-AZ (DB-01).
   * @default - the profile's `multiAz` (true in PRODUCTION)
   */
  readonly requireMultiAz?: boolean;

  /**
   * Whether databases and load balancers must have deletion protection (DB-03, EDGE-02).
   * @default - the profile's `deletionProtection` (true in STAGING and PRODUCTION)
   */
  readonly requireDeletionProtection?: boolean;

  /**
   * Whether RDS instances must have Performance Insights and enhanced monitoring (DB-06).
   * @default - the profile's `performanceInsights` (true in STAGING and PRODUCTION)
   */
  readonly requirePerformanceInsights?: boolean;

  /**
   * Whether load balancer listeners must serve HTTPS, with HTTP only redirecting (EDGE-01).
   * @default - the profile's `requireCertificate` (true in STAGING and PRODUCTION)
   */
  readonly requireHttps?: boolean;

  /**
   * Whether databases must be recoverable in another region (DR-03, warning).
   * @default - true in PRODUCTION
   */
  readonly requireCrossRegionRecovery?: boolean;
}
