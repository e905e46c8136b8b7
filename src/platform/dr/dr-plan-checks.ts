import { Annotations, CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { DrBackupRule } from './dr-backup-plans';
import { DrPlanProps } from './dr-plan-props';
import { pointInTimeRecovery, runbookReplica } from './protected-resources';
import { RECOVERY_FIGURES } from './recovery-estimates';
import { IRecoveryHost } from './recovery-host';
import { BucketDataClass, BucketProtectionOptions, DatabaseProtectionOptions, RecoveryObjectives } from './recovery-objectives';
import { checkFailoverOptions } from './region-failover';
import { RegionFailoverOptions } from './region-failover-options';
import { PlatformEnvironment } from '../../core/environment';
import { PropValidation } from '../../core/validation';
import { DrReplica } from '../runbooks/dr-facts';

/** The settings of a DrPlan once its props are checked and defaulted. */
export interface DrPlanSettings {
  readonly databaseBackupRetention: Duration;
  readonly applicationDataBackupRetention: Duration;
  readonly configurationVersionRetention: Duration;
  readonly dailyBackupHourUtc: number;
  readonly restoreTestValidationWindow: Duration;
  readonly recoveryRegionDeployTime: Duration;
}

/** Which application the plan protects: exactly one of `platform` and `host`. */
export function planHost(check: PropValidation, props: DrPlanProps): IRecoveryHost | undefined {
  if (props.platform && props.host) {
    check.report('host', props.host.node.path, `is given with platform ${props.platform.node.path}; give exactly one of them`);
  }
  const host = props.platform ?? props.host;
  if (!host) check.report('platform', undefined, 'or host is required: the TenantPlatform, or the IRecoveryHost (e.g. a ServerlessAlerting), whose data the plan protects');
  return host;
}

/**
 * Checks the props of the DrPlan `scope` (DR-02, DR-03, DR-04); the retentions against `host`'s
 * profile, when there is a host.
 */
export function checkPlanProps(scope: Construct, check: PropValidation, props: DrPlanProps, host: IRecoveryHost | undefined): void {
  const stack = Stack.of(scope);
  const profile = host?.profile;
  if (profile) {
    const env = profile.environment;
    check.durationAtLeast('databaseBackupRetention', props.databaseBackupRetention, profile.minBackupRetention, `of ${env} (DR-02)`);
    check.durationAtLeast('applicationDataBackupRetention', props.applicationDataBackupRetention, profile.minApplicationDataBackupRetention, `of ${env} (DR-02)`);
    check.durationAtLeast('configurationVersionRetention', props.configurationVersionRetention, profile.minConfigurationVersionRetention, `of ${env} (DR-02)`);
  }
  check.integerBetween('dailyBackupHourUtc', props.dailyBackupHourUtc, 0, 23);
  const validationWindow = props.restoreTestValidationWindow;
  check.durationAtMost('restoreTestValidationWindow', validationWindow, Duration.hours(168), 'AWS Backup restore testing allows');
  if (validationWindow && !validationWindow.isUnresolved() && !Number.isInteger(validationWindow.toHours({ integral: false }))) {
    check.report('restoreTestValidationWindow', validationWindow, 'must be a whole number of hours');
  }
  if (props.recoveryRegionDeployTime !== undefined) checkConcrete(check, 'recoveryRegionDeployTime', props.recoveryRegionDeployTime);

  const copyToRegion = props.copyToRegion;
  if (copyToRegion !== undefined) {
    check.matches('copyToRegion', copyToRegion, /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as ap-northeast-3');
    if (Token.isUnresolved(stack.region)) {
      check.report('copyToRegion', copyToRegion, `needs the region of stack ${stack.stackName} to be known at synth; set env on the stack`);
    } else if (copyToRegion === stack.region) {
      check.report('copyToRegion', copyToRegion, `is the region of stack ${stack.stackName}; copies must go to another region to survive a region failure (DR-03)`);
    }
  } else if (profile?.environment === PlatformEnvironment.PRODUCTION) {
    Annotations.of(scope).addWarningV2('cdk-tenant-platform:dr-no-copy',
      'DrPlan has no copyToRegion: backups stay in this region, so a region-wide disruption is not recoverable (DR-03).');
  }
}

/** The settings of a DrPlan for `host`: its props, defaulted from the host's profile. */
export function planSettings(props: DrPlanProps, host: IRecoveryHost): DrPlanSettings {
  const profile = host.profile;
  return {
    databaseBackupRetention: props.databaseBackupRetention ?? profile.backupRetention,
    applicationDataBackupRetention: props.applicationDataBackupRetention ?? profile.applicationDataBackupRetention,
    configurationVersionRetention: props.configurationVersionRetention ?? profile.configurationVersionRetention,
    dailyBackupHourUtc: props.dailyBackupHourUtc ?? 17,
    restoreTestValidationWindow: props.restoreTestValidationWindow ?? Duration.hours(4),
    recoveryRegionDeployTime: props.recoveryRegionDeployTime ?? RECOVERY_FIGURES.recoveryRegionDeploy,
  };
}

/** Checks the objectives given to a protect* call (DR-01). */
export function checkObjectives(check: PropValidation, objectives: RecoveryObjectives): void {
  for (const prop of ['rpo', 'rto'] as const) {
    if (!objectives[prop]) check.report(prop, objectives[prop], 'is required: the objective the resource must meet (DR-01)');
  }
  for (const prop of ['rpo', 'rto', 'regionRpo', 'regionRto', 'restoreTimeEstimate'] as const) {
    const value = objectives[prop];
    if (value !== undefined) checkConcrete(check, prop, value);
  }
  const estimate = objectives.restoreTimeEstimate;
  if (estimate instanceof Duration && !estimate.isUnresolved() && estimate.toSeconds() === 0) {
    check.report('restoreTimeEstimate', estimate, 'must be longer than 0: a restore always takes time');
  }
}

/**
 * Checks a protectDatabase call (DR-01, DR-03): restores reconnect the platform's services, so the
 * plan needs a platform, and a replica only survives a region disruption in another region.
 * Returns the replica as the runbook names it, when its region is known at synth.
 */
export function checkDatabaseProtection(
  check: PropValidation, database: Construct, options: DatabaseProtectionOptions, hasPlatform: boolean,
): DrReplica | undefined {
  if (!hasPlatform) {
    check.report('platform', undefined, 'is required to protect a database: restores reconnect the platform\'s ECS services and restore tests use its VPC; create the DrPlan with platform');
  }
  const replica = options.crossRegionReplica;
  const replicaRegion = replica ? Stack.of(replica).region : undefined;
  if (!replica || replicaRegion === undefined || Token.isUnresolved(replicaRegion)) return undefined;
  const region = Stack.of(database).region;
  if (replicaRegion === region) {
    check.report('crossRegionReplica', replica.node.path, `is in ${region}, the database's own region; a region disruption takes both`);
  }
  const named = runbookReplica(replica, replicaRegion);
  if (!named) check.report('crossRegionReplica', replica.node.path, 'must have an instanceIdentifier known at synth, or be defined in this app: the runbook names it');
  return named;
}

/** The CfnBucket of `bucket` when it is an s3.Bucket created in this app, whose versioning and removal policy DrPlan can verify (DR-06). */
export function createdBucket(check: PropValidation, bucket: s3.IBucket): s3.CfnBucket | undefined {
  const cfn = createdResource(bucket, s3.CfnBucket.CFN_RESOURCE_TYPE_NAME);
  if (!cfn) {
    check.report('bucket', bucket.node.path, 'must be an s3.Bucket created in this app: DrPlan has to verify its versioning and removal policy (DR-06), which an imported bucket does not show');
  }
  return cfn as s3.CfnBucket | undefined;
}

/** The data class of a bucket to protect, application data unless `options` say otherwise. */
export function bucketDataClass(check: PropValidation, options: BucketProtectionOptions): BucketDataClass {
  const dataClass = options.dataClass ?? BucketDataClass.APPLICATION_DATA;
  if (!Object.values(BucketDataClass).includes(dataClass)) {
    check.report('dataClass', dataClass, `must be one of ${Object.values(BucketDataClass).join(', ')}`);
  }
  return dataClass;
}

/**
 * The CfnTable of `table` when it is a dynamodb.Table created in this app, whose point-in-time
 * recovery and removal policy DrPlan can verify (DR-06), and point-in-time recovery is not off (DR-02, SRV-03).
 */
export function createdTable(check: PropValidation, table: dynamodb.ITable): dynamodb.CfnTable | undefined {
  const cfn = createdResource(table, dynamodb.CfnTable.CFN_RESOURCE_TYPE_NAME) as dynamodb.CfnTable | undefined;
  if (!cfn) {
    check.report('table', table.node.path, 'must be a dynamodb.Table created in this app: DrPlan has to verify its point-in-time recovery and removal policy (DR-06), which an imported table does not show');
  } else if (pointInTimeRecovery(cfn) === false) {
    check.report('table', table.node.path, 'has point-in-time recovery off; protectTable needs it on: it is the recovery from bad writes (DR-02, SRV-03)');
  }
  return cfn;
}

/** Checks an addRegionFailover call (DR-03): the secondary record needs the recovery region, the primary one a target. */
export function checkFailover(
  check: PropValidation, options: RegionFailoverOptions, copyToRegion: string | undefined, hasLoadBalancer: boolean,
): void {
  if (copyToRegion === undefined) {
    check.report('copyToRegion', undefined, 'must be set on the DrPlan: the secondary record points to the recovery region');
  }
  if (!options.primary && !hasLoadBalancer) {
    check.report('primary', undefined, 'is required when the DrPlan has no platform: the record target of this region');
  }
  checkFailoverOptions(check, options);
}

/** Why the vault lock `lock` contradicts the retention of `rules`, if it does. */
export function vaultLockProblems(lock: backup.LockConfiguration | undefined, rules: readonly DrBackupRule[]): string[] {
  if (!lock || lock.minRetention.isUnresolved()) return [];
  const errors: string[] = [];
  for (const rule of rules) {
    if (rule.retention.toDays() < lock.minRetention.toDays()) {
      errors.push(`vaultLock.minRetention ${lock.minRetention.toHumanString()} is longer than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}; ` +
        'AWS Backup rejects recovery points that a locked vault would have to keep longer than their rule says. Lower minRetention or raise the retention.');
    }
    if (lock.maxRetention && !lock.maxRetention.isUnresolved() && rule.retention.toDays() > lock.maxRetention.toDays()) {
      errors.push(`vaultLock.maxRetention ${lock.maxRetention.toHumanString()} is shorter than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}.`);
    }
  }
  return errors;
}

/** The CloudFormation resource of `construct` when it has `type`, i.e. was created in this app. */
function createdResource(construct: IConstruct, type: string): CfnResource | undefined {
  const child = construct.node.defaultChild;
  return child && CfnResource.isCfnResource(child) && child.cfnResourceType === type ? child : undefined;
}

function checkConcrete(check: PropValidation, prop: string, value: Duration): void {
  if (!(value instanceof Duration)) {
    check.report(prop, value, 'must be a Duration');
  } else if (value.isUnresolved()) {
    check.report(prop, value, 'must be known at synth, not a token: the objectives are checked at synth');
  }
}
