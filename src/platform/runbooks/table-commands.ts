import { Token } from 'aws-cdk-lib';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookStep } from '../../runbooks/runbook-section';
import { sh, shellCode, ShellCode } from '../../runbooks/shell-words';

/**
 * The shell commands that restore a DynamoDB table (OPS-02, SRV-03), shared by `ServerlessTable`'s
 * own restore section and the DR sections of a `DrPlan` that protects the table. Each expects
 * TABLE to hold the table's name (a lookup in its stack); restores always create a new table.
 */

/** `--region <region>`, or nothing when the stack's region is a deploy-time value (the CLI's configured region applies). */
function regionOption(region: string): ShellCode {
  return shellCode(Token.isUnresolved(region) ? '' : sh`--region ${region}`);
}

/** The restorable window of point-in-time recovery. */
export function pointInTimeWindow(region: string): string {
  return sh`aws dynamodb describe-continuous-backups ${regionOption(region)} --table-name "$TABLE" ` +
    '--query "ContinuousBackupsDescription.PointInTimeRecoveryDescription.[PointInTimeRecoveryStatus,EarliestRestorableDateTime,LatestRestorableDateTime]" --output text';
}

/** Asks for a time and restores the table as it was then into a new table, then waits for it. */
export function pointInTimeRestore(region: string): string {
  return [
    'read -r -p "Restore to (UTC, e.g. 2026-01-31T09:15:00Z): " RESTORE_TIME',
    'NEW_TABLE="$TABLE-restored-$(date -u +%Y%m%d%H%M)"',
    sh`aws dynamodb restore-table-to-point-in-time ${regionOption(region)} --source-table-name "$TABLE" --target-table-name "$NEW_TABLE" ` +
    '--restore-date-time "$RESTORE_TIME" --query "TableDescription.[TableName,TableStatus]" --output text',
    sh`aws dynamodb wait table-exists ${regionOption(region)} --table-name "$NEW_TABLE"`,
    'echo "Restored into $NEW_TABLE"',
  ].join('\n');
}

/** The AWS Backup recovery points of DynamoDB tables in `vault`, newest first. */
export function tableRecoveryPoints(vault: string, region: string): string {
  return sh`aws backup list-recovery-points-by-backup-vault ${regionOption(region)} --backup-vault-name ${vault} --by-resource-type DynamoDB ` +
    '--query "reverse(sort_by(RecoveryPoints[?Status==\'COMPLETED\'], &CreationDate))[:10].[ResourceArn,CreationDate,RecoveryPointArn]" --output text';
}

/**
 * Starts restoring `$RECOVERY_POINT` (set by the caller) into the new table `$NEW_TABLE` with the
 * role `$ROLE_ARN` (set by the caller), and sets JOB to the restore job's id.
 */
export function startTableRestore(region: string): string {
  return sh`JOB=$(aws backup start-restore-job ${regionOption(region)} --recovery-point-arn "$RECOVERY_POINT" --iam-role-arn "$ROLE_ARN" --resource-type DynamoDB ` +
    '--metadata "targetTableName=$NEW_TABLE" --query RestoreJobId --output text)';
}

/** The point-in-time steps of a table's restore: read the window, then restore into a new table. */
export function pointInTimeSteps(region: string, table: { [variable: string]: ResourceLookup }): RunbookStep[] {
  return [
    {
      text: { ja: '復元可能な時間帯を確認します。', en: 'Check the restorable time window.' },
      commands: [RunbookCommand.withLookups(pointInTimeWindow(region), table)],
      expected: { ja: 'ENABLED と、最古・最新の復元可能時刻が表示されること。', en: 'ENABLED, with the earliest and latest restorable times.' },
    },
    {
      text: { ja: '障害の直前の時刻 (UTC) を決めて、新しいテーブルに復元します。', en: 'Choose the time (UTC) just before the damage and restore into a new table.' },
      commands: [RunbookCommand.withLookups(pointInTimeRestore(region), table)],
      expected: { ja: '新しいテーブルが ACTIVE になり、その名前が表示されること。', en: 'The new table becomes ACTIVE and its name is printed.' },
    },
  ];
}

/** The step that writes the damaged items back from the restored table into the original. */
export const COPY_BACK_STEP: RunbookStep = {
  text: {
    ja: '復元したテーブルの項目を確認し、壊れた項目を元のテーブルへ書き戻します (元のテーブルはスタックが管理し、削除保護されています)。',
    en: 'Check the items of the restored table and write the damaged items back into the original table (the original is managed by the stack and deletion-protected).',
  },
};
