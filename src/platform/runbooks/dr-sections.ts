import { Duration, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { monthlyRestoreTest, quarterlyDrills } from './dr-drill-sections';
import { drAnchors, DrRunbookFacts, DR_ESCALATION } from './dr-facts';
import { backupJobFailed, copyJobFailed, restoreTestFailed } from './dr-job-sections';
import { bucketRecovery, databaseRestore, recoveryLevel1Section } from './dr-recovery-sections';
import { regionFailure } from './dr-region-sections';
import { tableRecovery } from './dr-table-sections';
import { LocalizedText } from '../../core/localized-text';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { sh } from '../../runbooks/shell-words';
import { disruptionName } from '../dr/achievable-recovery';
import { durationEn, durationJa } from '../dr/durations';

/**
 * Adds the DR sections of one DrPlan to the runbook of `scope`'s stack, and links the monthly and
 * quarterly tasks in the runbook of `platform`'s stack to its restore test and drills (DR-04).
 */
export function addDrRunbookSections(scope: IConstruct, platform: IConstruct, facts: DrRunbookFacts): void {
  const runbook = Runbook.of(scope);
  for (const section of drRunbookSections(facts)) runbook.addSection(section);
  const a = drAnchors(facts.anchorPrefix);
  const stack = Stack.of(scope) === Stack.of(platform) ? undefined : Stack.of(scope);
  const platformRunbook = Runbook.of(platform);
  // A serverless application's runbook has no periodic sections: the DR sections stand alone there.
  if (!platformRunbook.hasSection(PLATFORM_ANCHORS.periodicMonthly)) return;
  platformRunbook.addLink(PLATFORM_ANCHORS.periodicMonthly, {
    text: { ja: `月次リストアテストの確認 (ボールト ${facts.vaultName})`, en: `Monthly restore test review (vault ${facts.vaultName})` },
    anchor: a.monthlyRestoreTest,
    stack,
  });
  platformRunbook.addLink(PLATFORM_ANCHORS.periodicQuarterly, {
    text: { ja: `四半期の復旧訓練 (ボールト ${facts.vaultName})`, en: `Quarterly recovery drills (vault ${facts.vaultName})` },
    anchor: a.quarterlyDrills,
    stack,
  });
}

/**
 * The DR runbook of one DrPlan (DR-05, OPS-02): the recovery levels — R1 service
 * partially down, R2 database or data failure, R3 region failure — the failed-job alerts, the
 * monthly restore test and the quarterly drills (DR-04), each command naming this deployment's
 * vault, plans, instances and stacks.
 */
export function drRunbookSections(facts: DrRunbookFacts): RunbookSection[] {
  const a = drAnchors(facts.anchorPrefix);
  return [
    overview(facts),
    ...facts.cluster ? [recoveryLevel1Section(facts, facts.cluster)] : [],
    ...facts.databases.map(db => databaseRestore(facts, db)),
    ...facts.buckets.map(bucket => bucketRecovery(facts, bucket)),
    ...facts.tables.map(table => tableRecovery(facts, table)),
    regionFailure(facts),
    backupJobFailed(facts),
    copyJobFailed(facts),
    restoreTestFailed(facts),
    monthlyRestoreTest(facts),
    quarterlyDrills(facts),
  ].map(section => ({ ...section, links: section.links ?? [{ text: { ja: 'DR の概要と復旧レベル', en: 'DR overview and recovery levels' }, anchor: a.overview }] }));
}

function overview(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const copy: LocalizedText = f.copyRegion
    ? { ja: `日次・1時間ごとの復旧ポイントは ${f.copyRegion} のボールト \`${f.copyVaultName}\` にコピーされます。`, en: `Daily and hourly recovery points are copied to vault \`${f.copyVaultName}\` in ${f.copyRegion}.` }
    : { ja: '他リージョンへのコピーはありません。リージョン障害からは復旧できません (DR-03)。', en: 'Nothing is copied to another region: a region failure is not recoverable (DR-03).' };
  const links: RunbookLink[] = [
    ...f.cluster ? [{ text: { ja: '復旧レベル R1: サービス部分障害', en: 'Recovery level R1: service partially down' }, anchor: a.recoveryL1Service }] : [],
    ...f.databases.map(db => ({ text: { ja: `復旧レベル R2: ${db.label} の復元`, en: `Recovery level R2: restore ${db.label}` }, anchor: a.recoveryL2Database(db.identifier) })),
    ...f.buckets.map(b => ({ text: { ja: `復旧レベル R2: ${b.label} の復旧`, en: `Recovery level R2: recover ${b.label}` }, anchor: a.recoveryL2Bucket(b.path) })),
    ...f.tables.map(t => ({ text: { ja: `復旧レベル R2: ${t.label} の復旧`, en: `Recovery level R2: recover ${t.label}` }, anchor: a.recoveryL2Table(t.path) })),
    { text: { ja: '復旧レベル R3: リージョン障害', en: 'Recovery level R3: region failure' }, anchor: a.recoveryL3Region },
    { text: { ja: '月次リストアテスト', en: 'Monthly restore test' }, anchor: a.monthlyRestoreTest },
    { text: { ja: '四半期の復旧訓練', en: 'Quarterly recovery drills' }, anchor: a.quarterlyDrills },
  ];
  return {
    anchor: a.overview,
    kind: RunbookSectionKind.POLICY,
    title: { ja: '災害復旧: 復旧目標と復旧レベル', en: 'Disaster recovery: objectives and recovery levels' },
    whenToUse: {
      ja: '障害の影響範囲を判断するとき、どの復旧レベルの手順を使うか決めるとき。',
      en: 'Deciding how far a failure reaches and which recovery level applies.',
    },
    summary: [
      {
        ja: `バックアップは AWS Backup のボールト \`${f.vaultName}\` (${f.region}、専用の KMS キーで暗号化、削除不可) に保存されます。${copy.ja} 復元テストは毎月第1月曜日 10:00 JST に自動実行されます (プラン \`${f.restoreTestingPlanName}\`)。`,
        en: `Backups are kept in AWS Backup vault \`${f.vaultName}\` (${f.region}, encrypted with its own KMS key, recovery points cannot be deleted). ${copy.en} Restores are tested automatically on the first Monday of each month at 10:00 JST (plan \`${f.restoreTestingPlanName}\`).`,
      },
      {
        ja: '復旧レベル (DR-05): R1 サービス部分障害 (自動復旧、5分以内)、R2 データベース・データ障害 (新しいインスタンスへの復元、30分〜1時間)、R3 リージョン障害 (別リージョンでの復旧、2〜4時間)。下表は現在の構成で達成可能な RPO/RTO です (synth 時に目標と照合済み)。',
        en: 'Recovery levels (DR-05): R1 service partially down (recovers by itself within 5 minutes), R2 database or data failure (restore to a new instance, 30–60 minutes), R3 region failure (recover in another region, 2–4 hours). The table shows the RPO/RTO this deployment can achieve, checked against the objectives at synth.',
      },
    ],
    table: {
      header: [
        { ja: 'リソース', en: 'Resource' }, { ja: '障害の種類', en: 'Disruption' },
        { ja: 'RPO (目標)', en: 'RPO (objective)' }, { ja: 'RTO (目標)', en: 'RTO (objective)' }, { ja: '復旧方法', en: 'Recovery' },
      ],
      rows: f.assessments.flatMap(resource => resource.rows.map(row => ({
        cells: [
          { ja: resource.label, en: resource.label },
          disruptionName(row.disruption),
          figure(row.achievableRpo, row.objectiveRpo),
          figure(row.achievableRto, row.objectiveRto),
          row.mechanismText,
        ],
      }))),
    },
    steps: [
      {
        text: { ja: '保護対象のリソースと最新のバックアップ時刻を確認します。', en: 'List the protected resources and when each was last backed up.' },
        commands: [RunbookCommand.of(sh`aws backup list-protected-resources --region ${f.region} --query "Results[].[ResourceType,ResourceArn,LastBackupTime]" --output text`)],
        expected: { ja: 'データベースは24時間以内、アプリケーションデータは1時間以内にバックアップされていること。', en: 'Databases backed up within the last 24 hours, application data within the last hour.' },
      },
      {
        text: { ja: 'ボールトとコピー先ボールトの復旧ポイント数を確認します。', en: 'Count the recovery points in the vault and in the copy vault.' },
        commands: [
          sh`aws backup describe-backup-vault --region ${f.region} --backup-vault-name ${f.vaultName} --query "[BackupVaultName,NumberOfRecoveryPoints,Locked]" --output text`,
          ...f.copyRegion ? [sh`aws backup describe-backup-vault --region ${f.copyRegion} --backup-vault-name ${f.copyVaultName!} --query "[BackupVaultName,NumberOfRecoveryPoints,Locked]" --output text`] : [],
        ].map(script => RunbookCommand.of(script)),
      },
    ],
    escalation: DR_ESCALATION,
    links,
    requirements: ['DR-01', 'DR-05', 'OPS-02'],
  };
}


/** An achievable figure with its objective in brackets, in both languages. */
function figure(achievable: Duration | undefined, objective: Duration | undefined): LocalizedText {
  const value = (d: Duration | undefined, en: boolean) => d === undefined ? (en ? 'not recoverable' : '復旧不可') : (en ? durationEn(d) : durationJa(d));
  const goal = (en: boolean) => objective === undefined ? '' : ` (${en ? durationEn(objective) : durationJa(objective)})`;
  return { en: `${value(achievable, true)}${goal(true)}`, ja: `${value(achievable, false)}${goal(false)}` };
}
