import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { TenantPlatform } from './tenant-platform';
import { DatabaseAlarmThresholds } from '../monitoring/alarm-thresholds';

/** Props of `MonitoredDatabase`. */
export interface MonitoredDatabaseProps {
  /** The platform whose VPC, alarm topics and profile the database uses. */
  readonly platform: TenantPlatform;
  /**
   * PostgreSQL major version.
   * @default rds.PostgresEngineVersion.VER_17
   */
  readonly engineVersion?: rds.PostgresEngineVersion;
  /**
   * Instance class.
   * @default - db.t4g.medium; db.t4g.micro in DEVELOPMENT
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Name of the database created on the instance.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Standby in a second availability zone (DB-01).
   * @default - true in PRODUCTION
   */
  readonly multiAz?: boolean;
  /**
   * Storage at creation, in GiB (DB-07).
   * @default 100
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling of storage autoscaling, in GiB (DB-07).
   * @default 500
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Retention of automated backups and point-in-time recovery (DB-04). At least 30 days in PRODUCTION.
   * @default - 30 days in PRODUCTION, 7 in STAGING, 1 in DEVELOPMENT
   */
  readonly backupRetention?: Duration;
  /**
   * Daily backup window, UTC `hh:mm-hh:mm` (DB-08).
   * @default '16:00-16:30' (01:00–01:30 JST, ahead of the maintenance window)
   */
  readonly preferredBackupWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm` (DB-08). RDS windows are weekly; the seed's
   * "2nd Sunday 02:00–04:00 JST" is Saturday 17:00–19:00 UTC every week.
   * @default 'sat:17:00-sat:19:00'
   */
  readonly preferredMaintenanceWindow?: string;
  /**
   * How often the master credentials rotate (DB-05). At most 90 days.
   * @default Duration.days(90)
   */
  readonly secretRotation?: Duration;
  /**
   * Deletion protection (DB-03).
   * @default - true in STAGING and PRODUCTION
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the instance when it leaves the stack (DB-03, DR-06). DESTROY is rejected.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * `max_connections`; when set it is also written to the parameter group. The connection alarms
   * are percentages of it (DB-06).
   * @default - PostgreSQL's RDS default for the instance class
   */
  readonly maxConnections?: number;
  /**
   * Alarm thresholds (DB-06).
   * @default - the values of REQUIREMENTS.md DB-06
   */
  readonly alarmThresholds?: DatabaseAlarmThresholds;
}
