import {
  alarmsInAlarm, ASK_RESTORE_TIME, bucketRecoveryPoints, bucketRestore, instanceName, pointInTimeRestore, restartServices, snapshotRestore,
  switchSecret, switchTenantHost, waitAvailable, waitRestoreJob,
} from './dr-commands';
import { drAnchors, DrBucket, DrDatabase, DrRunbookFacts, DR_ESCALATION } from './dr-facts';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { sh, ShellCode } from '../../runbooks/shell-words';
import { durationEn, durationJa } from '../dr/durations';
import { BucketDataClass } from '../dr/recovery-objectives';

/** Recovery level R1 (a service partly down, recovering by itself): confirm and watch. */
export function recoveryLevel1Section(f: DrRunbookFacts, clusterLookup: ResourceLookup): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const cluster = { CLUSTER: clusterLookup };
  return {
    anchor: a.recoveryL1Service,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '復旧レベル R1: サービス部分障害', en: 'Recovery level R1: service partially down' },
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
          sh`for SERVICE in $(aws ecs list-services --region ${f.region} --cluster "$CLUSTER" --query serviceArns --output text); do`,
          sh`  aws ecs describe-services --region ${f.region} --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].[serviceName,runningCount,desiredCount,deployments[0].rolloutState]" --output text`,
          'done',
        ].join('\n'), cluster)],
        expected: { ja: '5分以内にすべてのサービスで runningCount が desiredCount に戻ること。', en: 'Within 5 minutes runningCount equals desiredCount for every service.' },
      },
      {
        text: { ja: '停止したタスクの理由を確認します (OOM、ヘルスチェック失敗、イメージ取得失敗など)。', en: 'Read why tasks stopped (out of memory, failed health checks, image pull errors).' },
        commands: [RunbookCommand.withLookups([
          sh`for TASK in $(aws ecs list-tasks --region ${f.region} --cluster "$CLUSTER" --desired-status STOPPED --query taskArns --output text); do`,
          sh`  aws ecs describe-tasks --region ${f.region} --cluster "$CLUSTER" --tasks "$TASK" --query "tasks[0].[group,stopCode,stoppedReason,containers[0].reason]" --output text`,
          'done',
        ].join('\n'), cluster)],
      },
      {
        text: {
          ja: '直前のデプロイが原因であれば、そのテナントのロールバック手順を使います。データベース接続エラーが原因であれば復旧レベル R2 に進みます。',
          en: 'If the last deployment is the cause, use that tenant\'s rollback procedure. If database connections fail, go to recovery level R2.',
        },
        commands: [RunbookCommand.of(alarmsInAlarm(f.region))],
        expected: { ja: 'ALARM 状態のアラームがなくなること。', en: 'No alarm left in ALARM.' },
      },
    ],
    escalation: DR_ESCALATION,
    requirements: ['DR-05', 'OPS-02'],
  };
}

/**
 * The step that points a database's tenants at `target` in `region`: the DB_HOST parameter and the
 * tenant password secrets (`switchTenantHost`), which new tasks read when they start.
 */
export function tenantHostStep(target: string | ShellCode, db: DrDatabase, parameter: string | ShellCode, tenantSecretTag: string | ShellCode,
  region: string, ask: string[] = [], lookups: { [variable: string]: ResourceLookup } = {}): RunbookStep {
  return {
    text: {
      ja: `テナントの接続先を新しいインスタンスに向けます: テナントのタスクが起動時に DB_HOST として読む SSM パラメータと、${db.label} のテナントのパスワードシークレット (PASSWORD 認証のテナントのみ) のホスト。jq が必要です。`,
      en: `Point the tenants at the new instance: the SSM parameter tenant tasks read as DB_HOST when they start, and the host of the password secrets of ${db.label}'s tenants (PASSWORD authentication only). Needs jq.`,
    },
    commands: [RunbookCommand.withLookups([...ask, switchTenantHost(target, parameter, tenantSecretTag, region)].join('\n'), lookups)],
    expected: {
      ja: 'パラメータの新しいバージョン番号と、各テナントシークレットの新しい VersionId が表示されること。',
      en: 'The parameter\'s new version number is printed, and a new VersionId for each tenant secret.',
    },
  };
}

export function databaseRestore(f: DrRunbookFacts, db: DrDatabase): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const target = instanceName(db.identifier, 'restored');
  const secret = { SECRET: db.secret };
  const steps: RunbookStep[] = [
    {
      text: { ja: 'インスタンスの状態、直近のイベント、復元可能な時間帯を確認します。', en: 'Check the instance, its recent events and the window it can be restored to.' },
      commands: [
        sh`aws rds describe-db-instances --region ${db.region} --db-instance-identifier ${db.identifier} --query "DBInstances[0].[DBInstanceStatus,MultiAZ,AvailabilityZone,LatestRestorableTime]" --output text`,
        sh`aws rds describe-events --region ${db.region} --source-type db-instance --source-identifier ${db.identifier} --duration 180 --query "Events[].[Date,Message]" --output text`,
        sh`aws rds describe-db-instance-automated-backups --region ${db.region} --db-instance-identifier ${db.identifier} --query "DBInstanceAutomatedBackups[].[Status,RestoreWindow.EarliestTime,RestoreWindow.LatestTime]" --output text`,
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
    tenantHostStep(target, db, db.hostParameter, db.tenantSecretTag, db.region),
    {
      text: {
        ja: 'すべてのテナントサービスで新しいタスクを起動し、新しい DB_HOST を読み込ませます (スタックの再デプロイは不要です。IAM 認証の許可はインスタンスを問わずテナントのロール名で与えられています)。',
        en: 'Start new tasks of every tenant service so they read the new DB_HOST (no stack deployment: the IAM authentication grant names the tenant\'s role on any instance).',
      },
      commands: [RunbookCommand.withLookups(restartServices(db.region), { CLUSTER: db.cluster })],
      expected: { ja: 'すべてのサービスが安定し、DB 接続エラーのアラームが解消すること。', en: 'Every service is stable and the database connection alarms clear.' },
    },
    {
      text: { ja: '復旧を確認します。', en: 'Check the recovery.' },
      commands: [RunbookCommand.of(alarmsInAlarm(db.region))],
      expected: { ja: 'ALARM 状態のアラームがないこと。', en: 'No alarm in ALARM.' },
    },
    {
      text: {
        ja: `事後対応 (チームリードの承認後): 障害のあったインスタンスを ${instanceName(db.identifier, 'failed')} に、復元したインスタンスを ${db.identifier} に名前変更すると、CloudFormation、バックアッププランの対象、アラームが再び適用されます。名前変更後はエンドポイントが元に戻るため、シークレット、DB_HOST、テナントのシークレットのホストも元に戻し、テナントの新しいタスクを起動します。`,
        en: `Afterwards (with the team lead's approval): renaming the failed instance to ${instanceName(db.identifier, 'failed')} and the restored one to ${db.identifier} brings it back under CloudFormation, the backup plan and the alarms. The endpoint then returns to the original name, so point the secret, DB_HOST and the tenant secrets back to it and start new tenant tasks.`,
      },
      commands: [RunbookCommand.of([
        sh`aws rds modify-db-instance --region ${db.region} --db-instance-identifier ${db.identifier} --new-db-instance-identifier ${instanceName(db.identifier, 'failed')} --apply-immediately --query "DBInstance.DBInstanceStatus" --output text`,
        sh`sleep 60 && aws rds wait db-instance-available --region ${db.region} --db-instance-identifier ${instanceName(db.identifier, 'failed')}`,
        sh`aws rds modify-db-instance --region ${db.region} --db-instance-identifier ${target} --new-db-instance-identifier ${db.identifier} --apply-immediately --query "DBInstance.DBInstanceStatus" --output text`,
        sh`sleep 60 && aws rds wait db-instance-available --region ${db.region} --db-instance-identifier ${db.identifier}`,
      ].join('\n')), RunbookCommand.withLookups(switchSecret(db.identifier, db.region), secret),
      RunbookCommand.of(switchTenantHost(db.identifier, db.hostParameter, db.tenantSecretTag, db.region)),
      RunbookCommand.withLookups(restartServices(db.region), { CLUSTER: db.cluster })],
    },
  ];
  return {
    anchor: a.recoveryL2Database(db.identifier),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `復旧レベル R2: データベース ${db.identifier} の復元`, en: `Recovery level R2: restore database ${db.identifier}` },
    whenToUse: {
      ja: 'データベースが利用できない、データが破損・誤削除された、データベースの Critical アラームが解消しないとき。',
      en: 'The database is unavailable, data was corrupted or deleted, or a critical database alarm does not clear.',
    },
    summary: [{
      ja: '復元は常に新しいインスタンスへ行い (元のインスタンスは調査のため残す)、アプリケーションの接続先を切り替えます。目標: 30分〜1時間。',
      en: 'Always restore to a new instance (keep the original for investigation), then switch the application\'s connection. Target: 30–60 minutes.',
    }],
    steps,
    escalation: DR_ESCALATION,
    requirements: ['DR-05', 'OPS-02', 'DR-02'],
  };
}

export function bucketRecovery(f: DrRunbookFacts, bucket: DrBucket): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const withBucket = (script: string) => RunbookCommand.withLookups(script, { BUCKET: bucket.name });
  const versioned = bucket.dataClass === BucketDataClass.CONFIGURATION;
  const steps: RunbookStep[] = versioned ? [
    {
      text: { ja: '復元するオブジェクトのバージョン履歴を確認します。', en: 'List the versions of the object to restore.' },
      commands: [withBucket([
        'read -r -p "Object key: " KEY',
        sh`aws s3api list-object-versions --region ${bucket.region} --bucket "$BUCKET" --prefix "$KEY" --query "Versions[].[Key,LastModified,VersionId,IsLatest]" --output text`,
      ].join('\n'))],
    },
    {
      text: { ja: '正しいバージョンを現在のバージョンとしてコピーし直します (変更履歴は残ります)。', en: 'Copy the good version back over the current one (the history stays).' },
      commands: [withBucket([
        'read -r -p "Object key: " KEY',
        'read -r -p "Version id to bring back: " VERSION',
        sh`aws s3api copy-object --region ${bucket.region} --bucket "$BUCKET" --key "$KEY" --copy-source "$BUCKET/$KEY?versionId=$VERSION" --query VersionId --output text`,
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
        sh`aws s3 sync "s3://$NEW_BUCKET" "s3://$BUCKET" --region ${bucket.region} --dryrun`,
        'read -r -p "Copy these objects back? Press Enter to continue, Ctrl-C to stop: " _',
        sh`aws s3 sync "s3://$NEW_BUCKET" "s3://$BUCKET" --region ${bucket.region}`,
      ].join('\n'))],
    },
  ];
  return {
    anchor: a.recoveryL2Bucket(bucket.path),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `復旧レベル R2: ${bucket.label} の復旧`, en: `Recovery level R2: recover ${bucket.label}` },
    whenToUse: {
      ja: 'バケットのオブジェクトが破損・誤削除されたとき。',
      en: 'Objects in the bucket were corrupted or deleted.',
    },
    summary: [versioned
      ? { ja: '設定データ: すべての変更がオブジェクトバージョンとして残ります (RPO 0)。', en: 'Configuration: every change is kept as an object version (RPO 0).' }
      : { ja: 'アプリケーションデータ: 1時間ごとのバックアップから復元します (RPO 1時間)。', en: 'Application data: restored from the hourly backups (RPO 1 hour).' }],
    steps,
    escalation: DR_ESCALATION,
    requirements: ['DR-05', 'OPS-02', 'DR-02'],
  };
}
