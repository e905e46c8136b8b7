import { Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { LocalizedText } from '../../core/localized-text';
import { MaintenanceWindow } from '../../monitoring/maintenance-window';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { ANCHOR, RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { ALARMS_IN_ALARM, timeRange } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';

/** What the runbook sections of one database need to name its real resources. */
export interface DatabaseRunbookContext {
  /** The database instance. */
  readonly instance: rds.IDatabaseInstance;
  /** Whether the instance is Multi-AZ (DB-01); decides the failover steps. */
  readonly multiAz: boolean;
  /**
   * Anchor prefix of the sections, e.g. `database` gives `database-connection` and `database-failover`.
   * @default 'database'
   */
  readonly anchorPrefix?: string;
  /**
   * The credentials secret; adds rotation checks.
   * @default - no secret steps
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * The stack whose runbook has the platform's operating rules; sections link to them.
   * @default - no links to the operating rules
   */
  readonly platformStack?: Stack;
  /**
   * The planned maintenance window in which production failover tests run (MON-07).
   * @default MaintenanceWindow.secondSundayJst()
   */
  readonly maintenanceWindow?: MaintenanceWindow;
}

/** The database sections: connection troubleshooting and failover check (OPS-01, DB-01, DB-02, DB-05). */
export class DatabaseRunbookSections {
  /** Adds the database's sections to the runbook of `scope`'s stack. */
  public static addTo(scope: IConstruct, context: DatabaseRunbookContext): void {
    const runbook = Runbook.of(scope);
    for (const section of DatabaseRunbookSections.create(context)) runbook.addSection(section);
  }

  /** The database's sections. */
  public static create(context: DatabaseRunbookContext): RunbookSection[] {
    const prefix = context.anchorPrefix ?? 'database';
    if (!ANCHOR.test(prefix)) throw new Error(`DatabaseRunbookContext.anchorPrefix "${prefix}" must match ${ANCHOR}`);
    const db = { DB: ResourceLookup.physicalId(context.instance) };
    const links: RunbookLink[] = context.platformStack
      ? [{ text: { ja: 'エスカレーションフロー', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation, stack: context.platformStack }]
      : [];
    return [connectionSection(`${prefix}-connection`, db, context, links), failoverSection(`${prefix}-failover`, db, context.multiAz,
      (context.maintenanceWindow ?? MaintenanceWindow.secondSundayJst()).description, links)];
  }

  private constructor() {}
}

const PARAMETER_GROUP = 'PARAMS=$(aws rds describe-db-instances --db-instance-identifier "$DB" --query "DBInstances[0].DBParameterGroups[0].DBParameterGroupName" --output text)';

function connectionSection(anchor: string, db: { DB: ResourceLookup }, context: DatabaseRunbookContext, links: RunbookLink[]): RunbookSection {
  const secret: RunbookStep[] = context.secret ? [{
    text: {
      ja: '認証情報のローテーション状況を確認します。マスターパスワードのローテーションはテナントに影響しません (テナントは IAM 認証トークンか自身のシークレットで接続します, DB-05)。パスワード認証のテナントが自身のシークレットのローテーション直後に認証エラーになった場合は、そのテナントの「新しいデプロイの強制」で新しいパスワードを読み込ませます。',
      en: 'Check the credential rotation. Rotating the master password does not affect tenants: they sign in with IAM tokens or their own secret (DB-05). If a tenant with password authentication fails right after its own secret rotated, force a new deployment of that tenant so it reads the new password.',
    },
    commands: [RunbookCommand.withLookups(
      'aws secretsmanager describe-secret --secret-id "$SECRET" --query "[RotationEnabled,LastRotatedDate,NextRotationDate]" --output text',
      { SECRET: ResourceLookup.physicalId(context.secret) })],
    expected: { ja: 'RotationEnabled が True で、ローテーション間隔が90日以内であること (DB-05)。', en: 'RotationEnabled is True and rotation happens at least every 90 days (DB-05).' },
  }] : [];
  return {
    anchor,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: 'データベース接続エラーの切り分け', en: 'Database connection errors' },
    whenToUse: {
      ja: 'アプリケーションログに DB 接続エラーが出たとき、接続数のアラームが発報したとき。',
      en: 'Application logs show database connection errors, or a connections alarm fired.',
    },
    steps: [
      {
        text: { ja: 'インスタンスの状態とエンドポイントを確認します。', en: 'Check the instance status and endpoint.' },
        commands: [RunbookCommand.withLookups(
          'aws rds describe-db-instances --db-instance-identifier "$DB" --query "DBInstances[0].[DBInstanceStatus,Endpoint.Address,Endpoint.Port,MultiAZ,AvailabilityZone]" --output text', db)],
        expected: { ja: 'DBInstanceStatus が available であること。', en: 'DBInstanceStatus is available.' },
      },
      {
        text: { ja: '直近2時間の RDS イベント (再起動、フェイルオーバー、ストレージ) を確認します。', en: 'Read the RDS events of the last two hours (reboots, failovers, storage).' },
        commands: [RunbookCommand.withLookups(
          'aws rds describe-events --source-type db-instance --source-identifier "$DB" --duration 120 --query "Events[].[Date,Message]" --output text', db)],
      },
      {
        text: { ja: '接続数を max_connections と比較します (警告 80%、異常 90%)。', en: 'Compare connections with max_connections (warning 80 %, critical 90 %).' },
        commands: [RunbookCommand.withLookups(
          sh`${shellCode(PARAMETER_GROUP)}\n` +
          'aws rds describe-db-parameters --db-parameter-group-name "$PARAMS" --query "Parameters[?ParameterName==\'max_connections\'].ParameterValue" --output text\n' +
          sh`aws cloudwatch get-metric-statistics --namespace AWS/RDS --metric-name DatabaseConnections --dimensions Name=DBInstanceIdentifier,Value="$DB" --statistics Maximum --period 300 ${shellCode(timeRange('3 hours'))} --query "sort_by(Datapoints,&Timestamp)[].[Timestamp,Maximum]" --output text`, db)],
        expected: {
          ja: '接続数が上限に近い場合は、接続を保持し続けているテナントを特定し、そのテナントの「新しいデプロイの強制」で接続を解放します。',
          en: 'Near the limit, find the tenant holding connections and release them with that tenant\'s "force a new deployment".',
        },
      },
      {
        text: { ja: 'SSL 強制 (DB-02) を確認します。クライアントは sslmode=require 以上で接続する必要があります。', en: 'Check SSL is forced (DB-02): clients must connect with sslmode=require or stricter.' },
        commands: [RunbookCommand.withLookups(
          sh`${shellCode(PARAMETER_GROUP)}\n` +
          'aws rds describe-db-parameters --db-parameter-group-name "$PARAMS" --query "Parameters[?ParameterName==\'rds.force_ssl\'].ParameterValue" --output text', db)],
        expected: { ja: '1 が表示されること。', en: 'Prints 1.' },
      },
      {
        text: { ja: 'セキュリティグループがテナントサービスからの DB ポートだけを許可していることを確認します (NET-04)。', en: 'Check the security groups admit only the tenant services on the database port (NET-04).' },
        commands: [RunbookCommand.withLookups(
          'SECURITY_GROUPS=$(aws rds describe-db-instances --db-instance-identifier "$DB" --query "DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId" --output text)\n' +
          'aws ec2 describe-security-groups --group-ids $SECURITY_GROUPS --query "SecurityGroups[].IpPermissions[].[FromPort,ToPort,UserIdGroupPairs[].GroupId]" --output json', db)],
        expected: {
          ja: '接続元がテナントサービスのセキュリティグループだけであること。接続できないテナントのグループがなければ、そのテナントのスタックを再デプロイします。',
          en: 'Only tenant service security groups are sources. If a failing tenant\'s group is missing, redeploy that tenant\'s stack.',
        },
      },
      ...secret,
      {
        text: { ja: 'PostgreSQL のログを確認します。', en: 'Read the PostgreSQL log.' },
        commands: [RunbookCommand.withLookups('aws logs tail "/aws/rds/instance/$DB/postgresql" --since 30m', db)],
        expected: { ja: '認証失敗 (password authentication failed)、SSL 拒否 (no pg_hba.conf entry ... SSL off)、接続数上限 (too many connections) を切り分けます。', en: 'Tells authentication failures, rejected non-SSL connections and too many connections apart.' },
      },
    ],
    escalation: {
      ja: '30分以内に復旧しない場合はチームリード (エスカレーション段階 E2) にエスカレーションします。インスタンスが available にならない場合は DR の手順 (スナップショットからの復元) を検討します。',
      en: 'Not recovered within 30 minutes: escalate to the team lead (escalation tier E2). If the instance does not become available, consider the DR procedure (restore from a snapshot).',
    },
    links,
    requirements: ['OPS-01', 'DB-02', 'DB-05'],
  };
}

function failoverSection(
  anchor: string, db: { DB: ResourceLookup }, multiAz: boolean, window: LocalizedText, links: RunbookLink[],
): RunbookSection {
  const describe = RunbookCommand.withLookups(
    'aws rds describe-db-instances --db-instance-identifier "$DB" --query "DBInstances[0].[DBInstanceStatus,MultiAZ,AvailabilityZone,SecondaryAvailabilityZone]" --output text', db);
  const steps: RunbookStep[] = multiAz ? [
    {
      text: { ja: 'Multi-AZ 構成とプライマリ・スタンバイの AZ を確認します。', en: 'Check Multi-AZ and which AZs hold the primary and the standby.' },
      commands: [describe],
      expected: { ja: 'MultiAZ が True で、AvailabilityZone と SecondaryAvailabilityZone が異なること。', en: 'MultiAZ True, with different AvailabilityZone and SecondaryAvailabilityZone.' },
    },
    {
      text: { ja: '過去7日間のフェイルオーバーイベントを確認します。', en: 'Read failover events of the last 7 days.' },
      commands: [RunbookCommand.withLookups(
        'aws rds describe-events --source-type db-instance --source-identifier "$DB" --event-categories failover --duration 10080 --query "Events[].[Date,Message]" --output text', db)],
    },
    {
      text: {
        ja: `フェイルオーバー試験 (ステージング、または本番ではメンテナンス時間 ${window.ja} のみ): 強制フェイルオーバーで再起動し、完了を待ちます。`,
        en: `Failover test (staging, or in production only in the maintenance window, ${window.en}): reboot with forced failover and wait.`,
      },
      commands: [
        RunbookCommand.withLookups('aws rds reboot-db-instance --db-instance-identifier "$DB" --force-failover --query "DBInstance.DBInstanceStatus" --output text', db),
        RunbookCommand.withLookups('aws rds wait db-instance-available --db-instance-identifier "$DB"', db),
        describe,
      ],
      expected: {
        ja: '1〜2分で available に戻り、AvailabilityZone と SecondaryAvailabilityZone が入れ替わること。',
        en: 'Available again within 1-2 minutes, with AvailabilityZone and SecondaryAvailabilityZone swapped.',
      },
    },
    {
      text: { ja: 'アプリケーションが再接続したことを確認します。', en: 'Check the applications reconnected.' },
      commands: [RunbookCommand.of(ALARMS_IN_ALARM)],
      expected: { ja: 'ALARM のアラームがないこと。', en: 'No alarm in ALARM.' },
    },
  ] : [
    {
      text: {
        ja: 'この環境のデータベースは Single-AZ のため、フェイルオーバーはありません。AZ 障害時はスナップショットまたは PITR からの復元 (DR 手順) で復旧します。',
        en: 'This environment\'s database is single-AZ, so there is no failover: an AZ failure is recovered by restoring a snapshot or PITR (DR procedure).',
      },
      commands: [describe],
      expected: { ja: 'MultiAZ が False と表示されること。', en: 'MultiAZ is False.' },
    },
  ];
  return {
    anchor,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: 'データベースのフェイルオーバー確認', en: 'Database failover check' },
    whenToUse: {
      ja: 'RDS のフェイルオーバーイベントを受けたとき、DB の一時的な接続断が起きたとき、四半期の復旧訓練のとき。',
      en: 'An RDS failover event arrived, the database dropped connections briefly, or during the quarterly recovery drill.',
    },
    steps,
    links,
    requirements: ['DB-01'],
  };
}
