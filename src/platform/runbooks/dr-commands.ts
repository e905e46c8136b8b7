import { DrDatabase } from './dr-facts';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { ALARMS_IN_ALARM } from '../../runbooks/sections/shell';
import { sh, shellCode, ShellCode } from '../../runbooks/shell-words';
import { TENANT_DATABASE_SECRET_TAG } from '../tenant-database/tenant-database-provider';

/**
 * The shell commands the DR sections share: restoring a database or a bucket, switching the
 * tenants, reading job details. Values known only after deploy are looked up in CloudFormation
 * (`RunbookCommand.withLookups`); a script that leaves a variable to its caller says so, and the
 * caller sets it by a lookup or, in a failed region's procedure, by asking: values of a failed
 * region are never read from that region.
 */

/** `identifier` with `-suffix`, within the 63 characters RDS allows. */
export function instanceName(identifier: string, suffix: string): string {
  return `${identifier.slice(0, 62 - suffix.length).replace(/-+$/, '')}-${suffix}`;
}

/** `arn:aws:rds:...:db:<identifier>` with the account read from STS. */
export function databaseArn(db: DrDatabase, region: string): string {
  return sh`DB_ARN="arn:aws:rds:${db.region}:$(aws sts get-caller-identity --region ${region} --query Account --output text):db:${db.identifier}"`;
}

/** Reads the role AWS Backup assumes for restores and on-demand jobs. */
export function backupRoleArn(roleName: string): string {
  return sh`ROLE_ARN=$(aws iam get-role --role-name ${roleName} --query Role.Arn --output text)`;
}

/** Lookups of SUBNETS, SECURITY_GROUP and PARAMETERS in `db`'s own stack. */
function databaseNetwork(db: DrDatabase): { [variable: string]: ResourceLookup } {
  return { SUBNETS: db.subnetGroup, SECURITY_GROUP: db.securityGroup, PARAMETERS: db.parameterGroup };
}

/** Options every restored instance gets, like the original (DB-01..05). */
function restoredInstanceOptions(multiAz: boolean): string {
  return '--db-subnet-group-name "$SUBNETS" --vpc-security-group-ids "$SECURITY_GROUP" --db-parameter-group-name "$PARAMETERS" ' +
    `${multiAz ? '--multi-az' : '--no-multi-az'} --enable-iam-database-authentication --copy-tags-to-snapshot`;
}

/**
 * A point-in-time restore of `db` into `target` in its own region. `when` sets WHEN to the
 * `--restore-time` or `--use-latest-restorable-time` argument.
 */
export function pointInTimeRestore(db: DrDatabase, target: string, when: string, production: boolean): RunbookCommand {
  return RunbookCommand.withLookups([
    when,
    sh`aws rds restore-db-instance-to-point-in-time --region ${db.region} --source-db-instance-identifier ${db.identifier} ` +
    sh`--target-db-instance-identifier ${target} $WHEN ${shellCode(restoredInstanceOptions(production && db.multiAz))}` +
    `${production ? ' --deletion-protection' : ''} --query "DBInstance.[DBInstanceIdentifier,DBInstanceStatus]" --output text`,
  ].join('\n'), databaseNetwork(db));
}

/** Asks for the restore time; empty means the latest restorable time. */
export const ASK_RESTORE_TIME = [
  'read -r -p "Restore time in UTC, e.g. 2026-01-31T23:45:00Z (empty: the latest restorable time): " RESTORE_TIME',
  'if [ -n "$RESTORE_TIME" ]; then WHEN="--restore-time $RESTORE_TIME"; else WHEN="--use-latest-restorable-time"; fi',
].join('\n');

/** The latest restorable time. */
export const LATEST_RESTORE_TIME = 'WHEN="--use-latest-restorable-time"';

/** Ten minutes ago: the data-corruption drill. */
export const TEN_MINUTES_AGO = 'WHEN="--restore-time $(date -u -d \'10 minutes ago\' +%Y-%m-%dT%H:%M:%SZ)"';

/** Selects the newest completed snapshot of `db` in `vault` (in `region`) into SNAPSHOT. */
export function latestSnapshot(db: DrDatabase, vault: string, region: string): string {
  return [
    databaseArn(db, region),
    sh`SNAPSHOT=$(aws backup list-recovery-points-by-backup-vault --region ${region} --backup-vault-name ${vault} --by-resource-arn "$DB_ARN" ` +
    '--query "reverse(sort_by(RecoveryPoints[?Status==\'COMPLETED\' && contains(RecoveryPointArn, \':snapshot:\')], &CreationDate))[0].RecoveryPointArn" --output text)',
    'echo "Restoring $SNAPSHOT"',
  ].join('\n');
}

/** Restores the newest snapshot of `db` in `vault` of its own region into `target`. */
export function snapshotRestore(db: DrDatabase, vault: string, target: string, production: boolean): RunbookCommand {
  return RunbookCommand.withLookups([
    latestSnapshot(db, vault, db.region),
    sh`aws rds restore-db-instance-from-db-snapshot --region ${db.region} --db-instance-identifier ${target} --db-snapshot-identifier "$SNAPSHOT" ` +
    restoredInstanceOptions(production && db.multiAz) + (production ? ' --deletion-protection ' : ' ') +
    '--query "DBInstance.[DBInstanceIdentifier,DBInstanceStatus]" --output text',
  ].join('\n'), databaseNetwork(db));
}

/**
 * Restores the newest copy of `db` in the copy vault into `target` in the recovery region, into the
 * network of the platform deployed there (asked for: the failed region cannot be asked).
 */
export function copyRestore(db: DrDatabase, copyVault: string, copyRegion: string, target: string): RunbookCommand {
  return RunbookCommand.of([
    latestSnapshot(db, copyVault, copyRegion),
    sh`aws rds describe-db-subnet-groups --region ${copyRegion} --query "DBSubnetGroups[].[DBSubnetGroupName,VpcId]" --output text`,
    sh`read -r -p "DB subnet group in ${copyRegion}: " SUBNETS`,
    sh`read -r -p "Security group for the database in ${copyRegion}: " SECURITY_GROUP`,
    sh`read -r -p "DB parameter group in ${copyRegion} (with rds.force_ssl=1): " PARAMETERS`,
    sh`aws rds restore-db-instance-from-db-snapshot --region ${copyRegion} --db-instance-identifier ${target} --db-snapshot-identifier "$SNAPSHOT" ` +
    restoredInstanceOptions(db.multiAz) + ' --query "DBInstance.[DBInstanceIdentifier,DBInstanceStatus]" --output text',
  ].join('\n'));
}

/** Waits until `target` in `region` is available, and prints how long that took. */
export function waitAvailable(target: string | ShellCode, region: string): string {
  return sh`time aws rds wait db-instance-available --region ${region} --db-instance-identifier ${target}`;
}

/**
 * Points the secret `$SECRET` (set by the caller) at the instance `target` (a name, or a quoted
 * variable such as `"$REPLICA"`) and gives the instance the password in the secret: a restored
 * instance keeps the password of its restore point, which rotation may have changed since. Needs jq.
 *
 * The password never reaches a command line (`ps` shows arguments to every user of the host): it
 * goes from a pipe into files that only the operator can read (`umask 077`, a private `mktemp -d`
 * directory), which the AWS CLI reads (`--cli-input-json file://`, `--secret-string file://`), and a
 * `trap` removes them however the subshell ends.
 */
export function switchSecret(target: string | ShellCode, region: string): string {
  return withNewHost(target, region, [
    sh`  aws secretsmanager get-secret-value --region ${region} --secret-id "$SECRET" --query SecretString --output text ` +
    sh`| jq --arg host "$NEW_HOST" --arg id ${target} '.host = $host | .dbInstanceIdentifier = $id' > "$WORK/secret.json"`,
    sh`  jq --arg id ${target} '{DBInstanceIdentifier: $id, MasterUserPassword: .password, ApplyImmediately: true}' "$WORK/secret.json" > "$WORK/modify.json"`,
    sh`  aws rds modify-db-instance --region ${region} --cli-input-json "file://$WORK/modify.json" --query "DBInstance.DBInstanceStatus" --output text`,
    sh`  aws secretsmanager put-secret-value --region ${region} --secret-id "$SECRET" --secret-string "file://$WORK/secret.json" --query VersionId --output text`,
  ]);
}

/**
 * Points the tenants of a database at the instance `target` (a name, or a quoted variable): the SSM
 * parameter `parameter`, which ECS injects as DB_HOST into each tenant task when it starts, and the
 * `host` of every tenant password secret tagged for the database (`tenantSecretTag`), which their
 * rotation signs in to. Secret values go through private files only, as in `switchSecret`. Needs jq.
 */
export function switchTenantHost(
  target: string | ShellCode, parameter: string | ShellCode, tenantSecretTag: string | ShellCode, region: string,
): string {
  return withNewHost(target, region, [
    sh`  aws ssm put-parameter --region ${region} --name ${parameter} --value "$NEW_HOST" --overwrite --query Version --output text`,
    sh`  for TENANT_SECRET in $(aws secretsmanager list-secrets --region ${region} --filters Key=tag-key,Values=${TENANT_DATABASE_SECRET_TAG} ` +
    sh`Key=tag-value,Values=${tenantSecretTag} --query "SecretList[].ARN" --output text); do`,
    sh`    aws secretsmanager get-secret-value --region ${region} --secret-id "$TENANT_SECRET" --query SecretString --output text ` +
    '| jq --arg host "$NEW_HOST" \'.host = $host\' > "$WORK/tenant.json"',
    sh`    aws secretsmanager put-secret-value --region ${region} --secret-id "$TENANT_SECRET" --secret-string "file://$WORK/tenant.json" --query VersionId --output text`,
    '  done',
  ]);
}

/**
 * `lines` in a subshell, after `NEW_HOST` is set to the endpoint of the instance `target`: files go to
 * `$WORK`, a private directory (`umask 077`, `mktemp -d`) that a `trap` removes however the subshell ends.
 */
function withNewHost(target: string | ShellCode, region: string, lines: string[]): string {
  return [
    '(',
    '  umask 077',
    '  WORK=$(mktemp -d)',
    '  trap \'rm -rf "$WORK"\' EXIT',
    sh`  NEW_HOST=$(aws rds describe-db-instances --region ${region} --db-instance-identifier ${target} --query "DBInstances[0].Endpoint.Address" --output text)`,
    ...lines,
    ')',
  ].join('\n');
}

/** Rolls every service of the cluster `$CLUSTER` (set by the caller) so new tasks read DB_HOST and the secrets again. */
export function restartServices(region: string): string {
  return [
    sh`for SERVICE in $(aws ecs list-services --region ${region} --cluster "$CLUSTER" --query serviceArns --output text); do`,
    sh`  aws ecs update-service --region ${region} --cluster "$CLUSTER" --service "$SERVICE" --force-new-deployment --query "service.serviceName" --output text`,
    'done',
    sh`for SERVICE in $(aws ecs list-services --region ${region} --cluster "$CLUSTER" --query serviceArns --output text); do`,
    sh`  aws ecs wait services-stable --region ${region} --cluster "$CLUSTER" --services "$SERVICE"`,
    'done',
  ].join('\n');
}

/** Lists the newest recovery points of the bucket `$BUCKET` (set by the caller) in `vault`. */
export function bucketRecoveryPoints(vault: string, region: string): string {
  return sh`aws backup list-recovery-points-by-backup-vault --region ${region} --backup-vault-name ${vault} --by-resource-arn "arn:aws:s3:::$BUCKET" ` +
    '--query "reverse(sort_by(RecoveryPoints, &CreationDate))[:5].[CreationDate,Status,RecoveryPointArn]" --output text';
}

/**
 * Restores the newest recovery point of the bucket `$BUCKET` (set by the caller) in `vault` into a
 * new bucket NEW_BUCKET (asked): AWS Backup never overwrites an object that exists, so corruption is
 * undone by copying back.
 */
export function bucketRestore(vault: string, region: string, roleName: string): string {
  return [
    sh`RECOVERY_POINT=$(aws backup list-recovery-points-by-backup-vault --region ${region} --backup-vault-name ${vault} --by-resource-arn "arn:aws:s3:::$BUCKET" ` +
    '--query "reverse(sort_by(RecoveryPoints[?Status==\'COMPLETED\'], &CreationDate))[0].RecoveryPointArn" --output text)',
    backupRoleArn(roleName),
    'read -r -p "Name of the new bucket to restore into (globally unique): " NEW_BUCKET',
    startBucketRestore(region),
  ].join('\n');
}

/**
 * Starts restoring `$RECOVERY_POINT` of a bucket into the new bucket `$NEW_BUCKET` with the role
 * `$ROLE_ARN` (all set by the caller), and sets JOB to the restore job's id.
 */
export function startBucketRestore(region: string): string {
  return sh`JOB=$(aws backup start-restore-job --region ${region} --recovery-point-arn "$RECOVERY_POINT" --iam-role-arn "$ROLE_ARN" --resource-type S3 ` +
    '--metadata "DestinationBucketName=$NEW_BUCKET,NewBucket=true,Encrypted=true,EncryptionType=SSE-S3,CreationToken=$NEW_BUCKET" --query RestoreJobId --output text)';
}

/** Waits until the restore job `$JOB` (set by the caller) ends, and prints how it ended. */
export function waitRestoreJob(region: string): string {
  return [
    sh`while aws backup describe-restore-job --region ${region} --restore-job-id "$JOB" --query Status --output text | grep -qE '^(CREATED|PENDING|RUNNING)$'; do sleep 30; done`,
    sh`aws backup describe-restore-job --region ${region} --restore-job-id "$JOB" --query "[Status,StatusMessage,CreatedResourceArn,CreationDate,CompletionDate]" --output text`,
  ].join('\n');
}

/** The alarms in ALARM state in `region`. */
export function alarmsInAlarm(region: string): string {
  return sh`${shellCode(ALARMS_IN_ALARM)} --region ${region}`;
}
