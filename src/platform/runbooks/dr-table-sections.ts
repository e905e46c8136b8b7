import { backupRoleArn, waitRestoreJob } from './dr-commands';
import { drAnchors, DrRunbookFacts, DrTable, DR_ESCALATION } from './dr-facts';
import { COPY_BACK_STEP, pointInTimeSteps, startTableRestore, tableRecoveryPoints } from './table-commands';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { durationEn, durationJa } from '../dr/durations';

/** Recovery level R2 for a table (DR-05, OPS-02): point-in-time restore, or the daily backup when the damage is older. */
export function tableRecovery(f: DrRunbookFacts, table: DrTable): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const lookup = { TABLE: table.name };
  return {
    anchor: a.recoveryL2Table(table.path),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `復旧レベル R2: ${table.label} の復旧`, en: `Recovery level R2: recover ${table.label}` },
    whenToUse: {
      ja: '誤った書き込みや削除でテーブルのデータが壊れたとき、またはテーブルを過去の状態に戻す必要があるとき。',
      en: 'A bad write or deletion damaged the table\'s data, or the table must go back to an earlier state.',
    },
    summary: [{
      ja: `ポイントインタイムリカバリで過去35日間の任意の時刻 (最新は約5分前) に、日次バックアップ (ボールト \`${f.vaultName}\`) でそれより前に戻せます。復元は常に新しいテーブルに作成されます。見積り復元時間: ${durationJa(table.restoreTime)}。`,
      en: `Point-in-time recovery restores any second of the last 35 days (the latest is about 5 minutes ago); the daily backups in vault \`${f.vaultName}\` go further back. A restore always creates a new table. Expected restore time: ${durationEn(table.restoreTime)}.`,
    }],
    steps: [
      ...pointInTimeSteps(table.region, lookup),
      {
        text: {
          ja: 'ポイントインタイムリカバリの範囲外のときは、日次バックアップの復旧ポイントを選び、新しいテーブルに復元します。',
          en: 'Outside the point-in-time window: pick a daily recovery point and restore it into a new table.',
        },
        commands: [RunbookCommand.withLookups([
          tableRecoveryPoints(f.vaultName, table.region),
          backupRoleArn(f.backupRoleName),
          'read -r -p "Recovery point ARN of the table: " RECOVERY_POINT',
          'NEW_TABLE="$TABLE-restored-$(date -u +%Y%m%d%H%M)"',
          startTableRestore(table.region),
          waitRestoreJob(table.region),
        ].join('\n'), lookup)],
        expected: { ja: 'ジョブが COMPLETED になること。', en: 'The job is COMPLETED.' },
      },
      COPY_BACK_STEP,
    ],
    escalation: DR_ESCALATION,
    requirements: ['DR-05', 'OPS-02', 'DR-02'],
  };
}

/** The region-failure step of a table: restore its newest copy in the recovery region `region`. */
export function regionTableStep(f: DrRunbookFacts, table: DrTable, region: string, copyVaultName: string): RunbookStep {
  return {
    text: {
      ja: `${table.label}: ${region} のコピー先ボールトから最新の日次コピーを新しいテーブルに復元し、${region} のアプリケーションをそのテーブルに向けます。`,
      en: `${table.label}: restore its newest daily copy in ${region} into a new table, and point the application in ${region} at that table.`,
    },
    commands: [RunbookCommand.of([
      tableRecoveryPoints(copyVaultName, region),
      backupRoleArn(f.backupRoleName),
      'read -r -p "Recovery point ARN of the table: " RECOVERY_POINT',
      'read -r -p "Name of the new table: " NEW_TABLE',
      startTableRestore(region),
      waitRestoreJob(region),
    ].join('\n'))],
  };
}
