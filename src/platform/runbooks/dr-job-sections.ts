import { backupRoleArn } from './dr-commands';
import { drAnchors, DrRunbookFacts, DR_ESCALATION } from './dr-facts';
import { LocalizedText } from '../../core/localized-text';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { createdAfter } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';
import { jobAlertTitles } from '../dr/backup-job-alerts';

export function backupJobFailed(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const job = 'read -r -p "Backup job id from the alert: " JOB';
  return jobAlertSection({
    anchor: a.backupJobFailed,
    title: { ja: `バックアップジョブ失敗 (ボールト ${f.vaultName})`, en: `Backup job failed (vault ${f.vaultName})` },
    notification: jobAlertTitles(f.vaultName).backup,
    summary: {
      ja: 'バックアップが取得されないと RPO が守られません。原因を確認し、その日のうちにオンデマンドバックアップで補います。',
      en: 'A missed backup breaks the RPO: find the cause and make up for it with an on-demand backup the same day.',
    },
    steps: [
      {
        text: { ja: '通知に記載されたジョブの詳細を確認します。', en: 'Read the job named in the notification.' },
        commands: [RunbookCommand.of([job, sh`aws backup describe-backup-job --region ${f.region} --backup-job-id "$JOB" --query "[State,StatusMessage,ResourceArn,CreationDate]" --output text`].join('\n'))],
        expected: {
          ja: 'EXPIRED: 前のジョブが実行中か開始ウィンドウ内に開始できなかった。FAILED: 権限・KMS キー・リソースの状態 (メンテナンス中など) を StatusMessage で確認します。',
          en: 'EXPIRED: the previous job was still running or the job could not start in its window. FAILED: read StatusMessage for permissions, the KMS key or the resource state (e.g. maintenance).',
        },
      },
      {
        text: { ja: '過去24時間の失敗をまとめて確認します。', en: 'List every failure of the last 24 hours.' },
        commands: [RunbookCommand.of(sh`aws backup list-backup-jobs --region ${f.region} --by-backup-vault-name ${f.vaultName} --by-state FAILED ${shellCode(createdAfter('1 day'))} --query "BackupJobs[].[ResourceArn,StatusMessage,CreationDate]" --output text`)],
      },
      {
        text: { ja: '原因を取り除いたら、同じリソースのオンデマンドバックアップを取得します。', en: 'With the cause fixed, take an on-demand backup of the same resource.' },
        commands: [RunbookCommand.of([
          job,
          sh`RESOURCE=$(aws backup describe-backup-job --region ${f.region} --backup-job-id "$JOB" --query ResourceArn --output text)`,
          backupRoleArn(f.backupRoleName),
          sh`aws backup start-backup-job --region ${f.region} --backup-vault-name ${f.vaultName} --resource-arn "$RESOURCE" --iam-role-arn "$ROLE_ARN" --query BackupJobId --output text`,
        ].join('\n'))],
        expected: { ja: '新しいジョブが COMPLETED になること。', en: 'The new job ends COMPLETED.' },
      },
    ],
    requirements: ['DR-04', 'DR-02', 'MON-08'],
  });
}

export function copyJobFailed(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const job = 'read -r -p "Copy job id from the alert: " JOB';
  const retry: RunbookStep[] = f.copyRegion ? [{
    text: { ja: '原因を取り除いたら、同じ復旧ポイントをもう一度コピーします (保持期間は元の復旧ポイントと同じ)。', en: 'With the cause fixed, copy the same recovery point again, with the retention of the original.' },
    commands: [RunbookCommand.of([
      job,
      sh`RECOVERY_POINT=$(aws backup describe-copy-job --region ${f.region} --copy-job-id "$JOB" --query CopyJob.SourceRecoveryPointArn --output text)`,
      sh`DAYS=$(aws backup describe-recovery-point --region ${f.region} --backup-vault-name ${f.vaultName} --recovery-point-arn "$RECOVERY_POINT" --query Lifecycle.DeleteAfterDays --output text)`,
      sh`COPY_VAULT_ARN=$(aws backup describe-backup-vault --region ${f.copyRegion} --backup-vault-name ${f.copyVaultName!} --query BackupVaultArn --output text)`,
      backupRoleArn(f.backupRoleName),
      sh`aws backup start-copy-job --region ${f.region} --recovery-point-arn "$RECOVERY_POINT" --source-backup-vault-name ${f.vaultName} ` +
      '--destination-backup-vault-arn "$COPY_VAULT_ARN" --iam-role-arn "$ROLE_ARN" --lifecycle "DeleteAfterDays=$DAYS" --query CopyJobId --output text',
    ].join('\n'))],
    expected: { ja: '新しいコピージョブが COMPLETED になること。', en: 'The new copy job ends COMPLETED.' },
  }] : [];
  return jobAlertSection({
    anchor: a.copyJobFailed,
    title: { ja: `リージョン間コピー失敗 (ボールト ${f.vaultName})`, en: `Cross-region copy failed (vault ${f.vaultName})` },
    notification: jobAlertTitles(f.vaultName).copy,
    summary: { ja: 'コピーが失敗すると、リージョン障害時の RPO が伸びます。', en: 'A failed copy lengthens the RPO of a region failure.' },
    steps: [
      {
        text: { ja: '通知に記載されたコピージョブの詳細を確認します。', en: 'Read the copy job named in the notification.' },
        commands: [RunbookCommand.of([job, sh`aws backup describe-copy-job --region ${f.region} --copy-job-id "$JOB" --query "CopyJob.[State,StatusMessage,ResourceArn,DestinationBackupVaultArn]" --output text`].join('\n'))],
        expected: {
          ja: `よくある原因: コピー先ボールト ${f.copyVaultName ?? ''} のスタック未デプロイ、コピー先 KMS キーの権限、ボールトロックの最小保持期間が保持期間より長い。`,
          en: `Common causes: the copy vault ${f.copyVaultName ?? ''} stack not deployed, permissions on the copy vault's KMS key, a vault lock minimum retention longer than the retention.`,
        },
      },
      ...retry,
    ],
    requirements: ['DR-03', 'DR-04', 'MON-08'],
  });
}

export function restoreTestFailed(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const job = 'read -r -p "Restore job id from the alert: " JOB';
  return jobAlertSection({
    anchor: a.restoreTestFailed,
    title: { ja: `月次リストアテスト失敗 (プラン ${f.restoreTestingPlanName})`, en: `Monthly restore test failed (plan ${f.restoreTestingPlanName})` },
    notification: jobAlertTitles(f.vaultName).restoreTest,
    summary: {
      ja: 'リストアテストの失敗は、実際の障害時にも復元できない可能性を意味します。次回の実行を待たずに原因を解消します。',
      en: 'A failed restore test means a real restore may fail too: fix the cause without waiting for the next run.',
    },
    steps: [
      {
        text: { ja: '失敗したリストアジョブと、AWS Backup が使ったメタデータを確認します。', en: 'Read the failed restore job and the metadata AWS Backup used.' },
        commands: [RunbookCommand.of([
          job,
          sh`aws backup describe-restore-job --region ${f.region} --restore-job-id "$JOB" --query "[Status,StatusMessage,ResourceType,RecoveryPointArn]" --output text`,
          sh`aws backup get-restore-job-metadata --region ${f.region} --restore-job-id "$JOB" --output json`,
        ].join('\n'))],
        expected: {
          ja: 'よくある原因: サブネットグループ・セキュリティグループの指定、KMS キーの権限、サービスクォータ、同名リソースの存在。',
          en: 'Common causes: the subnet group or security group given, permissions on a KMS key, a service quota, a resource with the same name.',
        },
      },
      {
        text: {
          ja: '原因を解消したら、該当リソースの復旧レベル R2 の手順で手動の復元を行い、復元できることを確認します (確認後、復元したリソースは削除します)。',
          en: 'With the cause fixed, restore the resource by hand with its recovery level R2 procedure to prove the restore works (then delete what was restored).',
        },
        commands: [RunbookCommand.of(sh`aws backup list-restore-testing-selections --region ${f.region} --restore-testing-plan-name ${f.restoreTestingPlanName} --query "RestoreTestingSelections[].[RestoreTestingSelectionName,ProtectedResourceType,ValidationWindowHours]" --output text`)],
      },
    ],
    requirements: ['DR-04', 'MON-08'],
  });
}


/** A section for one of the failed-job alerts (DR-04, MON-08): the notification sends the operator here. */
function jobAlertSection(p: {
  anchor: string; title: LocalizedText; notification: string; summary: LocalizedText; steps: RunbookStep[]; requirements: string[];
}): RunbookSection {
  return {
    anchor: p.anchor,
    kind: RunbookSectionKind.ALARM,
    title: p.title,
    whenToUse: { ja: `Critical 通知「${p.notification}」を受けたとき。`, en: `The critical notification "${p.notification}" arrived.` },
    summary: [p.summary],
    steps: p.steps,
    escalation: DR_ESCALATION,
    requirements: p.requirements,
  };
}
