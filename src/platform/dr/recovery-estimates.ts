import { Duration } from 'aws-cdk-lib';

/**
 * The figures achievable RPO and RTO are computed from (DR-01), each with where it comes from.
 * Figures AWS documents are cited; the rest are our estimates, marked as such, and every estimate
 * that depends on the data (restore times, deploy times) can be replaced by a measured value:
 * `restoreTimeEstimate` per resource from the monthly restore tests (DR-04), and
 * `recoveryRegionDeployTime` from the quarterly region drill.
 */
export const RECOVERY_FIGURES = {
  /**
   * RDS Multi-AZ failover to the synchronous standby: "Failover times are typically 60–120
   * seconds" (Amazon RDS User Guide, Failing over a Multi-AZ DB instance,
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html). The
   * standby is written synchronously, so nothing committed is lost. The endpoint name does not
   * change, so clients reconnect without configuration changes.
   */
  multiAzFailover: Duration.minutes(2),
  /**
   * Point-in-time restore: RDS uploads the transaction logs of a DB instance to Amazon S3 every
   * five minutes, so the latest restorable time is at most about five minutes old (Amazon RDS User
   * Guide, Restoring a DB instance to a specified time,
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html). AWS Backup continuous
   * backup for RDS is built on the same logs.
   */
  pointInTimeRpo: Duration.minutes(5),
  /**
   * Estimate (ours): creating a DB instance from a snapshot or a point in time before it reports
   * `available`. "AWS Backup does not provide any service-level agreements (SLAs) for a restore
   * time" (AWS Backup Developer Guide, Restore a backup by resource type,
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup.html); the time grows
   * with storage and, for a point-in-time restore, with the log to replay.
   */
  databaseRestoreBase: Duration.minutes(15),
  /** Estimate (ours): extra restore time per 10 GiB of allocated storage. */
  databaseRestorePer10GiB: Duration.minutes(1),
  /**
   * Estimate (ours): pointing the tenants at a restored or promoted database: update the host in
   * the credentials secret and force a new deployment of each tenant service (a rolling deployment
   * with a 60-second health-check grace period).
   */
  reconnectTenants: Duration.minutes(10),
  /**
   * Estimate (ours): replication lag of a cross-region read replica. Replication is asynchronous;
   * watch the replica's `ReplicaLag` metric to confirm it stays below this.
   */
  crossRegionReplicaLag: Duration.minutes(1),
  /** Estimate (ours): promoting a read replica to a standalone instance. */
  replicaPromotion: Duration.minutes(10),
  /**
   * Amazon S3 stores objects redundantly across at least three availability zones (S3 Standard),
   * so losing a zone or a device loses nothing and interrupts nothing (Amazon S3 User Guide, Data
   * protection in Amazon S3, https://docs.aws.amazon.com/AmazonS3/latest/userguide/DataDurability.html).
   */
  s3ZoneLoss: Duration.seconds(0),
  /**
   * S3 Replication Time Control replicates 99.99 % of new objects within 15 minutes (Amazon S3
   * User Guide, Meeting compliance requirements with S3 Replication Time Control,
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html).
   */
  s3ReplicationTimeControl: Duration.minutes(15),
  /**
   * Estimate (ours, AWS gives no SLA, see above): restoring a bucket's recovery point with AWS
   * Backup; the time grows with the number of objects. AWS Backup never overwrites an existing
   * object, so undoing corruption means restoring into a new bucket and copying back.
   */
  bucketRestore: Duration.minutes(20),
  /** Estimate (ours): copying the previous versions of a configuration bucket's objects back over the current ones. */
  versionRestore: Duration.minutes(10),
  /**
   * Route 53 failover: a health check is unhealthy after `failureThreshold` (3) failed checks
   * `requestInterval` (30 s) apart, and alias records to a load balancer have a 60-second TTL
   * (Amazon Route 53 Developer Guide, How Amazon Route 53 determines whether a health check is
   * healthy, https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html).
   * 90 s + 60 s, rounded up.
   */
  dnsFailover: Duration.minutes(3),
  /** Estimate (ours): an operator changing the DNS records by hand, following the region runbook. */
  manualDnsChange: Duration.minutes(15),
  /** Default of `recoveryRegionDeployTime`, estimate (ours): `cdk deploy` of the platform and tenant stacks in the recovery region. */
  recoveryRegionDeploy: Duration.hours(1),
};

/**
 * The data a scheduled backup loses is at most the time since the previous one: its schedule
 * interval. The AWS Well-Architected Reliability Pillar ties the two together (REL09-BP03, "Perform
 * data backup automatically": take backups on a periodic schedule informed by the RPO). A job that
 * starts late within its start window can add to it; the failed-job alerts (DR-04) report jobs that
 * do not run at all.
 */
export const BACKUP_INTERVALS = {
  /** Database snapshots, and the copies made of them. */
  databaseDaily: Duration.days(1),
  /** Application-data backups, and their copies. */
  applicationDataHourly: Duration.hours(1),
};

/** The default restore-time estimate of a database with `allocatedGiB` of storage. */
export function estimatedDatabaseRestore(allocatedGiB: number): Duration {
  const f = RECOVERY_FIGURES;
  return Duration.minutes(f.databaseRestoreBase.toMinutes() + Math.ceil(allocatedGiB / 10) * f.databaseRestorePer10GiB.toMinutes());
}
