import { Duration } from 'aws-cdk-lib';
import { ResourceAssessment } from './achievable-recovery';
import { BucketDataClass } from './recovery-objectives';
import { anchorWords } from '../../runbooks/runbook-section';

/** A protected database as its runbook sections name it. */
export interface RunbookDatabase {
  readonly label: string;
  /** The DB instance identifier (a physical name known at synth). */
  readonly identifier: string;
  readonly multiAz: boolean;
  /** Region of the instance. */
  readonly region: string;
  /** Shell expressions for physical ids, read from the database's stack. */
  readonly subnetGroup: string;
  readonly securityGroup: string;
  readonly parameterGroup: string;
  readonly secret: string;
  /** How long a restore takes, as the objectives table counts it. */
  readonly restoreTime: Duration;
  /** A cross-region read replica, if one is declared. @default - none */
  readonly replica?: { readonly region: string; readonly identifier: string };
}

/** A protected bucket as its runbook sections name it. */
export interface RunbookBucket {
  readonly label: string;
  /** Construct path, for the anchor. */
  readonly path: string;
  /** Shell expression for the bucket name, read from the bucket's stack. */
  readonly name: string;
  readonly region: string;
  readonly dataClass: BucketDataClass;
  readonly restoreTime: Duration;
}

/** Everything the DR runbook sections of one DrPlan name. */
export interface DrRunbookFacts {
  /** Prefix of every anchor, e.g. `dr`. */
  readonly anchorPrefix: string;
  readonly stackName: string;
  readonly region: string;
  /** @default - no copies */
  readonly copyRegion?: string;
  readonly vaultName: string;
  /** @default - no copies */
  readonly copyVaultName?: string;
  /** Name of the role AWS Backup assumes; restores and on-demand jobs pass it. */
  readonly backupRoleName: string;
  readonly restoreTestingPlanName: string;
  /** Shell expression for the ECS cluster name. */
  readonly cluster: string;
  /** Shell expression for the ARN of the critical alarm topic. */
  readonly criticalTopicArn: string;
  readonly databases: readonly RunbookDatabase[];
  readonly buckets: readonly RunbookBucket[];
  /** Health-checked names that fail over to the recovery region. */
  readonly failovers: ReadonlyArray<{ readonly recordName: string; readonly healthCheckDomainName: string }>;
  readonly assessments: readonly ResourceAssessment[];
}

/** Anchors of the DR sections of the DrPlan whose anchors start with `prefix`. */
export function drAnchors(prefix: string) {
  return {
    overview: `${prefix}-overview`,
    l1: `${prefix}-l1-service-partial`,
    l2Database: (identifier: string) => `${prefix}-l2-database-${anchorWords(identifier)}`,
    l2Bucket: (path: string) => `${prefix}-l2-bucket-${anchorWords(path)}`,
    l3: `${prefix}-l3-region-failure`,
    backupJobFailed: `${prefix}-backup-job-failed`,
    copyJobFailed: `${prefix}-copy-job-failed`,
    restoreTestFailed: `${prefix}-restore-test-failed`,
    monthlyRestoreTest: `${prefix}-monthly-restore-test`,
    quarterlyDrills: `${prefix}-quarterly-drills`,
  };
}
