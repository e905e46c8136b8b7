import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The deployment profile of a platform (ECS-07). A profile sets every default of every construct;
 * a prop overrides a default, and the production floors are enforced at synth.
 */
export enum PlatformEnvironment {
  /** Cheap and disposable: one NAT gateway, single-AZ database, 7-day logs. */
  DEVELOPMENT = 'development',
  /** Production-shaped, smaller: hardening on, shorter retention, single-AZ database. */
  STAGING = 'staging',
  /** Every requirement in REQUIREMENTS.md holds: Multi-AZ, 30-day backups, deletion protection... */
  PRODUCTION = 'production',
}

/**
 * The defaults and floors of one `PlatformEnvironment`.
 *
 * Every construct of this library reads its defaults from here, so a profile is the single place
 * that says what "production" means. Floors are the limits a prop may not cross in that profile.
 */
export interface EnvironmentProfile {
  /** The environment this profile belongs to. */
  readonly environment: PlatformEnvironment;
  /** Availability zones of the VPC (NET-02). */
  readonly maxAzs: number;
  /** NAT gateways: one per AZ in production, one in development (NET-02). */
  readonly natGateways: number;
  /** Retention of application, access and flow logs (LOG-01). */
  readonly logRetention: logs.RetentionDays;
  /** Retention of error logs (LOG-01). */
  readonly errorLogRetention: logs.RetentionDays;
  /** Days the access-log and audit buckets keep objects (LOG-01). */
  readonly auditLogRetentionDays: number;
  /** Lowest log retention, in days, a prop may set (LOG-01: 30 days in production). */
  readonly minLogRetentionDays: number;
  /** Deletion protection on load balancers and databases (EDGE-02, DB-03). */
  readonly deletionProtection: boolean;
  /** Whether an ACM certificate is required; without one a non-production platform serves HTTP only (EDGE-01). */
  readonly requireCertificate: boolean;
  /** RDS Multi-AZ (DB-01). */
  readonly multiAz: boolean;
  /** Automated backup retention of databases (DB-04). */
  readonly backupRetention: Duration;
  /** Lowest backup retention a prop may set (DB-04: 30 days in production). */
  readonly minBackupRetention: Duration;
  /** Retention of the hourly backups of application data (DR-02: 7 days). */
  readonly applicationDataBackupRetention: Duration;
  /** Lowest application-data backup retention a prop may set (DR-02: 7 days in production). */
  readonly minApplicationDataBackupRetention: Duration;
  /** How long a configuration bucket keeps noncurrent object versions (DR-02: 90 days). */
  readonly configurationVersionRetention: Duration;
  /** Lowest configuration version retention a prop may set (DR-02: 90 days in production). */
  readonly minConfigurationVersionRetention: Duration;
  /** Database credential rotation period (DB-05). */
  readonly secretRotation: Duration;
  /** Longest rotation period a prop may set (DB-05: 90 days). */
  readonly maxSecretRotation: Duration;
  /** Performance Insights and enhanced monitoring on databases (DB-06). */
  readonly performanceInsights: boolean;
  /** Tasks per tenant service at rest, and the lowest autoscaling capacity (ECS-02). */
  readonly minCapacity: number;
  /** Highest autoscaling capacity of a tenant service (ECS-02). */
  readonly maxCapacity: number;
  /** Lowest `minCapacity` a prop may set (ECS-02: 2 in production). */
  readonly minCapacityFloor: number;
  /**
   * Monthly cost budget of a platform in USD (MON-09). The operations documents estimate 339 USD a
   * month of AWS for ten production tenants and about 100 for the three-tenant PoC; the defaults leave headroom.
   */
  readonly monthlyBudgetUsd: number;
}

/** Looks up the profile of an environment. */
export class EnvironmentProfiles {
  /** The defaults and floors of `environment`. */
  public static of(environment: PlatformEnvironment): EnvironmentProfile {
    const profile = PROFILES[environment];
    if (!profile) {
      throw new Error(`environment "${environment}" is not one of ${Object.values(PlatformEnvironment).join(', ')}`);
    }
    return profile;
  }

  private constructor() {}
}

const PROFILES: Record<PlatformEnvironment, EnvironmentProfile> = {
  [PlatformEnvironment.PRODUCTION]: {
    environment: PlatformEnvironment.PRODUCTION,
    maxAzs: 2,
    natGateways: 2,
    logRetention: logs.RetentionDays.THREE_MONTHS,
    errorLogRetention: logs.RetentionDays.SIX_MONTHS,
    auditLogRetentionDays: 365,
    minLogRetentionDays: 30,
    deletionProtection: true,
    requireCertificate: true,
    multiAz: true,
    backupRetention: Duration.days(30),
    minBackupRetention: Duration.days(30),
    applicationDataBackupRetention: Duration.days(7),
    minApplicationDataBackupRetention: Duration.days(7),
    configurationVersionRetention: Duration.days(90),
    minConfigurationVersionRetention: Duration.days(90),
    secretRotation: Duration.days(90),
    maxSecretRotation: Duration.days(90),
    performanceInsights: true,
    minCapacity: 2,
    maxCapacity: 10,
    minCapacityFloor: 2,
    monthlyBudgetUsd: 400,
  },
  [PlatformEnvironment.STAGING]: {
    environment: PlatformEnvironment.STAGING,
    maxAzs: 2,
    natGateways: 2,
    logRetention: logs.RetentionDays.ONE_MONTH,
    errorLogRetention: logs.RetentionDays.THREE_MONTHS,
    auditLogRetentionDays: 90,
    minLogRetentionDays: 7,
    deletionProtection: true,
    requireCertificate: true,
    multiAz: false,
    backupRetention: Duration.days(7),
    minBackupRetention: Duration.days(1),
    applicationDataBackupRetention: Duration.days(7),
    minApplicationDataBackupRetention: Duration.days(1),
    configurationVersionRetention: Duration.days(30),
    minConfigurationVersionRetention: Duration.days(7),
    secretRotation: Duration.days(90),
    maxSecretRotation: Duration.days(90),
    performanceInsights: true,
    minCapacity: 2,
    maxCapacity: 4,
    minCapacityFloor: 1,
    monthlyBudgetUsd: 200,
  },
  [PlatformEnvironment.DEVELOPMENT]: {
    environment: PlatformEnvironment.DEVELOPMENT,
    maxAzs: 2,
    natGateways: 1,
    logRetention: logs.RetentionDays.ONE_WEEK,
    errorLogRetention: logs.RetentionDays.ONE_MONTH,
    auditLogRetentionDays: 30,
    minLogRetentionDays: 1,
    deletionProtection: false,
    requireCertificate: false,
    multiAz: false,
    backupRetention: Duration.days(1),
    minBackupRetention: Duration.days(1),
    applicationDataBackupRetention: Duration.days(1),
    minApplicationDataBackupRetention: Duration.days(1),
    configurationVersionRetention: Duration.days(7),
    minConfigurationVersionRetention: Duration.days(1),
    secretRotation: Duration.days(90),
    maxSecretRotation: Duration.days(365),
    performanceInsights: false,
    minCapacity: 1,
    maxCapacity: 2,
    minCapacityFloor: 1,
    monthlyBudgetUsd: 100,
  },
};
