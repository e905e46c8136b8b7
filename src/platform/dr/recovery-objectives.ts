import { Duration } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';

/**
 * What can go wrong, in the disruption types of an AWS Resilience Hub resiliency policy. Each
 * protected resource is assessed against every one (DR-01).
 */
export enum DisruptionType {
  /** An availability zone becomes unavailable. */
  AVAILABILITY_ZONE = 'availability-zone',
  /** The hardware under one resource fails (an instance host, a volume). */
  HARDWARE = 'hardware',
  /** Software or an operator corrupts or deletes data; replication copies the damage, so only a backup helps. */
  SOFTWARE = 'software',
  /** The whole region becomes unavailable. */
  REGION = 'region',
}

/** Every disruption type, in the order the objectives table lists them. */
export const ALL_DISRUPTIONS: readonly DisruptionType[] = [
  DisruptionType.AVAILABILITY_ZONE, DisruptionType.HARDWARE, DisruptionType.SOFTWARE, DisruptionType.REGION,
];

/**
 * The recovery objectives of one protected resource (DR-01). `rpo` and `rto` hold for disruptions
 * inside the region (availability zone, hardware, software); a region-wide disruption has its own,
 * optional objectives, like the optional Region entry of an AWS Resilience Hub resiliency policy.
 */
export interface RecoveryObjectives {
  /** Most data, measured in time, an availability-zone, hardware or software disruption may lose. */
  readonly rpo: Duration;
  /** Longest an availability-zone, hardware or software disruption may keep the data unavailable. */
  readonly rto: Duration;
  /**
   * Most data a region-wide disruption may lose.
   * @default - not checked; the achievable value is still reported in the objectives table
   */
  readonly regionRpo?: Duration;
  /**
   * Longest a region-wide disruption may keep the data unavailable.
   * @default - not checked; the achievable value is still reported in the objectives table
   */
  readonly regionRto?: Duration;
  /**
   * How long restoring this resource from a backup takes. Set it from the restore-job durations
   * the monthly restore tests measure (DR-04), so the objectives are checked against reality.
   * @default - an estimate from the resource's size; see the objectives table for its parts
   */
  readonly restoreTimeEstimate?: Duration;
}

/** Objectives and recovery options of a protected database. */
export interface DatabaseProtectionOptions extends RecoveryObjectives {
  /**
   * A read replica of the database in another region, created elsewhere in the app or imported.
   * Promoting it is the region-disruption recovery with the smallest RPO (DR-03).
   * @default - no replica: a region disruption is recovered from the cross-region copies
   */
  readonly crossRegionReplica?: rds.IDatabaseInstance;
}

/**
 * What a protected bucket holds, which decides how it is protected (DR-02).
 */
export enum BucketDataClass {
  /** Files the application writes (uploads): hourly AWS Backup recovery points kept 7 days, copied across regions. */
  APPLICATION_DATA = 'application-data',
  /** Configuration: every change is an S3 object version, noncurrent versions kept 90 days. */
  CONFIGURATION = 'configuration',
}

/** Objectives and data class of a protected bucket. */
export interface BucketProtectionOptions extends RecoveryObjectives {
  /**
   * What the bucket holds.
   * @default BucketDataClass.APPLICATION_DATA
   */
  readonly dataClass?: BucketDataClass;
}

/** The achievable recovery of one protected resource from one disruption, next to its objective. */
export interface DisruptionRecovery {
  /** The disruption. */
  readonly disruption: DisruptionType;
  /**
   * Most data the disruption loses with what is deployed.
   * @default - not recoverable with what is deployed
   */
  readonly achievableRpo?: Duration;
  /**
   * Longest the data stays unavailable with what is deployed.
   * @default - not recoverable with what is deployed
   */
  readonly achievableRto?: Duration;
  /** How the resource is recovered, and what the figures are made of. */
  readonly mechanism: string;
  /**
   * The declared RPO for this disruption.
   * @default - none declared
   */
  readonly objectiveRpo?: Duration;
  /**
   * The declared RTO for this disruption.
   * @default - none declared
   */
  readonly objectiveRto?: Duration;
  /** Why an objective cannot be met and what would fix it; empty when every declared objective is met. */
  readonly problems: string[];
}
