import {
  alarmsInAlarm, backupRoleArn, copyRestore, instanceName, restartServices, startBucketRestore, switchSecret, waitAvailable, waitRestoreJob,
} from './dr-commands';
import { drAnchors, DrDatabase, DrRunbookFacts } from './dr-facts';
import { tenantHostStep } from './dr-recovery-sections';
import { regionTableStep } from './dr-table-sections';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { sh, shellCode, ShellCode } from '../../runbooks/shell-words';
import { durationEn, durationJa } from '../dr/durations';
import { BucketDataClass } from '../dr/recovery-objectives';
import { PARAMETER_ROOT } from '../platform-parameters';
import { DATABASE_HOST_KEY } from '../tenant-database/database-connection';
import { TENANT_DATABASE_SECRET_TAG } from '../tenant-database/tenant-database-provider';

export function regionFailure(f: DrRunbookFacts): RunbookSection {
  const a = drAnchors(f.anchorPrefix);
  const r = f.copyRegion;
  const base: RunbookSection = {
    anchor: a.recoveryL3Region,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `復旧レベル R3: リージョン障害 (${f.region})`, en: `Recovery level R3: region failure (${f.region})` },
    whenToUse: {
      ja: `${f.region} のサービスが広範囲に利用できず、AWS Health でリージョン規模の障害が確認されたとき。`,
      en: `Services in ${f.region} are broadly unavailable and AWS Health confirms a regional event.`,
    },
    steps: [],
    escalation: {
      ja: '復旧レベル R3 は宣言した時点でアーキテクト (エスカレーション段階 E3) と CTO (E4) に連絡します。目標: 2〜4時間。',
      en: 'Declaring recovery level R3 means calling the architect (escalation tier E3) and the CTO (E4) at once. Target: 2–4 hours.',
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
        // addRegionFailover accepts only a domain name here, so the JMESPath literal holds no quote (OPS-01).
        ...f.failovers.map(fo => [
          sh`HEALTH_CHECK=$(aws route53 list-health-checks --query "HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${fo.healthCheckDomainName}'].Id" --output text)`,
          'aws route53 get-health-check-status --health-check-id "$HEALTH_CHECK" --query "HealthCheckObservations[].[Region,StatusReport.Status]" --output text',
        ].join('\n')),
      ].map(script => RunbookCommand.of(script)),
      expected: { ja: 'リージョン規模の障害が継続中であること。復旧レベル R3 を宣言し、インシデントを Critical として記録します。', en: 'A regional event is ongoing. Declare recovery level R3 and record a Critical incident.' },
    },
    f.cluster ? {
      text: {
        ja: `${r} にプラットフォームとテナントのスタックをデプロイします (このアプリの ${r} 向けの定義で \`cdk deploy\`)。既にデプロイ済みであれば状態を確認します。`,
        en: `Deploy the platform and tenant stacks into ${r} (\`cdk deploy\` of this app's definitions for ${r}). If they are deployed already, check them.`,
      },
      commands: [RunbookCommand.of(sh`aws cloudformation describe-stacks --region ${r} --query "Stacks[].[StackName,StackStatus]" --output text`)],
      expected: { ja: 'プラットフォームとテナントのスタックが CREATE_COMPLETE または UPDATE_COMPLETE であること。', en: 'The platform and tenant stacks are CREATE_COMPLETE or UPDATE_COMPLETE.' },
    } : {
      text: {
        ja: `${r} にアプリケーションのスタックをデプロイします (このアプリの ${r} 向けの定義で \`cdk deploy\`)。既にデプロイ済みであれば状態を確認します。`,
        en: `Deploy the application's stacks into ${r} (\`cdk deploy\` of this app's definitions for ${r}). If they are deployed already, check them.`,
      },
      commands: [RunbookCommand.of(sh`aws cloudformation describe-stacks --region ${r} --query "Stacks[].[StackName,StackStatus]" --output text`)],
      expected: { ja: 'スタックが CREATE_COMPLETE または UPDATE_COMPLETE であること。', en: 'The stacks are CREATE_COMPLETE or UPDATE_COMPLETE.' },
    },
    ...f.databases.flatMap(db => regionDatabaseSteps(f, db, r)),
    ...f.buckets.filter(b => b.dataClass === BucketDataClass.APPLICATION_DATA).map((b): RunbookStep => ({
      text: {
        ja: `${b.label}: ${r} のコピー先ボールトから最新の復旧ポイントを新しいバケットに復元し、${r} のプラットフォームの設定をそのバケットに向けます。`,
        en: `${b.label}: restore its newest copy in ${r} into a new bucket, and point the platform in ${r} at that bucket.`,
      },
      commands: [RunbookCommand.of([
        sh`aws backup list-recovery-points-by-backup-vault --region ${r} --backup-vault-name ${f.copyVaultName!} --by-resource-type S3 --query "reverse(sort_by(RecoveryPoints, &CreationDate))[:10].[ResourceArn,CreationDate,RecoveryPointArn]" --output text`,
        backupRoleArn(f.backupRoleName),
        'read -r -p "Recovery point ARN of the bucket: " RECOVERY_POINT',
        'read -r -p "Name of the new bucket (globally unique): " NEW_BUCKET',
        startBucketRestore(r),
        waitRestoreJob(r),
      ].join('\n'))],
    })),
    ...f.tables.map(table => regionTableStep(f, table, r, f.copyVaultName!)),
    ...f.cluster ? [{
      text: { ja: `${r} のテナントサービスを再デプロイし、復元したデータへの接続を読み込ませます。`, en: `Redeploy the tenant services in ${r} so they read the restored data's connection.` },
      commands: [RunbookCommand.of([
        sh`aws ecs list-clusters --region ${r} --query clusterArns --output text`,
        sh`read -r -p "ECS cluster in ${r}: " CLUSTER`,
        restartServices(r),
      ].join('\n'))],
    }] : [],
    f.failovers.length > 0 ? {
      text: {
        ja: 'DNS は Route 53 のフェイルオーバーで自動的に切り替わります (約3分)。名前解決の結果を確認します。',
        en: 'Route 53 failover switches DNS by itself (about 3 minutes). Check what the names resolve to.',
      },
      commands: f.failovers.map(fo => RunbookCommand.of(sh`dig +short ${fo.recordName}`)),
      expected: { ja: `${r} のロードバランサーのアドレスが返ること。`, en: `The names resolve to the load balancer in ${r}.` },
    } : !f.cluster ? {
      text: {
        ja: `DNS を手動で切り替えます: アプリケーションのホスト名のレコードを ${r} にデプロイしたエンドポイントに向けます (Route 53 フェイルオーバーが未設定のため)。`,
        en: `Switch DNS by hand: point the application's host name records at its endpoints deployed in ${r} (no Route 53 failover is set up).`,
      },
      commands: [RunbookCommand.of('aws route53 list-hosted-zones --query "HostedZones[].[Name,Id]" --output text')],
    } : {
      text: {
        ja: `DNS を手動で切り替えます: テナントのホスト名のレコードを ${r} のロードバランサーに向けます (Route 53 フェイルオーバーが未設定のため)。`,
        en: `Switch DNS by hand: point the tenants' host name records at the load balancer in ${r} (no Route 53 failover is set up).`,
      },
      commands: [
        sh`aws elbv2 describe-load-balancers --region ${r} --query "LoadBalancers[].[LoadBalancerName,DNSName,CanonicalHostedZoneId]" --output text`,
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
      sh`aws secretsmanager list-secrets --region ${region} --query "SecretList[].[Name,ARN]" --output text`,
      sh`read -r -p "Database credentials secret in ${region}: " SECRET`,
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
        sh`aws rds promote-read-replica --region ${replica.region} --db-instance-identifier "$REPLICA" --query "DBInstance.DBInstanceStatus" --output text`,
        waitAvailable(shellCode('"$REPLICA"'), replica.region),
      ].join('\n'), lookups)],
    }, switchTo(shellCode('"$REPLICA"'), replica.name, replica.region, lookups), askedTenantHostStep(shellCode('"$REPLICA"'), db, replica.region, lookups)];
  }
  const target = instanceName(db.identifier, 'recovered');
  return [{
    text: { ja: `${db.label}: ${r} のコピー先ボールト ${f.copyVaultName} の最新の日次コピーから ${target} を復元します。`, en: `${db.label}: restore ${target} from the newest daily copy in vault ${f.copyVaultName} in ${r}.` },
    commands: [copyRestore(db, f.copyVaultName!, r, target), RunbookCommand.of(waitAvailable(target, r))],
    expected: { ja: `available になること。見積り所要時間: ${durationJa(db.restoreTime)}。`, en: `The instance becomes available. Expected restore time: ${durationEn(db.restoreTime)}.` },
  }, switchTo(target, target, r, {}), askedTenantHostStep(target, db, r, {})];
}

/**
 * `tenantHostStep` for the platform in `region`, whose DB_HOST parameter and tenant secret tag are
 * asked for: its names are not this app's, and nothing is read from the failed region.
 */
function askedTenantHostStep(
  recovered: string | ShellCode, db: DrDatabase, region: string, lookups: { [variable: string]: ResourceLookup },
): RunbookStep {
  return tenantHostStep(recovered, db, shellCode('"$HOST_PARAMETER"'), shellCode('"$TENANT_SECRET_TAG"'), region, [
    sh`aws ssm describe-parameters --region ${region} --parameter-filters Key=Name,Option=BeginsWith,Values=${PARAMETER_ROOT}/ ` +
    sh`--query "Parameters[?ends_with(Name, '/${DATABASE_HOST_KEY}')].Name" --output text`,
    sh`read -r -p "DB_HOST parameter of the platform in ${region}: " HOST_PARAMETER`,
    sh`read -r -p "Tag value of its tenant password secrets (${TENANT_DATABASE_SECRET_TAG}): " TENANT_SECRET_TAG`,
  ], lookups);
}

/** The open events of AWS Health in `region`, read from us-east-1 (the global endpoint), not from the region. */
function regionalEvents(region: string): string {
  return sh`aws health describe-events --region us-east-1 --filter "eventStatusCodes=open,regions=${region}" --query "events[].[service,eventTypeCode,startTime]" --output text`;
}
