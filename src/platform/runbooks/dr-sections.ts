import { Duration, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  alarmsInAlarm, ASK_RESTORE_TIME, backupRoleArn, bucketRecoveryPoints, bucketRestore, copyRestore, instanceName, LATEST_RESTORE_TIME,
  pointInTimeRestore, restartServices, snapshotRestore, startBucketRestore, switchSecret, TEN_MINUTES_AGO, waitAvailable, waitRestoreJob,
} from './dr-commands';
import { drAnchors, DrBucket, DrDatabase, DrRunbookFacts } from './dr-facts';
import { LocalizedText } from '../../core/localized-text';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { createdAfter } from '../../runbooks/sections/shell';
import { disruptionName } from '../dr/achievable-recovery';
import { jobAlertTitles } from '../dr/backup-job-alerts';
import { durationEn, durationJa } from '../dr/durations';
import { BucketDataClass } from '../dr/recovery-objectives';
import { shellCode, ShellCode } from '../../runbooks/shell-words';

const ESCALATION: LocalizedText = {
  ja: '30分で復旧しない場合はチームリード (L2)、1時間で復旧しない場合はアーキテクト (L3) にエスカレーションします。データ損失の可能性がある場合は即時に L3 と CTO (L4) に連絡します。',
  en: 'Not recovered in 30 minutes: escalate to the team lead (L2); in 1 hour: to the architect (L3). If data may be lost, call L3 and the CTO (L4) at once.',
};

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
 * The DR runbook of one DrPlan (DR-05, OPS-02): the recovery levels of seed 001 §5 — L1 service
 * partially down, L2 database or data failure, L3 region failure — the failed-job alerts, the
 * monthly restore test and the quarterly drills (DR-04), each command naming this deployment's
 * vault, plans, instances and stacks.
 */
export function drRunbookSections(facts: DrRunbookFacts): RunbookSection[] {
  const a = drAnchors(facts.anchorPrefix);
  return [
    overview(facts),
    levelOne(facts),
    ...facts.databases.map(db => databaseRestore(facts, db)),
    ...facts.buckets.map(bucket => bucketRecovery(facts, bucket)),
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
    { text: { ja: 'L1: サービス部分障害', en: 'L1: service partially down' }, anchor: a.l1 },
    ...f.databases.map(db => ({ text: { ja: `L2: ${db.label} の復元`, en: `L2: restore ${db.label}` }, anchor: a.l2Database(db.identifier) })),
    ...f.buckets.map(b => ({ text: { ja: `L2: ${b.label} の復旧`, en: `L2: recover ${b.label}` }, anchor: a.l2Bucket(b.path) })),
    { text: { ja: 'L3: リージョン障害', en: 'L3: region failure' }, anchor: a.l3 },
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
        ja: '復旧レベル (seed 001 §5): L1 サービス部分障害 (自動復旧、5分以内)、L2 データベース・データ障害 (新しいインスタンスへの復元、30分〜1時間)、L3 リージョン障害 (別リージョンでの復旧、2〜4時間)。下表は現在の構成で達成可能な RPO/RTO です (synth 時に目標と照合済み)。',
        en: 'Recovery levels (seed 001 §5): L1 service partially down (recovers by itself within 5 minutes), L2 database or data failure (restore to a new instance, 30–60 minutes), L3 region failure (recover in another region, 2–4 hours). The table shows the RPO/RTO this deployment can achieve, checked against the objectives at synth.',
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
        commands: [RunbookCommand.of(`aws backup list-protected-resources --region ${f.region} --query "Results[].[ResourceType,ResourceArn,LastBackupTime]" --output text`)],
        expected: { ja: 'データベースは24時間以内、アプリケーションデータは1時間以内にバックアップされていること。', en: 'Databases backed up within the last 24 hours, application data within the last hour.' },
      },
      {
        text: { ja: 'ボールトとコピー先ボールトの復旧ポイント数を確認します。', en: 'Count the recovery points in the vault and in the copy vault.' },
        commands: [
          `aws backup describe-backup-vault --region ${f.region} --backup-vault-name ${f.vaultName} --query "[BackupVaultName,NumberOfRecoveryPoints,Locked]" --output text`,
          ...f.copyRegion ? [`aws backup describe-backup-vault --region ${f.copyRegion} --backup-vault-name ${f.copyVaultName} --query "[BackupVaultName,NumberOfRecoveryPoints,Locked]" --output text`] : [],
        ].map(script => RunbookCommand.of(script)),
      },
    ],
    escalation: ESCALATION,
    links,
    requirements: ['DR-01', 'DR-05', 'OPS-02'],
  };
}

function levelOne(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const cluster = { CLUSTER: f.cluster };
  return {
    anchor: a.l1,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: 'L1: サービス部分障害', en: 'L1: service partially down' },
    whenToUse: {
      ja: '一部のタスクが停止した、ヘルシーなターゲット数が減ったなど、テナントサービスの一部だけが影響を受けているとき。',
      en: 'Some tasks stopped or healthy targets dropped: only part of a tenant service is affected.',
    },
    summary: [{
      ja: 'ECS は停止したタスクを自動で再起動し、Auto Scaling が不足分を補います。目標は5分以内の自動復旧です。手作業は、自動復旧しない原因を特定するときだけ必要です。',
      en: 'ECS restarts stopped tasks and auto scaling adds capacity; the target is automatic recovery within 5 minutes. Work by hand only to find out why it does not recover.',
    }],
    steps: [
      {
        text: { ja: '希望数に満たないサービスを確認します。', en: 'Find the services running fewer tasks than desired.' },
        commands: [RunbookCommand.withLookups([
          `for SERVICE in $(aws ecs list-services --region ${f.region} --cluster "$CLUSTER" --query serviceArns --output text); do`,
          `  aws ecs describe-services --region ${f.region} --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].[serviceName,runningCount,desiredCount,deployments[0].rolloutState]" --output text`,
          'done',
        ].join('\n'), cluster)],
        expected: { ja: '5分以内にすべてのサービスで runningCount が desiredCount に戻ること。', en: 'Within 5 minutes runningCount equals desiredCount for every service.' },
      },
      {
        text: { ja: '停止したタスクの理由を確認します (OOM、ヘルスチェック失敗、イメージ取得失敗など)。', en: 'Read why tasks stopped (out of memory, failed health checks, image pull errors).' },
        commands: [RunbookCommand.withLookups([
          `for TASK in $(aws ecs list-tasks --region ${f.region} --cluster "$CLUSTER" --desired-status STOPPED --query taskArns --output text); do`,
          `  aws ecs describe-tasks --region ${f.region} --cluster "$CLUSTER" --tasks "$TASK" --query "tasks[0].[group,stopCode,stoppedReason,containers[0].reason]" --output text`,
          'done',
        ].join('\n'), cluster)],
      },
      {
        text: {
          ja: '直前のデプロイが原因であれば、そのテナントのロールバック手順を使います。データベース接続エラーが原因であれば L2 に進みます。',
          en: 'If the last deployment is the cause, use that tenant\'s rollback procedure. If database connections fail, go to L2.',
        },
        commands: [RunbookCommand.of(alarmsInAlarm(f.region))],
        expected: { ja: 'ALARM 状態のアラームがなくなること。', en: 'No alarm left in ALARM.' },
      },
    ],
    escalation: ESCALATION,
    requirements: ['DR-05', 'OPS-02'],
  };
}

function databaseRestore(f: DrRunbookFacts, db: DrDatabase): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const target = instanceName(db.identifier, 'restored');
  const secret = { SECRET: db.secret };
  const steps: RunbookStep[] = [
    {
      text: { ja: 'インスタンスの状態、直近のイベント、復元可能な時間帯を確認します。', en: 'Check the instance, its recent events and the window it can be restored to.' },
      commands: [
        `aws rds describe-db-instances --region ${db.region} --db-instance-identifier ${db.identifier} --query "DBInstances[0].[DBInstanceStatus,MultiAZ,AvailabilityZone,LatestRestorableTime]" --output text`,
        `aws rds describe-events --region ${db.region} --source-type db-instance --source-identifier ${db.identifier} --duration 180 --query "Events[].[Date,Message]" --output text`,
        `aws rds describe-db-instance-automated-backups --region ${db.region} --db-instance-identifier ${db.identifier} --query "DBInstanceAutomatedBackups[].[Status,RestoreWindow.EarliestTime,RestoreWindow.LatestTime]" --output text`,
      ].map(script => RunbookCommand.of(script)),
      expected: db.multiAz ? {
        ja: 'AZ 障害・ハードウェア障害は Multi-AZ のフェイルオーバー (1〜2分) で自動復旧します。インスタンスが available であれば復元は不要です。データ破損・インスタンスの喪失の場合は次の手順に進みます。',
        en: 'Zone and hardware failures recover by Multi-AZ failover (1–2 minutes): if the instance is available, no restore is needed. Go on for corrupted data or a lost instance.',
      } : {
        ja: 'Single-AZ のため、インスタンスが利用できない場合は復元が必要です。',
        en: 'The instance is single-AZ: if it is unavailable, restore it.',
      },
    },
    {
      text: {
        ja: `ポイントインタイム復元で新しいインスタンス ${target} を作成します (推奨)。データ破損の場合は破損前の時刻を指定します。元のインスタンスが削除済みの場合は、保持された自動バックアップから復元できます (--source-db-instance-identifier の代わりに --source-dbi-resource-id)。`,
        en: `Create the new instance ${target} by point-in-time restore (preferred). For corrupted data, give a time before the corruption. If the original instance was deleted, its retained automated backups still restore (use --source-dbi-resource-id instead of --source-db-instance-identifier).`,
      },
      commands: [pointInTimeRestore(db, target, ASK_RESTORE_TIME, f.production)],
    },
    {
      text: {
        ja: `ポイントインタイム復元ができない場合は、ボールト ${f.vaultName} の最新の日次スナップショットから復元します (RPO は最大1日)。`,
        en: `If point-in-time restore is not possible, restore the latest daily snapshot in vault ${f.vaultName} instead (RPO up to 1 day).`,
      },
      commands: [snapshotRestore(db, f.vaultName, target, f.production)],
    },
    {
      text: { ja: '復元の完了を待ちます。所要時間を記録し、目標 RTO と比較します。', en: 'Wait for the restore; note the time it took against the RTO objective.' },
      commands: [RunbookCommand.of(waitAvailable(target, db.region))],
      expected: {
        ja: `available になること。見積り所要時間: ${durationJa(db.restoreTime)}。`,
        en: `The instance becomes available. Expected restore time: ${durationEn(db.restoreTime)}.`,
      },
    },
    {
      text: {
        ja: 'アプリケーションの接続先を切り替えます: 認証情報シークレットのホストを新しいインスタンスに向け、新しいインスタンスのパスワードをシークレットに合わせます (ローテーションで復元時点から変わっている可能性があるため)。jq が必要です。',
        en: 'Switch the application\'s connection: point the credentials secret at the new instance and give the instance the secret\'s password (rotation may have changed it since the restore point). Needs jq.',
      },
      commands: [RunbookCommand.withLookups(switchSecret(target, db.region), secret)],
    },
    {
      text: { ja: 'すべてのテナントサービスを再デプロイし、新しい接続先を読み込ませます。', en: 'Redeploy every tenant service so it reads the new connection.' },
      commands: [RunbookCommand.withLookups(restartServices(db.region), { CLUSTER: f.cluster })],
      expected: { ja: 'すべてのサービスが安定し、DB 接続エラーのアラームが解消すること。', en: 'Every service is stable and the database connection alarms clear.' },
    },
    {
      text: { ja: '復旧を確認します。', en: 'Check the recovery.' },
      commands: [RunbookCommand.of(alarmsInAlarm(db.region))],
      expected: { ja: 'ALARM 状態のアラームがないこと。', en: 'No alarm in ALARM.' },
    },
    {
      text: {
        ja: `事後対応 (チームリードの承認後): 障害のあったインスタンスを ${instanceName(db.identifier, 'failed')} に、復元したインスタンスを ${db.identifier} に名前変更すると、CloudFormation、バックアッププランの対象、アラームが再び適用されます。名前変更後はエンドポイントが元に戻るため、シークレットのホストも元に戻します。`,
        en: `Afterwards (with the team lead's approval): renaming the failed instance to ${instanceName(db.identifier, 'failed')} and the restored one to ${db.identifier} brings it back under CloudFormation, the backup plan and the alarms. The endpoint then returns to the original name, so point the secret back to it.`,
      },
      commands: [RunbookCommand.of([
        `aws rds modify-db-instance --region ${db.region} --db-instance-identifier ${db.identifier} --new-db-instance-identifier ${instanceName(db.identifier, 'failed')} --apply-immediately --query "DBInstance.DBInstanceStatus" --output text`,
        `sleep 60 && aws rds wait db-instance-available --region ${db.region} --db-instance-identifier ${instanceName(db.identifier, 'failed')}`,
        `aws rds modify-db-instance --region ${db.region} --db-instance-identifier ${target} --new-db-instance-identifier ${db.identifier} --apply-immediately --query "DBInstance.DBInstanceStatus" --output text`,
        `sleep 60 && aws rds wait db-instance-available --region ${db.region} --db-instance-identifier ${db.identifier}`,
      ].join('\n')), RunbookCommand.withLookups(switchSecret(db.identifier, db.region), secret)],
    },
  ];
  return {
    anchor: a.l2Database(db.identifier),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `L2: データベース ${db.identifier} の復元`, en: `L2: restore database ${db.identifier}` },
    whenToUse: {
      ja: 'データベースが利用できない、データが破損・誤削除された、データベースの Critical アラームが解消しないとき。',
      en: 'The database is unavailable, data was corrupted or deleted, or a critical database alarm does not clear.',
    },
    summary: [{
      ja: '復元は常に新しいインスタンスへ行い (元のインスタンスは調査のため残す)、アプリケーションの接続先を切り替えます。目標: 30分〜1時間。',
      en: 'Always restore to a new instance (keep the original for investigation), then switch the application\'s connection. Target: 30–60 minutes.',
    }],
    steps,
    escalation: ESCALATION,
    requirements: ['DR-05', 'OPS-02', 'DR-02'],
  };
}

function bucketRecovery(f: DrRunbookFacts, bucket: DrBucket): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const withBucket = (script: string) => RunbookCommand.withLookups(script, { BUCKET: bucket.name });
  const versioned = bucket.dataClass === BucketDataClass.CONFIGURATION;
  const steps: RunbookStep[] = versioned ? [
    {
      text: { ja: '復元するオブジェクトのバージョン履歴を確認します。', en: 'List the versions of the object to restore.' },
      commands: [withBucket([
        'read -r -p "Object key: " KEY',
        `aws s3api list-object-versions --region ${bucket.region} --bucket "$BUCKET" --prefix "$KEY" --query "Versions[].[Key,LastModified,VersionId,IsLatest]" --output text`,
      ].join('\n'))],
    },
    {
      text: { ja: '正しいバージョンを現在のバージョンとしてコピーし直します (変更履歴は残ります)。', en: 'Copy the good version back over the current one (the history stays).' },
      commands: [withBucket([
        'read -r -p "Object key: " KEY',
        'read -r -p "Version id to bring back: " VERSION',
        `aws s3api copy-object --region ${bucket.region} --bucket "$BUCKET" --key "$KEY" --copy-source "$BUCKET/$KEY?versionId=$VERSION" --query VersionId --output text`,
      ].join('\n'))],
      expected: { ja: '新しい VersionId が表示され、アプリケーションが正しい設定を読むこと。', en: 'A new VersionId is printed and the application reads the right configuration.' },
    },
  ] : [
    {
      text: { ja: `ボールト ${f.vaultName} の最新の復旧ポイントを確認します (1時間ごと)。`, en: `List the newest recovery points in vault ${f.vaultName} (hourly).` },
      commands: [withBucket(bucketRecoveryPoints(f.vaultName, bucket.region))],
    },
    {
      text: {
        ja: '最新の復旧ポイントを新しいバケットに復元します。AWS Backup は既存のオブジェクトを上書きしないため、破損の修復は新しいバケットへの復元と書き戻しで行います。',
        en: 'Restore the newest recovery point into a new bucket. AWS Backup never overwrites an existing object, so corruption is repaired by restoring into a new bucket and copying back.',
      },
      commands: [withBucket([bucketRestore(f.vaultName, bucket.region, f.backupRoleName), waitRestoreJob(bucket.region)].join('\n'))],
      expected: {
        ja: `COMPLETED になること。見積り所要時間: ${durationJa(bucket.restoreTime)}。`,
        en: `The job is COMPLETED. Expected restore time: ${durationEn(bucket.restoreTime)}.`,
      },
    },
    {
      text: { ja: '復元したオブジェクトを元のバケットに書き戻します (まず --dryrun で確認)。', en: 'Copy the restored objects back into the bucket (check with --dryrun first).' },
      commands: [withBucket([
        'read -r -p "Name of the bucket restored into: " NEW_BUCKET',
        `aws s3 sync "s3://$NEW_BUCKET" "s3://$BUCKET" --region ${bucket.region} --dryrun`,
        'read -r -p "Copy these objects back? Press Enter to continue, Ctrl-C to stop: " _',
        `aws s3 sync "s3://$NEW_BUCKET" "s3://$BUCKET" --region ${bucket.region}`,
      ].join('\n'))],
    },
  ];
  return {
    anchor: a.l2Bucket(bucket.path),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `L2: ${bucket.label} の復旧`, en: `L2: recover ${bucket.label}` },
    whenToUse: {
      ja: 'バケットのオブジェクトが破損・誤削除されたとき。',
      en: 'Objects in the bucket were corrupted or deleted.',
    },
    summary: [versioned
      ? { ja: '設定データ: すべての変更がオブジェクトバージョンとして残ります (RPO 0)。', en: 'Configuration: every change is kept as an object version (RPO 0).' }
      : { ja: 'アプリケーションデータ: 1時間ごとのバックアップから復元します (RPO 1時間)。', en: 'Application data: restored from the hourly backups (RPO 1 hour).' }],
    steps,
    escalation: ESCALATION,
    requirements: ['DR-05', 'OPS-02', 'DR-02'],
  };
}

function regionFailure(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const r = f.copyRegion;
  const base: RunbookSection = {
    anchor: a.l3,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `L3: リージョン障害 (${f.region})`, en: `L3: region failure (${f.region})` },
    whenToUse: {
      ja: `${f.region} のサービスが広範囲に利用できず、AWS Health でリージョン規模の障害が確認されたとき。`,
      en: `Services in ${f.region} are broadly unavailable and AWS Health confirms a regional event.`,
    },
    steps: [],
    escalation: {
      ja: 'L3 は宣言した時点でアーキテクト (L3) と CTO (L4) に連絡します。目標: 2〜4時間。',
      en: 'Declaring L3 means calling the architect (L3) and the CTO (L4) at once. Target: 2–4 hours.',
    },
    requirements: ['DR-03', 'DR-05', 'OPS-02'],
  };
  if (!r) {
    return {
      ...base,
      summary: [{
        ja: 'この DrPlan には copyToRegion がないため、データは他リージョンにありません。リージョンの復旧を待つ以外の手段はありません。',
        en: 'This DrPlan has no copyToRegion: no data exists outside the region, so the only option is to wait for the region to recover.',
      }],
      steps: [{
        text: { ja: 'AWS Health でリージョンの状況を確認します。', en: 'Follow the regional event in AWS Health.' },
        commands: [RunbookCommand.of(regionalEvents(f.region))],
      }],
    };
  }
  const steps: RunbookStep[] = [
    {
      text: { ja: 'リージョン障害を確認します (失敗したリージョンの API は使いません)。', en: 'Confirm the regional event (without calling the failed region).' },
      commands: [
        regionalEvents(f.region),
        ...f.failovers.map(fo => [
          `HEALTH_CHECK=$(aws route53 list-health-checks --query "HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${fo.healthCheckDomainName}'].Id" --output text)`,
          'aws route53 get-health-check-status --health-check-id "$HEALTH_CHECK" --query "HealthCheckObservations[].[Region,StatusReport.Status]" --output text',
        ].join('\n')),
      ].map(script => RunbookCommand.of(script)),
      expected: { ja: 'リージョン規模の障害が継続中であること。L3 を宣言し、インシデントを Critical として記録します。', en: 'A regional event is ongoing. Declare L3 and record a Critical incident.' },
    },
    {
      text: {
        ja: `${r} にプラットフォームとテナントのスタックをデプロイします (このアプリの ${r} 向けの定義で \`cdk deploy\`)。既にデプロイ済みであれば状態を確認します。`,
        en: `Deploy the platform and tenant stacks into ${r} (\`cdk deploy\` of this app's definitions for ${r}). If they are deployed already, check them.`,
      },
      commands: [RunbookCommand.of(`aws cloudformation describe-stacks --region ${r} --query "Stacks[].[StackName,StackStatus]" --output text`)],
      expected: { ja: 'プラットフォームとテナントのスタックが CREATE_COMPLETE または UPDATE_COMPLETE であること。', en: 'The platform and tenant stacks are CREATE_COMPLETE or UPDATE_COMPLETE.' },
    },
    ...f.databases.flatMap(db => regionDatabaseSteps(f, db, r)),
    ...f.buckets.filter(b => b.dataClass === BucketDataClass.APPLICATION_DATA).map((b): RunbookStep => ({
      text: {
        ja: `${b.label}: ${r} のコピー先ボールトから最新の復旧ポイントを新しいバケットに復元し、${r} のプラットフォームの設定をそのバケットに向けます。`,
        en: `${b.label}: restore its newest copy in ${r} into a new bucket, and point the platform in ${r} at that bucket.`,
      },
      commands: [RunbookCommand.of([
        `aws backup list-recovery-points-by-backup-vault --region ${r} --backup-vault-name ${f.copyVaultName} --by-resource-type S3 --query "reverse(sort_by(RecoveryPoints, &CreationDate))[:10].[ResourceArn,CreationDate,RecoveryPointArn]" --output text`,
        backupRoleArn(f.backupRoleName),
        'read -r -p "Recovery point ARN of the bucket: " RECOVERY_POINT',
        'read -r -p "Name of the new bucket (globally unique): " NEW_BUCKET',
        startBucketRestore(r),
        waitRestoreJob(r),
      ].join('\n'))],
    })),
    {
      text: { ja: `${r} のテナントサービスを再デプロイし、復元したデータへの接続を読み込ませます。`, en: `Redeploy the tenant services in ${r} so they read the restored data's connection.` },
      commands: [RunbookCommand.of([
        `aws ecs list-clusters --region ${r} --query clusterArns --output text`,
        `read -r -p "ECS cluster in ${r}: " CLUSTER`,
        restartServices(r),
      ].join('\n'))],
    },
    f.failovers.length > 0 ? {
      text: {
        ja: 'DNS は Route 53 のフェイルオーバーで自動的に切り替わります (約3分)。名前解決の結果を確認します。',
        en: 'Route 53 failover switches DNS by itself (about 3 minutes). Check what the names resolve to.',
      },
      commands: f.failovers.map(fo => RunbookCommand.of(`dig +short ${fo.recordName}`)),
      expected: { ja: `${r} のロードバランサーのアドレスが返ること。`, en: `The names resolve to the load balancer in ${r}.` },
    } : {
      text: {
        ja: `DNS を手動で切り替えます: テナントのホスト名のレコードを ${r} のロードバランサーに向けます (Route 53 フェイルオーバーが未設定のため)。`,
        en: `Switch DNS by hand: point the tenants' host name records at the load balancer in ${r} (no Route 53 failover is set up).`,
      },
      commands: [
        `aws elbv2 describe-load-balancers --region ${r} --query "LoadBalancers[].[LoadBalancerName,DNSName,CanonicalHostedZoneId]" --output text`,
        'aws route53 list-hosted-zones --query "HostedZones[].[Name,Id]" --output text',
      ].map(script => RunbookCommand.of(script)),
    },
    {
      text: { ja: `${r} で復旧を確認し、所要時間と失われたデータの範囲を記録して目標と比較します。`, en: `Check the recovery in ${r}; record the time taken and the data lost against the objectives.` },
      commands: [RunbookCommand.of(alarmsInAlarm(r))],
      expected: { ja: 'ALARM 状態のアラームがないこと。', en: 'No alarm in ALARM.' },
      checklist: [
        { ja: '復旧時間 (RTO) と失われたデータの範囲 (RPO) を記録した', en: 'Recorded the recovery time (RTO) and the data lost (RPO)' },
        { ja: `切り戻し (${f.region} への復帰) を変更管理として計画した`, en: `Planned the failback to ${f.region} as a change (OPS-04)` },
      ],
    },
  ];
  return {
    ...base,
    summary: [{
      ja: `${r} に日次 (データベース) と1時間ごと (アプリケーションデータ) のコピーがあります。障害リージョン ${f.region} の API は使わずに、${r} だけで復旧します。`,
      en: `Daily (database) and hourly (application data) copies are in ${r}. Recover using ${r} only, without calling the failed region ${f.region}.`,
    }],
    steps,
  };
}

function regionDatabaseSteps(f: DrRunbookFacts, db: DrDatabase, r: string): RunbookStep[] {
  const switchTo = (recovered: string | ShellCode, name: string, region: string, lookups: { [variable: string]: ResourceLookup }): RunbookStep => ({
    text: {
      ja: `${region} のプラットフォームのデータベース認証情報シークレットを ${name} に向け、パスワードを合わせます。`,
      en: `Point the database credentials secret of the platform in ${region} at ${name} and align its password.`,
    },
    commands: [RunbookCommand.withLookups([
      `aws secretsmanager list-secrets --region ${region} --query "SecretList[].[Name,ARN]" --output text`,
      `read -r -p "Database credentials secret in ${region}: " SECRET`,
      switchSecret(recovered, region),
    ].join('\n'), lookups)],
  });
  const replica = db.replica;
  if (replica) {
    // The replica's identifier is literal, or looked up in the replica's own stack (never the failed region's).
    const lookups = { REPLICA: replica.identifier };
    return [{
      text: { ja: `${db.label}: ${replica.region} のリードレプリカ ${replica.name} を昇格します。`, en: `${db.label}: promote read replica ${replica.name} in ${replica.region}.` },
      commands: [RunbookCommand.withLookups([
        `aws rds promote-read-replica --region ${replica.region} --db-instance-identifier "$REPLICA" --query "DBInstance.DBInstanceStatus" --output text`,
        waitAvailable(shellCode('"$REPLICA"'), replica.region),
      ].join('\n'), lookups)],
    }, switchTo(shellCode('"$REPLICA"'), replica.name, replica.region, lookups)];
  }
  const target = instanceName(db.identifier, 'recovered');
  return [{
    text: { ja: `${db.label}: ${r} のコピー先ボールト ${f.copyVaultName} の最新の日次コピーから ${target} を復元します。`, en: `${db.label}: restore ${target} from the newest daily copy in vault ${f.copyVaultName} in ${r}.` },
    commands: [copyRestore(db, f.copyVaultName!, r, target), RunbookCommand.of(waitAvailable(target, r))],
    expected: { ja: `available になること。見積り所要時間: ${durationJa(db.restoreTime)}。`, en: `The instance becomes available. Expected restore time: ${durationEn(db.restoreTime)}.` },
  }, switchTo(target, target, r, {})];
}

/** The open events of AWS Health in `region`, read from us-east-1 (the global endpoint), not from the region. */
function regionalEvents(region: string): string {
  return `aws health describe-events --region us-east-1 --filter "eventStatusCodes=open,regions=${region}" --query "events[].[service,eventTypeCode,startTime]" --output text`;
}

function backupJobFailed(f: DrRunbookFacts): RunbookSection {
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
        commands: [RunbookCommand.of([job, `aws backup describe-backup-job --region ${f.region} --backup-job-id "$JOB" --query "[State,StatusMessage,ResourceArn,CreationDate]" --output text`].join('\n'))],
        expected: {
          ja: 'EXPIRED: 前のジョブが実行中か開始ウィンドウ内に開始できなかった。FAILED: 権限・KMS キー・リソースの状態 (メンテナンス中など) を StatusMessage で確認します。',
          en: 'EXPIRED: the previous job was still running or the job could not start in its window. FAILED: read StatusMessage for permissions, the KMS key or the resource state (e.g. maintenance).',
        },
      },
      {
        text: { ja: '過去24時間の失敗をまとめて確認します。', en: 'List every failure of the last 24 hours.' },
        commands: [RunbookCommand.of(`aws backup list-backup-jobs --region ${f.region} --by-backup-vault-name ${f.vaultName} --by-state FAILED ${createdAfter('1 day')} --query "BackupJobs[].[ResourceArn,StatusMessage,CreationDate]" --output text`)],
      },
      {
        text: { ja: '原因を取り除いたら、同じリソースのオンデマンドバックアップを取得します。', en: 'With the cause fixed, take an on-demand backup of the same resource.' },
        commands: [RunbookCommand.of([
          job,
          `RESOURCE=$(aws backup describe-backup-job --region ${f.region} --backup-job-id "$JOB" --query ResourceArn --output text)`,
          backupRoleArn(f.backupRoleName),
          `aws backup start-backup-job --region ${f.region} --backup-vault-name ${f.vaultName} --resource-arn "$RESOURCE" --iam-role-arn "$ROLE_ARN" --query BackupJobId --output text`,
        ].join('\n'))],
        expected: { ja: '新しいジョブが COMPLETED になること。', en: 'The new job ends COMPLETED.' },
      },
    ],
    requirements: ['DR-04', 'DR-02', 'MON-08'],
  });
}

function copyJobFailed(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const job = 'read -r -p "Copy job id from the alert: " JOB';
  const retry: RunbookStep[] = f.copyRegion ? [{
    text: { ja: '原因を取り除いたら、同じ復旧ポイントをもう一度コピーします (保持期間は元の復旧ポイントと同じ)。', en: 'With the cause fixed, copy the same recovery point again, with the retention of the original.' },
    commands: [RunbookCommand.of([
      job,
      `RECOVERY_POINT=$(aws backup describe-copy-job --region ${f.region} --copy-job-id "$JOB" --query CopyJob.SourceRecoveryPointArn --output text)`,
      `DAYS=$(aws backup describe-recovery-point --region ${f.region} --backup-vault-name ${f.vaultName} --recovery-point-arn "$RECOVERY_POINT" --query Lifecycle.DeleteAfterDays --output text)`,
      `COPY_VAULT_ARN=$(aws backup describe-backup-vault --region ${f.copyRegion} --backup-vault-name ${f.copyVaultName} --query BackupVaultArn --output text)`,
      backupRoleArn(f.backupRoleName),
      `aws backup start-copy-job --region ${f.region} --recovery-point-arn "$RECOVERY_POINT" --source-backup-vault-name ${f.vaultName} ` +
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
        commands: [RunbookCommand.of([job, `aws backup describe-copy-job --region ${f.region} --copy-job-id "$JOB" --query "CopyJob.[State,StatusMessage,ResourceArn,DestinationBackupVaultArn]" --output text`].join('\n'))],
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

function restoreTestFailed(f: DrRunbookFacts): RunbookSection {
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
          `aws backup describe-restore-job --region ${f.region} --restore-job-id "$JOB" --query "[Status,StatusMessage,ResourceType,RecoveryPointArn]" --output text`,
          `aws backup get-restore-job-metadata --region ${f.region} --restore-job-id "$JOB" --output json`,
        ].join('\n'))],
        expected: {
          ja: 'よくある原因: サブネットグループ・セキュリティグループの指定、KMS キーの権限、サービスクォータ、同名リソースの存在。',
          en: 'Common causes: the subnet group or security group given, permissions on a KMS key, a service quota, a resource with the same name.',
        },
      },
      {
        text: {
          ja: '原因を解消したら、該当リソースの L2 手順で手動の復元を行い、復元できることを確認します (確認後、復元したリソースは削除します)。',
          en: 'With the cause fixed, restore the resource by hand with its L2 procedure to prove the restore works (then delete what was restored).',
        },
        commands: [RunbookCommand.of(`aws backup list-restore-testing-selections --region ${f.region} --restore-testing-plan-name ${f.restoreTestingPlanName} --query "RestoreTestingSelections[].[RestoreTestingSelectionName,ProtectedResourceType,ValidationWindowHours]" --output text`)],
      },
    ],
    requirements: ['DR-04', 'MON-08'],
  });
}

function monthlyRestoreTest(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const plan = `PLAN_ARN=$(aws backup get-restore-testing-plan --region ${f.region} --restore-testing-plan-name ${f.restoreTestingPlanName} --query RestoreTestingPlan.RestoreTestingPlanArn --output text)`;
  return {
    anchor: a.monthlyRestoreTest,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '月次リストアテストの確認', en: 'Monthly restore test review' },
    whenToUse: {
      ja: '毎月第1月曜日 (seed 002 §10): 自動リストアテストの実行後 (10:00 JST 開始)。',
      en: 'The first Monday of each month (seed 002 §10), after the automatic restore test (starts 10:00 JST).',
    },
    summary: [{
      ja: 'AWS Backup が各リソースの最新の復旧ポイントを復元し、検証期間の後に削除します。復元に要した時間は objectives 表の見積りと比較し、長ければ restoreTimeEstimate を実測値に更新して synth で目標を再確認します。',
      en: 'AWS Backup restores the latest recovery point of every resource and deletes it after the validation window. Compare each restore\'s duration with the estimate below; if it took longer, set restoreTimeEstimate to the measured time and synth, which checks the objectives again.',
    }],
    table: {
      header: [{ ja: 'リソース', en: 'Resource' }, { ja: '見積り復元時間', en: 'Restore time counted' }],
      rows: [...f.databases, ...f.buckets].map(r => ({
        cells: [{ ja: r.label, en: r.label }, { ja: durationJa(r.restoreTime), en: durationEn(r.restoreTime) }],
      })),
    },
    steps: [
      {
        text: { ja: '今月のリストアジョブの結果と所要時間を確認します。', en: 'Read this month\'s restore jobs, their results and durations.' },
        commands: [RunbookCommand.of([
          plan,
          `aws backup list-restore-jobs --region ${f.region} --by-restore-testing-plan-arn "$PLAN_ARN" ${createdAfter('31 days')} --query "RestoreJobs[].[ResourceType,Status,CreationDate,CompletionDate,ValidationStatus]" --output text`,
        ].join('\n'))],
        expected: {
          ja: 'すべてのジョブが COMPLETED で、所要時間 (CompletionDate − CreationDate) が上表の見積り以内であること。',
          en: 'Every job COMPLETED, each taking (CompletionDate − CreationDate) no longer than the table above.',
        },
      },
      {
        text: { ja: '直近24時間のバックアップとコピーが揃っていることを確認します。', en: 'Check the last 24 hours of backups and copies are all there.' },
        commands: [
          `aws backup list-backup-jobs --region ${f.region} --by-backup-vault-name ${f.vaultName} ${createdAfter('1 day')} --query "BackupJobs[].[ResourceType,State]" --output text | sort | uniq -c`,
          `aws backup list-copy-jobs --region ${f.region} ${createdAfter('1 day')} --query "CopyJobs[].[ResourceType,State]" --output text | sort | uniq -c`,
        ].map(script => RunbookCommand.of(script)),
        expected: { ja: 'FAILED・EXPIRED がないこと。', en: 'No FAILED or EXPIRED job.' },
      },
    ],
    escalation: ESCALATION,
    requirements: ['DR-04', 'OPS-05'],
  };
}

function quarterlyDrills(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const drills: RunbookStep[] = [];
  for (const db of f.databases) {
    const drill = instanceName(db.identifier, 'drill');
    // One code block per step: time the restore, pause for the check, then delete the drill instance.
    const timeThenDelete = (region: string, check: string) => RunbookCommand.of([
      waitAvailable(drill, region),
      `read -r -p "${check}, then press Enter to delete ${drill}: " _`,
      `aws rds delete-db-instance --region ${region} --db-instance-identifier ${drill} --skip-final-snapshot --delete-automated-backups --query "DBInstance.DBInstanceStatus" --output text`,
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
        `aws secretsmanager rotate-secret --region ${db.region} --secret-id "$SECRET_${i + 1}" --query VersionId --output text`, { [`SECRET_${i + 1}`]: db.secret })),
      RunbookCommand.of(`aws backup get-backup-vault-access-policy --region ${f.region} --backup-vault-name ${f.vaultName} --query Policy --output text`),
      RunbookCommand.of(`aws cloudtrail lookup-events --region ${f.region} --lookup-attributes AttributeKey=EventSource,AttributeValue=backup.amazonaws.com --max-results 50 --query "Events[].[EventTime,EventName,Username]" --output text`),
      RunbookCommand.withLookups(
        `aws sns publish --region ${f.region} --topic-arn "$TOPIC" --subject "DR drill" --message "Quarterly DR drill: this critical notification is a test." --query MessageId --output text`,
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
      ja: '四半期ごと (seed 001 §5): 本番のメンテナンス時間、またはステージング環境で実施します。',
      en: 'Every quarter (seed 001 §5): in the production maintenance window, or in staging.',
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
    escalation: ESCALATION,
    requirements: ['DR-04', 'DR-05', 'OPS-05'],
  };
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
    escalation: ESCALATION,
    requirements: p.requirements,
  };
}

/** An achievable figure with its objective in brackets, in both languages. */
function figure(achievable: Duration | undefined, objective: Duration | undefined): LocalizedText {
  const value = (d: Duration | undefined, en: boolean) => d === undefined ? (en ? 'not recoverable' : '復旧不可') : (en ? durationEn(d) : durationJa(d));
  const goal = (en: boolean) => objective === undefined ? '' : ` (${en ? durationEn(objective) : durationJa(objective)})`;
  return { en: `${value(achievable, true)}${goal(true)}`, ja: `${value(achievable, false)}${goal(false)}` };
}
