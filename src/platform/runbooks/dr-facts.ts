import { Duration } from 'aws-cdk-lib';
import { LocalizedText } from '../../core/localized-text';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { anchorWords } from '../../runbooks/runbook-section';
import { ResourceAssessment } from '../dr/achievable-recovery';
import { BucketDataClass } from '../dr/recovery-objectives';

/** A protected database as its DR sections name it. */
export interface DrDatabase {
  readonly label: string;
  /** The DB instance identifier (a physical name known at synth). */
  readonly identifier: string;
  readonly multiAz: boolean;
  /** Region of the instance. */
  readonly region: string;
  /** Lookups in the database's own stack, for restoring into the same network and settings. */
  readonly subnetGroup: ResourceLookup;
  readonly securityGroup: ResourceLookup;
  readonly parameterGroup: ResourceLookup;
  readonly secret: ResourceLookup;
  /** The ECS cluster whose services are restarted to reconnect after a restore. */
  readonly cluster: ResourceLookup;
  /** The SSM parameter tenant tasks read DB_HOST from when they start. */
  readonly hostParameter: string;
  /** Tag value that marks the password secrets of the database's tenants. */
  readonly tenantSecretTag: string;
  /** How long a restore takes, as the objectives table counts it. */
  readonly restoreTime: Duration;
  /**
   * A cross-region read replica, named as the region-failure procedure promotes it.
   * @default - none
   */
  readonly replica?: DrReplica;
}

/** A cross-region read replica of a protected database. */
export interface DrReplica {
  readonly region: string;
  /** The replica's identifier: literal when known at synth, else looked up in the replica's stack. */
  readonly identifier: ResourceLookup;
  /** How texts name it: its identifier, or its construct path when that is a deploy-time value. */
  readonly name: string;
}

/** A protected bucket as its DR sections name it. */
export interface DrBucket {
  readonly label: string;
  /** Construct path, for the anchor. */
  readonly path: string;
  /** The bucket name, looked up in the bucket's stack. */
  readonly name: ResourceLookup;
  readonly region: string;
  readonly dataClass: BucketDataClass;
  readonly restoreTime: Duration;
}

/** A protected DynamoDB table as its DR sections name it. */
export interface DrTable {
  readonly label: string;
  /** Construct path, for the anchor. */
  readonly path: string;
  /** The table name, looked up in the table's stack. */
  readonly name: ResourceLookup;
  readonly region: string;
  readonly restoreTime: Duration;
}

/** A health-checked name that fails over to the recovery region. */
export interface DrFailover {
  readonly recordName: string;
  readonly healthCheckDomainName: string;
}

/** Everything the DR sections of one DrPlan name (DR-05, OPS-02). */
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
  /**
   * The platform's ECS cluster.
   * @default - none: the application runs no ECS services (a serverless application)
   */
  readonly cluster?: ResourceLookup;
  /** The platform's critical alarm topic (its ARN). */
  readonly criticalTopic: ResourceLookup;
  /** Whether this is a production deployment: restored databases get deletion protection. */
  readonly production: boolean;
  readonly databases: readonly DrDatabase[];
  readonly buckets: readonly DrBucket[];
  readonly tables: readonly DrTable[];
  readonly failovers: readonly DrFailover[];
  readonly assessments: readonly ResourceAssessment[];
}

/** Anchors of the DR sections of the DrPlan whose anchors start with `prefix`. */
export function drAnchors(prefix: string) {
  return {
    overview: `${prefix}-overview`,
    recoveryL1Service: `${prefix}-l1-service-partial`,
    recoveryL2Database: (identifier: string) => `${prefix}-l2-database-${anchorWords(identifier)}`,
    recoveryL2Bucket: (path: string) => `${prefix}-l2-bucket-${anchorWords(path)}`,
    recoveryL2Table: (path: string) => `${prefix}-l2-table-${anchorWords(path)}`,
    recoveryL3Region: `${prefix}-l3-region-failure`,
    backupJobFailed: `${prefix}-backup-job-failed`,
    copyJobFailed: `${prefix}-copy-job-failed`,
    restoreTestFailed: `${prefix}-restore-test-failed`,
    monthlyRestoreTest: `${prefix}-monthly-restore-test`,
    quarterlyDrills: `${prefix}-quarterly-drills`,
  };
}

/** When to escalate during a recovery, ending every DR section (OPS-02). */
export const DR_ESCALATION: LocalizedText = {
  ja: '30分で復旧しない場合はチームリード (エスカレーション段階 E2)、1時間で復旧しない場合はアーキテクト (E3) にエスカレーションします。データ損失の可能性がある場合は即時にアーキテクト (E3) と CTO (E4) に連絡します。',
  en: 'Not recovered in 30 minutes: escalate to the team lead (escalation tier E2); in 1 hour: to the architect (E3). If data may be lost, call the architect (E3) and the CTO (E4) at once.',
};
