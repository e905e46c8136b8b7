import { Aspects, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { ServerlessAlerting } from './serverless-alerting';
import { serverlessDefaults } from './serverless-profile';
import { PlatformEnvironment } from '../../core/environment';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { anchorWords, RunbookSectionKind } from '../../runbooks/runbook-section';
import { DrVault } from '../dr/dr-vault';
import { physicalName } from '../dr/physical-name';
import { registerTableBaselineBackup } from '../dr/table-baseline-backup';
import { COPY_BACK_STEP, pointInTimeSteps } from '../runbooks/table-commands';

/** Props of `ServerlessTable`. */
export interface ServerlessTableProps {
  /** Alarm routing, profile and budget of the application (in the same stack). */
  readonly alerting: ServerlessAlerting;
  /** The partition key. */
  readonly partitionKey: dynamodb.Attribute;
  /**
   * The sort key.
   * @default - none
   */
  readonly sortKey?: dynamodb.Attribute;
  /**
   * Point-in-time recovery (SRV-03): restore to any second of the last 35 days. Cannot be off in PRODUCTION.
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Provisioned capacity with auto scaling instead of on-demand (SRV-03).
   * @default - provisioned in PRODUCTION, on-demand otherwise
   */
  readonly provisioned?: boolean;
  /**
   * Lowest provisioned read and write capacity units, each (provisioned only). The account's
   * 25 RCU and 25 WCU of the AWS Free Tier cover 5.
   * @default 5
   */
  readonly minCapacityUnits?: number;
  /**
   * Highest provisioned read and write capacity units auto scaling may reach, each (provisioned only).
   * @default 100 (seed 004: 100 requests a second)
   */
  readonly maxCapacityUnits?: number;
  /**
   * Retention of the daily AWS Backup recovery points (SRV-03, DR-02).
   * @default - 35 days in PRODUCTION, 7 otherwise
   */
  readonly backupRetention?: Duration;
}

/** Target utilization of provisioned capacity auto scaling. */
const TARGET_UTILIZATION_PERCENT = 70;

/**
 * A DynamoDB table protected by default (SRV-03, DR-02, DR-06): point-in-time recovery, a daily
 * AWS Backup into a vault with its own key that refuses deletions, on-demand capacity in
 * development and provisioned capacity with auto scaling in production, retained (and
 * deletion-protected outside development), with a throttling alarm and a restore section in the
 * runbook. Usage: README, "Serverless applications".
 */
export class ServerlessTable extends Construct {
  public readonly table: dynamodb.Table;
  private ownVault?: backup.IBackupVault;
  private ownBackupPlan?: backup.BackupPlan;
  public readonly provisioned: boolean;
  public readonly backupRetention: Duration;
  /** The alarms of the table. */
  public readonly alarms: cloudwatch.IAlarm[];
  private runbookSectionAdded = false;

  public constructor(scope: Construct, id: string, props: ServerlessTableProps) {
    super(scope, id);
    const alerting = props.alerting;
    const env = alerting.environment;
    const defaults = serverlessDefaults(env);
    const problems = new PropProblems(this.node.path);
    const pitr = props.pointInTimeRecovery ?? true;
    if (!pitr && env === PlatformEnvironment.PRODUCTION) {
      problems.report('pointInTimeRecovery', false, 'cannot be off in production: a bad write or deletion must be recoverable to the second (SRV-03)');
    }
    this.provisioned = props.provisioned ?? defaults.provisionedCapacity;
    const minUnits = props.minCapacityUnits ?? 5;
    const maxUnits = props.maxCapacityUnits ?? 100;
    problems.integerBetween('minCapacityUnits', minUnits, 1, 40_000, 'capacity units');
    problems.integerBetween('maxCapacityUnits', maxUnits, 1, 40_000, 'capacity units');
    if (maxUnits < minUnits) problems.report('maxCapacityUnits', maxUnits, `must be at least minCapacityUnits (${minUnits})`);
    this.backupRetention = props.backupRetention ?? defaults.tableBackupRetention;
    const days = this.backupRetention.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1) {problems.report('backupRetention', this.backupRetention, 'must be a whole number of days, at least 1');} else if (days < alerting.profile.minApplicationDataBackupRetention.toDays()) {
      problems.report('backupRetention', this.backupRetention, `is below ${alerting.profile.minApplicationDataBackupRetention.toHumanString()}, the floor of ${env} (DR-02)`);
    }
    problems.throwIfAny();

    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey: props.partitionKey,
      sortKey: props.sortKey,
      billingMode: this.provisioned ? dynamodb.BillingMode.PROVISIONED : dynamodb.BillingMode.PAY_PER_REQUEST,
      readCapacity: this.provisioned ? minUnits : undefined,
      writeCapacity: this.provisioned ? minUnits : undefined,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pitr },
      deletionProtection: alerting.profile.deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (this.provisioned) {
      for (const scaling of [this.table.autoScaleReadCapacity({ minCapacity: minUnits, maxCapacity: maxUnits }),
        this.table.autoScaleWriteCapacity({ minCapacity: minUnits, maxCapacity: maxUnits })]) {
        scaling.scaleOnUtilization({ targetUtilizationPercent: TARGET_UTILIZATION_PERCENT });
      }
    }

    // SRV-03: a daily backup besides PITR, kept in a vault no stack change or API call can empty (DR-06).
    const stack = Stack.of(this);
    const vault = new DrVault(this, 'Vault', { vaultName: physicalName([stack.stackName, id], 50, '-'), purpose: `daily backups of table ${this.node.path}` });
    this.ownVault = vault.vault;
    const backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault.vault,
      backupPlanRules: [new backup.BackupPlanRule({
        ruleName: 'Daily',
        // 02:00 JST, the platform's daily backup time.
        scheduleExpression: events.Schedule.cron({ hour: '17', minute: '0' }),
        deleteAfter: this.backupRetention,
      })],
    });
    this.ownBackupPlan = backupPlan;
    const selection = backupPlan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'AWSBackupServiceRolePolicyForBackup is the AWS Backup service-role policy AWS documents for backup jobs and keeps current as AWS Backup adds resource types; a hand-written copy would drift from it.',
    });

    const throttles = new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: this.table.metric('ReadThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
        writes: this.table.metric('WriteThrottleEvents', { statistic: 'Sum', period: Duration.minutes(5) }),
      },
      period: Duration.minutes(5),
      label: 'Throttle events',
    });
    const tableName = { TABLE: ResourceLookup.physicalId(this.table) };
    this.alarms = [alerting._alarmsFor(this).alarm({
      id: 'Throttles',
      title: { ja: `テーブル ${id} のスロットリング`, en: `Table ${id} throttled` },
      severity: AlarmSeverity.WARNING,
      requirement: 'SRV-03',
      summary: {
        ja: 'テーブルの読み取りまたは書き込みがスロットリングされました (5 分間に 1 回以上)。リクエストは再試行されますが応答が遅れます。',
        en: 'Reads or writes on the table were throttled (at least once in 5 minutes). Requests are retried but answers slow down.',
      },
      firstSteps: [{
        text: { ja: 'テーブルの課金モードと現在のキャパシティ、自動スケーリングの上限を確認します。', en: 'Check the table\'s billing mode, current capacity and the auto scaling maximum.' },
        commands: [
          RunbookCommand.withLookups('aws dynamodb describe-table --table-name "$TABLE" --query "Table.[BillingModeSummary.BillingMode,ProvisionedThroughput]" --output json', tableName),
          RunbookCommand.withLookups('aws application-autoscaling describe-scalable-targets --service-namespace dynamodb --resource-ids "table/$TABLE" ' +
            '--query "ScalableTargets[].[ScalableDimension,MinCapacity,MaxCapacity]" --output text', tableName),
        ],
        expected: {
          ja: 'プロビジョンド容量が最大値に張り付いている場合は maxCapacityUnits を引き上げてデプロイします。オンデマンドでのスロットリングは特定のパーティションキーへの集中 (ホットキー) を示します。',
          en: 'Provisioned capacity stuck at its maximum: raise maxCapacityUnits and deploy. Throttling on demand means traffic concentrates on one partition key (a hot key).',
        },
      }],
      metric: throttles,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    })];
    // DR-02: DrPlan.protectTable replaces the own backup (and its restore section) with the plan's.
    registerTableBaselineBackup(this.table, () => {
      this.node.tryRemoveChild('Vault');
      this.node.tryRemoveChild('BackupPlan');
      this.ownVault = undefined;
      this.ownBackupPlan = undefined;
    });
    // Added once the app's code has run, so a DrPlan that protects the table meanwhile has replaced it.
    Aspects.of(this).add({ visit: node => { if (node === this) this.addRunbookSection(id, pitr, tableName); } });
  }

  /** The vault of the table's own daily backups; undefined once a `DrPlan` protects the table. */
  public get vault(): backup.IBackupVault | undefined {
    return this.ownVault;
  }

  /** The plan of the table's own daily backups; undefined once a `DrPlan` protects the table. */
  public get backupPlan(): backup.BackupPlan | undefined {
    return this.ownBackupPlan;
  }

  /** How to restore the table (OPS-02): from PITR after a bad write, from the daily backup otherwise. */
  private addRunbookSection(id: string, pitr: boolean, tableName: { [variable: string]: ResourceLookup }): void {
    if (!this.ownVault || this.runbookSectionAdded) return;
    this.runbookSectionAdded = true;
    const vault = { VAULT: ResourceLookup.physicalId(this.ownVault) };
    const region = Stack.of(this).region;
    Runbook.of(this).addSection({
      anchor: `table-${anchorWords(id)}-restore`,
      kind: RunbookSectionKind.PROCEDURE,
      title: { ja: `テーブル ${id} の復旧`, en: `Restore table ${id}` },
      whenToUse: {
        ja: '誤った書き込みや削除でデータが壊れたとき、またはテーブルを過去の状態に戻す必要があるとき。',
        en: 'Data was damaged by a bad write or deletion, or the table must go back to an earlier state.',
      },
      table: {
        header: [{ ja: '障害', en: 'Disruption' }, { ja: '復旧方法', en: 'Recovery' }, { ja: '達成可能 RPO', en: 'Achievable RPO' }, { ja: '目安 RTO', en: 'Estimated RTO' }],
        rows: [
          {
            cells: [{ ja: 'アベイラビリティゾーン障害', en: 'Availability zone failure' }, { ja: 'DynamoDB が 3 つの AZ に複製 (操作不要)', en: 'DynamoDB replicates across three AZs (nothing to do)' },
              { ja: '0', en: '0' }, { ja: '0', en: '0' }],
          },
          ...pitr ? [{
            cells: [{ ja: '誤った書き込み・削除', en: 'Bad write or deletion' }, { ja: 'PITR で新しいテーブルへ復元', en: 'PITR restore into a new table' },
              { ja: '約 5 分 (最新の復元可能時刻)', en: 'about 5 minutes (latest restorable time)' }, { ja: '30 分 (小さなテーブル、推定)', en: '30 minutes (small table, estimate)' }],
          }] : [],
          {
            cells: [{ ja: 'テーブル削除・長期の破損', en: 'Table deleted, or damage found late' }, { ja: `日次バックアップ (保持 ${this.backupRetention.toDays()} 日) から復元`, en: `Restore the daily backup (kept ${this.backupRetention.toDays()} days)` },
              { ja: '24 時間', en: '24 hours' }, { ja: '1 時間 (推定)', en: '1 hour (estimate)' }],
          },
          {
            cells: [{ ja: 'リージョン障害', en: 'Region failure' }, { ja: '対象外: バックアップは同じリージョンにのみあります', en: 'Not covered: the backups stay in this region' },
              { ja: '—', en: '—' }, { ja: '—', en: '—' }],
          },
        ],
      },
      steps: [
        ...pitr ? pointInTimeSteps(region, tableName) : [],
        {
          text: { ja: 'PITR の範囲外のときは、日次バックアップの復旧ポイントを一覧し、新しいテーブルに復元します。', en: 'Outside the PITR window: list the daily recovery points and restore one into a new table.' },
          commands: [RunbookCommand.withLookups('aws backup list-recovery-points-by-backup-vault --backup-vault-name "$VAULT" ' +
            '--query "RecoveryPoints[].[CreationDate,RecoveryPointArn,Status]" --output text', vault)],
        },
        COPY_BACK_STEP,
      ],
      escalation: {
        ja: '30 分以内に復旧しない場合はチームリードにエスカレーションします (MTTR 目標 30 分)。',
        en: 'Not recovered within 30 minutes: escalate to the team lead (MTTR target 30 minutes).',
      },
      requirements: ['SRV-03', 'OPS-02'],
    });
  }
}
