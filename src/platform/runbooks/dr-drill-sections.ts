import { copyRestore, instanceName, LATEST_RESTORE_TIME, pointInTimeRestore, TEN_MINUTES_AGO, waitAvailable } from './dr-commands';
import { drAnchors, DrRunbookFacts, DR_ESCALATION } from './dr-facts';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { createdAfter } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';
import { durationEn, durationJa } from '../dr/durations';

export function monthlyRestoreTest(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const plan = sh`PLAN_ARN=$(aws backup get-restore-testing-plan --region ${f.region} --restore-testing-plan-name ${f.restoreTestingPlanName} --query RestoreTestingPlan.RestoreTestingPlanArn --output text)`;
  return {
    anchor: a.monthlyRestoreTest,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '月次リストアテストの確認', en: 'Monthly restore test review' },
    whenToUse: {
      ja: '毎月第1月曜日 (DR-04): 自動リストアテストの実行後 (10:00 JST 開始)。',
      en: 'The first Monday of each month (DR-04), after the automatic restore test (starts 10:00 JST).',
    },
    summary: [{
      ja: 'AWS Backup が各リソースの最新の復旧ポイントを復元し、検証期間の後に削除します。復元に要した時間は objectives 表の見積りと比較し、長ければ restoreTimeEstimate を実測値に更新して synth で目標を再確認します。',
      en: 'AWS Backup restores the latest recovery point of every resource and deletes it after the validation window. Compare each restore\'s duration with the estimate below; if it took longer, set restoreTimeEstimate to the measured time and synth, which checks the objectives again.',
    }],
    table: {
      header: [{ ja: 'リソース', en: 'Resource' }, { ja: '見積り復元時間', en: 'Restore time counted' }],
      rows: [...f.databases, ...f.buckets, ...f.tables].map(r => ({
        cells: [{ ja: r.label, en: r.label }, { ja: durationJa(r.restoreTime), en: durationEn(r.restoreTime) }],
      })),
    },
    steps: [
      {
        text: { ja: '今月のリストアジョブの結果と所要時間を確認します。', en: 'Read this month\'s restore jobs, their results and durations.' },
        commands: [RunbookCommand.of([
          plan,
          sh`aws backup list-restore-jobs --region ${f.region} --by-restore-testing-plan-arn "$PLAN_ARN" ${shellCode(createdAfter('31 days'))} --query "RestoreJobs[].[ResourceType,Status,CreationDate,CompletionDate,ValidationStatus]" --output text`,
        ].join('\n'))],
        expected: {
          ja: 'すべてのジョブが COMPLETED で、所要時間 (CompletionDate − CreationDate) が上表の見積り以内であること。',
          en: 'Every job COMPLETED, each taking (CompletionDate − CreationDate) no longer than the table above.',
        },
      },
      {
        text: { ja: '直近24時間のバックアップとコピーが揃っていることを確認します。', en: 'Check the last 24 hours of backups and copies are all there.' },
        commands: [
          sh`aws backup list-backup-jobs --region ${f.region} --by-backup-vault-name ${f.vaultName} ${shellCode(createdAfter('1 day'))} --query "BackupJobs[].[ResourceType,State]" --output text | sort | uniq -c`,
          sh`aws backup list-copy-jobs --region ${f.region} ${shellCode(createdAfter('1 day'))} --query "CopyJobs[].[ResourceType,State]" --output text | sort | uniq -c`,
        ].map(script => RunbookCommand.of(script)),
        expected: { ja: 'FAILED・EXPIRED がないこと。', en: 'No FAILED or EXPIRED job.' },
      },
    ],
    escalation: DR_ESCALATION,
    requirements: ['DR-04', 'OPS-05'],
  };
}

export function quarterlyDrills(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const drills: RunbookStep[] = [];
  for (const db of f.databases) {
    const drill = instanceName(db.identifier, 'drill');
    // One code block per step: time the restore, pause for the check, then delete the drill instance.
    const timeThenDelete = (region: string, check: string) => RunbookCommand.of([
      waitAvailable(drill, region),
      sh`read -r -p "${check}, then press Enter to delete ${drill}: " _`,
      sh`aws rds delete-db-instance --region ${region} --db-instance-identifier ${drill} --skip-final-snapshot --delete-automated-backups --query "DBInstance.DBInstanceStatus" --output text`,
    ].join('\n'));
    drills.push({
      text: {
        ja: `シナリオ1 データベース完全消失 (${db.identifier}): 最新の復元可能時刻へのポイントインタイム復元で訓練用インスタンス ${drill} を作成し、所要時間を計測してから削除します。`,
        en: `Scenario 1, database lost (${db.identifier}): restore the latest restorable time into drill instance ${drill}, time it, then delete it.`,
      },
      commands: [pointInTimeRestore(db, drill, LATEST_RESTORE_TIME, false), timeThenDelete(db.region, 'Record the time')],
    }, {
      text: {
        ja: `シナリオ3 データ破損 (${db.identifier}): 10分前の時刻へのポイントインタイム復元で ${drill} を作成し、データを比較してから削除します。`,
        en: `Scenario 3, data corruption (${db.identifier}): restore 10 minutes ago into ${drill}, compare the data, then delete it.`,
      },
      commands: [pointInTimeRestore(db, drill, TEN_MINUTES_AGO, false), timeThenDelete(db.region, 'Compare the data')],
    });
    if (f.copyRegion) {
      drills.push({
        text: {
          ja: `シナリオ2 リージョン障害 (${db.identifier}): ${f.copyRegion} の最新のコピーから ${drill} を復元し、所要時間を計測してから削除します。`,
          en: `Scenario 2, region failure (${db.identifier}): restore the newest copy in ${f.copyRegion} into ${drill}, time it, then delete it.`,
        },
        commands: [copyRestore(db, f.copyVaultName!, f.copyRegion, drill), timeThenDelete(f.copyRegion, 'Record the time')],
      });
    }
  }
  drills.push({
    text: {
      ja: 'シナリオ4 セキュリティインシデント: データベース認証情報を即時ローテーションし、ボールトが復旧ポイントの削除を拒否すること、最近の AWS Backup API 呼び出し、Critical 通知が届くことを確認します。',
      en: 'Scenario 4, security incident: rotate the database credentials now, check the vault refuses to delete recovery points, review recent AWS Backup API calls, and check a critical notification arrives.',
    },
    commands: [
      // One variable per database: the lookups of a step share one code block.
      ...f.databases.map((db, i) => RunbookCommand.withLookups(
        sh`aws secretsmanager rotate-secret --region ${db.region} --secret-id "$SECRET_${i + 1}" --query VersionId --output text`, { [`SECRET_${i + 1}`]: db.secret })),
      RunbookCommand.of(sh`aws backup get-backup-vault-access-policy --region ${f.region} --backup-vault-name ${f.vaultName} --query Policy --output text`),
      RunbookCommand.of(sh`aws cloudtrail lookup-events --region ${f.region} --lookup-attributes AttributeKey=EventSource,AttributeValue=backup.amazonaws.com --max-results 50 --query "Events[].[EventTime,EventName,Username]" --output text`),
      RunbookCommand.withLookups(
        sh`aws sns publish --region ${f.region} --topic-arn "$TOPIC" --subject "DR drill" --message "Quarterly DR drill: this critical notification is a test." --query MessageId --output text`,
        { TOPIC: f.criticalTopic }),
    ],
    expected: {
      ja: 'アクセスポリシーに backup:DeleteRecoveryPoint の Deny があり、オンコールに通知が届くこと。',
      en: 'The access policy denies backup:DeleteRecoveryPoint, and on-call receives the notification.',
    },
  });
  return {
    anchor: a.quarterlyDrills,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '四半期の復旧訓練', en: 'Quarterly recovery drills' },
    whenToUse: {
      ja: '四半期ごと (DR-04): 本番のメンテナンス時間、またはステージング環境で実施します。',
      en: 'Every quarter (DR-04): in the production maintenance window, or in staging.',
    },
    summary: [{
      ja: '訓練は本番のデータを変更しません: 復元先はすべて訓練用の新しいインスタンスで、計測後に削除します。',
      en: 'Drills never change production data: every restore goes to a new drill instance, deleted after timing it.',
    }],
    steps: drills.concat({
      text: { ja: '訓練の結果を記録します。', en: 'Record the results.' },
      checklist: [
        { ja: 'RTO/RPO の目標を達成した (objectives 表と比較)', en: 'RTO/RPO objectives met (compared with the objectives table)' },
        { ja: '手順書どおりに実行できた (誤りは修正した)', en: 'The runbook was accurate (mistakes fixed)' },
        { ja: 'チームの連携が円滑だった', en: 'The team worked together smoothly' },
        { ja: '通知システムが動作した', en: 'The notification system worked' },
      ],
    }),
    escalation: DR_ESCALATION,
    requirements: ['DR-04', 'DR-05', 'OPS-05'],
  };
}
