import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { assessBucket, assessDatabase, RegionRecoveryFacts, ResourceAssessment } from './achievable-recovery';
import { estimatedDatabaseRestore, RECOVERY_FIGURES } from './recovery-estimates';
import { BucketDataClass, BucketProtectionOptions, DatabaseProtectionOptions, RecoveryObjectives } from './recovery-objectives';
import { assessTable, TABLE_RECOVERY_FIGURES } from './table-recovery';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { MonitoredDatabase } from '../monitored-database';
import { DrBucket, DrDatabase, DrReplica, DrTable } from '../runbooks/dr-facts';
import { DATABASE_HOST_KEY } from '../tenant-database/database-connection';

/** One resource under a DrPlan, with what its assessment, its runbook sections and its synth checks need. */
export type ProtectedEntry = {
  readonly path: string;
  readonly label: string;
  readonly cfn: CfnResource;
  readonly assess: (region: RegionRecoveryFacts) => ResourceAssessment;
  /** Problems only visible once the app's code has run (e.g. versioning switched off later). */
  readonly validate: () => string[];
} & (
  | { readonly kind: 'database'; readonly runbook: () => DrDatabase }
  | { readonly kind: 'bucket'; readonly runbook: () => DrBucket }
  | { readonly kind: 'table'; readonly runbook: () => DrTable }
);

/** The entry of a platform database (DR-01, DR-02). `cluster` is restarted after a restore. */
export function databaseEntry(
  database: MonitoredDatabase, options: DatabaseProtectionOptions, replica: DrReplica | undefined, cluster: ResourceLookup,
): ProtectedEntry {
  const cfn = database.instance.node.defaultChild as rds.CfnDBInstance;
  const region = Stack.of(database).region;
  const allocatedGiB = Number(Stack.of(database).resolve(cfn.allocatedStorage) ?? 0);
  const label = `RDS instance ${database.instanceIdentifier}`;
  const restoreTime = options.restoreTimeEstimate ?? estimatedDatabaseRestore(allocatedGiB);
  return {
    path: database.node.path,
    label,
    cfn,
    kind: 'database',
    assess: regionFacts => assessDatabase(database.node.path, label, {
      multiAz: database.multiAz,
      restoreTime,
      restoreTimeMeasured: options.restoreTimeEstimate !== undefined,
      replicaRegion: replica?.region,
      region: regionFacts,
    }, options),
    runbook: () => ({
      label,
      identifier: database.instanceIdentifier,
      multiAz: database.multiAz,
      region,
      subnetGroup: ResourceLookup.physicalId(cfnOfType(database, 'AWS::RDS::DBSubnetGroup')),
      securityGroup: ResourceLookup.physicalId(database.securityGroup),
      parameterGroup: ResourceLookup.physicalId(cfnOfType(database, 'AWS::RDS::DBParameterGroup')),
      secret: ResourceLookup.physicalId(cfnOfType(database, 'AWS::SecretsManager::Secret')),
      hostParameter: database._parameterName(DATABASE_HOST_KEY),
      tenantSecretTag: database._tenantSecretTag,
      cluster,
      restoreTime,
      replica,
    }),
    validate: () => [],
  };
}

/** The entry of a bucket (DR-01, DR-02); `configurationVersionRetention` is the floor of its noncurrent versions. */
export function bucketEntry(
  bucket: s3.IBucket, cfn: s3.CfnBucket, options: BucketProtectionOptions, dataClass: BucketDataClass, configurationVersionRetention: Duration,
): ProtectedEntry {
  const label = `S3 bucket ${bucket.node.path}`;
  const restoreTime = options.restoreTimeEstimate
    ?? (dataClass === BucketDataClass.CONFIGURATION ? RECOVERY_FIGURES.versionRestore : RECOVERY_FIGURES.bucketRestore);
  return {
    path: bucket.node.path,
    label,
    cfn,
    kind: 'bucket',
    assess: regionFacts => assessBucket(bucket.node.path, label, {
      dataClass,
      restoreTime,
      restoreTimeMeasured: options.restoreTimeEstimate !== undefined,
      replicationTimeControl: hasReplicationTimeControl(Stack.of(bucket).resolve(cfn.replicationConfiguration)),
      region: regionFacts,
    }, options),
    runbook: () => ({
      label, path: bucket.node.path, name: ResourceLookup.physicalId(cfn), region: Stack.of(bucket).region, dataClass, restoreTime,
    }),
    validate: () => validateBucket(cfn, label, dataClass, configurationVersionRetention),
  };
}

/** The entry of a DynamoDB table (DR-01, DR-02, SRV-03): point-in-time recovery must stay on. */
export function tableEntry(table: dynamodb.ITable, cfn: dynamodb.CfnTable, options: RecoveryObjectives): ProtectedEntry {
  const label = `DynamoDB table ${table.node.path}`;
  const restoreTime = options.restoreTimeEstimate ?? TABLE_RECOVERY_FIGURES.restore;
  return {
    path: table.node.path,
    label,
    cfn,
    kind: 'table',
    assess: regionFacts => assessTable(table.node.path, label, {
      restoreTime,
      restoreTimeMeasured: options.restoreTimeEstimate !== undefined,
      region: regionFacts,
    }, options),
    runbook: () => ({ label, path: table.node.path, name: ResourceLookup.physicalId(cfn), region: Stack.of(table).region, restoreTime }),
    validate: () => pointInTimeRecovery(cfn) === false
      ? [`${label} has point-in-time recovery off: the software-disruption recovery restores to a point in time (DR-02, SRV-03); set pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled to true.`]
      : [],
  };
}

/** Whether the table's point-in-time recovery is on: `undefined` when the table does not set it. */
export function pointInTimeRecovery(cfn: dynamodb.CfnTable): boolean | undefined {
  const spec = Stack.of(cfn).resolve(cfn.pointInTimeRecoverySpecification);
  return spec?.pointInTimeRecoveryEnabled;
}

/**
 * A replica in `region` as the runbook names it: its identifier, or a lookup in its stack when that is
 * a deploy-time value; undefined when it has neither.
 */
export function runbookReplica(replica: rds.IDatabaseInstance, region: string): DrReplica | undefined {
  if (!Token.isUnresolved(replica.instanceIdentifier)) {
    return { region, identifier: ResourceLookup.literal(replica.instanceIdentifier), name: replica.instanceIdentifier };
  }
  const cfn = replica.node.defaultChild;
  if (cfn && CfnResource.isCfnResource(cfn)) return { region, identifier: ResourceLookup.physicalId(cfn), name: replica.node.path };
  return undefined;
}

/** The one CloudFormation resource of `type` under `scope`. */
function cfnOfType(scope: Construct, type: string): CfnResource {
  const found = scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
  if (found.length !== 1) throw new Error(`${scope.node.path}: expected one ${type}, found ${found.length}`);
  return found[0];
}

function validateBucket(cfn: s3.CfnBucket, label: string, dataClass: BucketDataClass, configurationVersionRetention: Duration): string[] {
  const stack = Stack.of(cfn);
  const errors: string[] = [];
  const versioning = stack.resolve(cfn.versioningConfiguration);
  if (versioning?.status !== 'Enabled') {
    errors.push(`${label} is not versioned: set versioned: true. AWS Backup for S3 requires versioning, and object versions are the configuration recovery (DR-02).`);
  }
  if (dataClass === BucketDataClass.CONFIGURATION) {
    const shortest = shortestNoncurrentRetentionDays(stack.resolve(cfn.lifecycleConfiguration));
    const floor = configurationVersionRetention.toDays();
    if (shortest !== undefined && shortest < floor) {
      errors.push(`${label} has a lifecycle rule that deletes noncurrent versions after ${shortest} days, before the ${floor}-day configuration version retention (DR-02); remove it or lengthen it.`);
    }
  }
  return errors;
}

/** Whether a resolved S3 ReplicationConfiguration replicates with Replication Time Control. */
function hasReplicationTimeControl(config: any): boolean {
  const rules: any[] = config?.rules ?? [];
  return rules.some(rule => rule?.status === 'Enabled' && rule?.destination?.replicationTime?.status === 'Enabled');
}

/** The shortest noncurrent-version expiration, in days, of the enabled rules of a resolved LifecycleConfiguration. */
function shortestNoncurrentRetentionDays(config: any): number | undefined {
  const days = (config?.rules ?? [])
    .filter((rule: any) => rule?.status === 'Enabled')
    .map((rule: any) => rule.noncurrentVersionExpiration?.noncurrentDays ?? rule.noncurrentVersionExpirationInDays)
    .filter((d: unknown): d is number => typeof d === 'number');
  return days.length > 0 ? Math.min(...days) : undefined;
}
