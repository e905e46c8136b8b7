import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { IRecoveryHost } from './recovery-host';
import { DisruptionRecovery } from './recovery-objectives';
import type { TenantPlatform } from '../tenant-platform';

/** Props of `DrPlan`. */
export interface DrPlanProps {
  /**
   * The tenant platform whose data the plan protects: its profile, alarm topics, key and runbook
   * (through `IRecoveryHost`), and the VPC restore-tested databases go into, the ECS cluster the
   * recovery runbook restarts, and the load balancer a region failover points to.
   * @default - none; give `host` instead
   */
  readonly platform?: TenantPlatform;
  /**
   * The application whose data the plan protects, when it is not a `TenantPlatform`: e.g. a
   * `ServerlessAlerting`, which has no ECS cluster. Give exactly one of `platform` and `host`.
   * @default - the `platform`
   */
  readonly host?: IRecoveryHost;
  /**
   * The region every database snapshot and application-data backup is copied to (DR-03). The copy
   * vault is created in a stack of that region, `<stack>-<id>-<region>`, which the plan's stack
   * depends on so `cdk deploy` creates it first.
   * @default - no copies: a region-wide disruption is not recoverable (a warning in PRODUCTION)
   */
  readonly copyToRegion?: string;
  /**
   * Retention of the daily database snapshots and table backups and their copies; continuous
   * backup keeps the same, up to AWS Backup's 35-day limit (DR-02).
   * @default - 30 days in PRODUCTION, 7 in STAGING, 1 in DEVELOPMENT
   */
  readonly databaseBackupRetention?: Duration;
  /**
   * Retention of the hourly application-data backups and their copies (DR-02).
   * @default - 7 days in PRODUCTION and STAGING, 1 in DEVELOPMENT
   */
  readonly applicationDataBackupRetention?: Duration;
  /**
   * How long configuration buckets keep noncurrent object versions (DR-02).
   * @default - 90 days in PRODUCTION, 30 in STAGING, 7 in DEVELOPMENT
   */
  readonly configurationVersionRetention?: Duration;
  /**
   * AWS Backup Vault Lock on both vaults: recovery points cannot be deleted, even by an
   * administrator, before `minRetention`. `minRetention` must not exceed the shortest retention of
   * the plans writing to the vaults.
   * @default - no vault lock
   */
  readonly vaultLock?: backup.LockConfiguration;
  /**
   * UTC hour the daily database snapshot is due; continuous backup is due an hour later.
   * @default 17 (02:00 JST, the time of batch job B001, DR-02)
   */
  readonly dailyBackupHourUtc?: number;
  /**
   * How long a monthly restore test keeps the restored resources for validation before AWS Backup
   * deletes them (DR-04). At most 168 hours.
   * @default Duration.hours(4)
   */
  readonly restoreTestValidationWindow?: Duration;
  /**
   * Time to stand up the platform and tenant stacks in `copyToRegion` during a region failure
   * (recovery level R3); measure it in the quarterly region drill.
   * @default Duration.hours(1)
   */
  readonly recoveryRegionDeployTime?: Duration;
}

/** The achievable recovery of one protected resource, per disruption type. */
export interface ProtectedResourceRecovery {
  /** Construct path of the resource. */
  readonly resource: string;
  /** What the resource is, e.g. `RDS instance shared-database`. */
  readonly description: string;
  /** One entry per disruption type. */
  readonly recoveries: DisruptionRecovery[];
}
