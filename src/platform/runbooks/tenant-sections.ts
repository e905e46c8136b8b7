import { Stack, Token } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { checkHost } from '../../runbooks/input-checks';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { timeRange } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';
import { TenantServiceAutomation } from '../../runbooks/tenant-service-automation';

/** What the runbook sections of one tenant service need to name its real resources. */
export interface TenantServiceRunbookContext {
  /** The tenant, e.g. `acme`; section anchors start with `tenant-<tenantId>-`. */
  readonly tenantId: string;
  /** The tenant's ECS service. */
  readonly service: ecs.BaseService;
  /** The service's log group. */
  readonly logGroup: logs.ILogGroup;
  /** Lowest number of tasks (autoscaling minimum). */
  readonly minCapacity: number;
  /** Highest number of tasks (autoscaling maximum). */
  readonly maxCapacity: number;
  /**
   * The service's target group on the platform ALB; adds target health checks.
   * @default - no target health steps
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
  /**
   * The host name the tenant is served at; adds `curl https://<host>/health` checks (EDGE-04).
   * @default - no HTTP health check steps
   */
  readonly hostHeader?: string;
  /**
   * The tenant's SSM Automation documents; rollback and restart steps run them.
   * @default - the steps use the ECS CLI directly
   */
  readonly automation?: TenantServiceAutomation;
  /**
   * The stack whose runbook has the platform's operating rules; sections link to them.
   * @default - no links to the operating rules
   */
  readonly platformStack?: Stack;
  /**
   * Whether the tenant has Datadog monitors; adds the `tenant-platform datadog` steps.
   * @default false
   */
  readonly datadog?: boolean;
  /**
   * The ECS cluster as defined in this app, when the service refers to it by an imported name (a
   * tenant stack referring to the platform's cluster).
   * @default - the service's cluster
   */
  readonly cluster?: ecs.ICluster;
  /**
   * The CodeDeploy deployment group of a blue/green service (ECS-04): rollback then stops the
   * deployment with automatic rollback, and no restart by forced deployment is offered (CodeDeploy
   * owns deployments).
   * @default - a rolling deployment managed by ECS
   */
  readonly blueGreenDeploymentGroup?: codedeploy.IEcsDeploymentGroup;
}

/** The sections every tenant gets; their anchors are `tenant-<tenantId>-<section>`. */
export enum TenantRunbookSection {
  /** Adding the tenant. */
  ADD = 'add',
  /** Removing the tenant. */
  REMOVE = 'remove',
  /** Manual rollback with a dry run. */
  ROLLBACK = 'rollback',
  /** Scaling out. */
  SCALE_OUT = 'scale-out',
  /** Troubleshooting: tasks, logs, forced deployment. */
  TROUBLESHOOT = 'troubleshoot',
}

/** The anchor of `section` of tenant `tenantId`, e.g. `tenant-acme-rollback`. */
export function tenantSectionAnchor(tenantId: string, section: TenantRunbookSection): string {
  return `tenant-${tenantId}-${section}`;
}

const TENANT_ID = /^[a-z][a-z0-9-]{1,30}$/;

/**
 * The runbook sections of one tenant service: addition, removal, manual rollback with a dry run,
 * scale out, and troubleshooting (describe tasks, tail logs, force a new deployment) — OPS-01,
 * OPS-03, with the tenant's real stack, cluster, service and log group.
 */
export class TenantServiceRunbookSections {
  /** Adds the tenant's sections to the runbook of `scope`'s stack. */
  public static addTo(scope: IConstruct, context: TenantServiceRunbookContext): void {
    const runbook = Runbook.of(scope);
    for (const section of TenantServiceRunbookSections.create(scope, context)) runbook.addSection(section);
  }

  /** The tenant's sections, for a tenant in `scope`'s stack. */
  public static create(scope: IConstruct, context: TenantServiceRunbookContext): RunbookSection[] {
    if (!TENANT_ID.test(context.tenantId)) {
      throw new Error(`TenantServiceRunbookContext.tenantId "${context.tenantId}" must match ${TENANT_ID}`);
    }
    const integers = Number.isInteger(context.minCapacity) && Number.isInteger(context.maxCapacity);
    if (!(integers && context.minCapacity >= 1 && context.maxCapacity >= context.minCapacity)) {
      throw new Error(`TenantServiceRunbookContext capacity ${context.minCapacity}..${context.maxCapacity} must be integers with 1 ≤ minCapacity ≤ maxCapacity`);
    }
    if (context.hostHeader !== undefined && !Token.isUnresolved(context.hostHeader)) checkHost('TenantServiceRunbookContext.hostHeader', context.hostHeader);
    const t = new TenantFacts(Stack.of(scope), context);
    return [t.addition(), t.removal(), t.rollback(), t.scaleOut(), t.troubleshooting()];
  }

  private constructor() {}
}

/** The tenant's lookups and the sections built from them. */
class TenantFacts {
  private readonly id: string;
  private readonly stackName: string;
  private readonly service: { [variable: string]: ResourceLookup };
  private readonly logGroup: { [variable: string]: ResourceLookup };
  private readonly links: RunbookLink[];

  public constructor(stack: Stack, private readonly c: TenantServiceRunbookContext) {
    this.id = c.tenantId;
    this.stackName = stack.stackName;
    this.service = { CLUSTER: ResourceLookup.physicalId(c.cluster ?? c.service.cluster), SERVICE: ResourceLookup.physicalId(c.service) };
    this.logGroup = { LOG_GROUP: ResourceLookup.physicalId(c.logGroup) };
    this.links = c.platformStack ? [
      { text: { ja: '障害レベルと障害対応フロー', en: 'Incident levels and flow' }, anchor: PLATFORM_ANCHORS.incidentLevels, stack: c.platformStack },
      { text: { ja: 'ロールバック戦略', en: 'Rollback' }, anchor: PLATFORM_ANCHORS.rollback, stack: c.platformStack },
    ] : [];
  }

  public addition(): RunbookSection {
    return this.section(TenantRunbookSection.ADD, RunbookSectionKind.PROCEDURE,
      { ja: `テナント追加: ${this.id}`, en: `Adding tenant ${this.id}` },
      { ja: `テナント ${this.id} を新規に追加したとき、または再作成したとき。`, en: `Tenant ${this.id} is added or re-created.` },
      [
        {
          text: {
            ja: 'テナント定義をコードに追加し、差分を確認します。テナントの追加は他のスタックを変更しません。',
            en: 'Add the tenant to the code and read the difference. Adding a tenant changes no other stack.',
          },
          commands: [RunbookCommand.of('npx cdk diff')],
          expected: { ja: `差分がスタック ${this.stackName} の新規作成だけであること。`, en: `The only difference is the new stack ${this.stackName}.` },
        },
        {
          text: { ja: 'テナントのスタックをデプロイします。', en: 'Deploy the tenant\'s stack.' },
          commands: [RunbookCommand.of(sh`npx cdk deploy ${this.stackName}`), ...this.datadog('plan')],
          expected: { ja: '3分以内に CREATE_COMPLETE になること。', en: 'CREATE_COMPLETE within 3 minutes.' },
        },
        this.waitStable(),
        ...this.healthChecks(),
      ],
      ['OPS-01']);
  }

  public removal(): RunbookSection {
    return this.section(TenantRunbookSection.REMOVE, RunbookSectionKind.PROCEDURE,
      { ja: `テナント削除: ${this.id}`, en: `Removing tenant ${this.id}` },
      { ja: `テナント ${this.id} の契約終了などでサービスを停止するとき。`, en: `Tenant ${this.id} leaves and its service is shut down.` },
      [
        {
          text: {
            ja: '関係者に通知し、テナントのデータ (共有データベース内のデータ、ログ) の保管期間を確認します。データベース、バックアップ、ログは削除されません。',
            en: 'Tell the stakeholders and confirm how long the tenant\'s data (rows in the shared database, logs) is kept. Databases, backups and logs are not deleted.',
          },
        },
        {
          text: { ja: 'テナント定義をコードから削除し、差分を確認します。', en: 'Remove the tenant from the code and read the difference.' },
          commands: [RunbookCommand.of('npx cdk diff')],
          expected: { ja: `スタック ${this.stackName} 以外に差分がないこと。`, en: `No stack but ${this.stackName} differs.` },
        },
        {
          text: { ja: 'テナントのスタックを削除します。', en: 'Delete the tenant\'s stack.' },
          commands: [
            RunbookCommand.of(sh`npx cdk destroy ${this.stackName}`),
            RunbookCommand.of(sh`aws cloudformation wait stack-delete-complete --stack-name ${this.stackName}`),
          ],
          expected: {
            ja: 'スタックが削除され、保持設定 (RETAIN) のリソースだけが残ること。',
            en: 'The stack is gone; only resources with a RETAIN policy remain.',
          },
        },
        ...this.retainedRevisions(),
        ...this.datadog('inventory').map(command => ({
          text: { ja: 'Datadog に管理外のモニターが残っていないことを確認します。', en: 'Check no unmanaged Datadog monitor is left behind.' },
          commands: [command],
          expected: { ja: `${this.id} のモニターが一覧に出ないこと。`, en: `No monitor of ${this.id} is listed.` },
        })),
      ],
      ['OPS-01']);
  }

  public rollback(): RunbookSection {
    return this.section(TenantRunbookSection.ROLLBACK, RunbookSectionKind.PROCEDURE,
      { ja: `手動ロールバック: ${this.id}`, en: `Manual rollback of ${this.id}` },
      {
        ja: 'デプロイ後にエラー率やレスポンスタイムが悪化し、自動ロールバックが発動しなかったとき。判断は運用責任者が行います。',
        en: 'Errors or response time got worse after a deployment and the automatic rollback did not trigger. The operations lead decides.',
      },
      [
        {
          text: { ja: 'ロールバック前の確認', en: 'Before rolling back' },
          checklist: [
            { ja: '前バージョンの特定', en: 'Previous version identified' },
            { ja: 'データベース互換性 (マイグレーションの有無)', en: 'Database compatibility (migrations)' },
            { ja: '設定変更の巻き戻し必要性', en: 'Whether configuration changes must be reverted' },
            { ja: 'ユーザーへの影響範囲', en: 'Impact on users' },
          ],
        },
        ...this.c.blueGreenDeploymentGroup ? this.blueGreenRollback(this.c.blueGreenDeploymentGroup) : this.rollingRollback(),
        ...this.healthChecks(),
        {
          text: {
            ja: `恒久対応: コードを前のバージョンに戻して \`npx cdk deploy ${this.stackName}\` で反映します (次回のデプロイで問題のバージョンに戻らないように)。`,
            en: `Follow-up: revert the code and deploy it with \`npx cdk deploy ${this.stackName}\`, so the next deployment does not bring the bad version back.`,
          },
        },
      ],
      ['OPS-03']);
  }

  /** Rolling deployments: the SSM Automation (when there is one), and the same with the ECS CLI. */
  private rollingRollback(): RunbookStep[] {
    const automation = this.c.automation;
    const ssmSteps: RunbookStep[] = automation ? [
      {
        text: {
          ja: `dry-run: SSM Automation「${automation.rollbackDocumentName}」を DryRun=true で実行し、現在と戻し先のタスク定義を確認します。`,
          en: `Dry run: run the SSM Automation "${automation.rollbackDocumentName}" with DryRun=true and read the current and the target task definition.`,
        },
        commands: [RunbookCommand.of(runAutomation(automation.rollbackDocumentName, 'DryRun=true'))],
        expected: {
          ja: 'Success で、Outputs に CurrentTaskDefinition と PreviousTaskDefinition が表示されること。戻し先が意図したバージョンか確認します。',
          en: 'Success, with CurrentTaskDefinition and PreviousTaskDefinition in Outputs. Check the target is the version you expect.',
        },
      },
      {
        text: { ja: 'ロールバックを実行し、完了まで待ちます。', en: 'Roll back and wait until it completes.' },
        commands: [RunbookCommand.of(runAutomation(automation.rollbackDocumentName, 'DryRun=false'))],
        expected: { ja: 'Success になること (デプロイ完了まで最大30分)。', en: 'Success (up to 30 minutes until the deployment completes).' },
      },
    ] : [];
    return [
      ...ssmSteps,
      {
        text: {
          ja: automation ? 'SSM Automation が使えない場合の CLI 手順: まず dry-run として現在と戻し先を表示します。' : 'dry-run: 現在のタスク定義と戻し先 (1つ前のリビジョン) を表示し、戻し先が ACTIVE であることを確認します。',
          en: automation ? 'CLI alternative when SSM Automation is unavailable, dry run first: show the current and the target revision.' : 'Dry run: show the current task definition and the target (the previous revision), and check the target is ACTIVE.',
        },
        commands: [RunbookCommand.withLookups(
          'CURRENT=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].taskDefinition" --output text)\n' +
          'PREVIOUS="${CURRENT%:*}:$(( ${CURRENT##*:} - 1 ))"\n' +
          'echo "current: $CURRENT"\n' +
          'aws ecs describe-task-definition --task-definition "$PREVIOUS" --query "taskDefinition.[taskDefinitionArn,status,containerDefinitions[0].image]" --output text', this.service)],
        expected: { ja: '戻し先の status が ACTIVE で、イメージが1つ前のバージョンであること。', en: 'The target is ACTIVE and runs the previous image.' },
      },
      {
        text: { ja: 'CLI でロールバックを実行し、安定するまで待ちます。', en: 'Roll back with the CLI and wait until the service is stable.' },
        commands: [RunbookCommand.withLookups(
          'CURRENT=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].taskDefinition" --output text)\n' +
          'PREVIOUS="${CURRENT%:*}:$(( ${CURRENT##*:} - 1 ))"\n' +
          'aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --task-definition "$PREVIOUS" --query "service.deployments[0].[taskDefinition,rolloutState]" --output text\n' +
          'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"', this.service)],
        expected: { ja: 'waiter がエラーなく終了すること。', en: 'The waiter ends without error.' },
      },
    ];
  }

  /** Blue/green (ECS-04): stop the CodeDeploy deployment with automatic rollback to blue. */
  private blueGreenRollback(group: codedeploy.IEcsDeploymentGroup): RunbookStep[] {
    const lookups = { APPLICATION: ResourceLookup.physicalId(group.application), GROUP: ResourceLookup.physicalId(group) };
    const latest = 'DEPLOYMENT=$(aws deploy list-deployments --application-name "$APPLICATION" --deployment-group-name "$GROUP" --query "deployments[0]" --output text)';
    return [
      {
        text: {
          ja: 'dry-run: 最新の CodeDeploy デプロイと状態を表示します。ロールバックできるのは、旧環境 (blue) が残っている待機時間中のデプロイです。',
          en: 'Dry run: show the latest CodeDeploy deployment and its status. Only a deployment whose old (blue) tasks are still kept can be rolled back.',
        },
        commands: [RunbookCommand.withLookups(
          `${latest}\n` +
          'aws deploy get-deployment --deployment-id "$DEPLOYMENT" --query "deploymentInfo.[deploymentId,status,createTime,completeTime]" --output text', lookups)],
        expected: { ja: 'status が InProgress または Ready (待機中) であること。Succeeded の場合は恒久対応 (前のバージョンの再デプロイ) に進みます。', en: 'Status InProgress or Ready (waiting). If Succeeded, go to the follow-up (deploy the previous version).' },
      },
      {
        text: { ja: 'デプロイを停止し、旧環境 (blue) へ自動ロールバックします。', en: 'Stop the deployment and roll back to the old (blue) tasks.' },
        commands: [RunbookCommand.withLookups(
          `${latest}\n` +
          'aws deploy stop-deployment --deployment-id "$DEPLOYMENT" --auto-rollback-enabled\n' +
          'aws deploy wait deployment-successful --deployment-id "$DEPLOYMENT" || aws deploy get-deployment --deployment-id "$DEPLOYMENT" --query "deploymentInfo.[status,rollbackInfo]" --output json', lookups)],
        expected: { ja: 'status が Stopped で、rollbackInfo にロールバックのデプロイ ID が表示されること。', en: 'Status Stopped, with the rollback deployment id in rollbackInfo.' },
      },
    ];
  }

  public scaleOut(): RunbookSection {
    return this.section(TenantRunbookSection.SCALE_OUT, RunbookSectionKind.PROCEDURE,
      { ja: `スケールアウト: ${this.id}`, en: `Scaling out ${this.id}` },
      {
        ja: `CPU 使用率70%が30分継続しても自動スケーリングが追いつかないとき、または予定された高負荷の前。通常は自動スケーリング (${this.c.minCapacity}〜${this.c.maxCapacity} タスク) に任せます。`,
        en: `CPU stays at 70 % for 30 minutes and autoscaling does not keep up, or before planned peak load. Normally autoscaling (${this.c.minCapacity} to ${this.c.maxCapacity} tasks) handles it.`,
      },
      [
        {
          text: { ja: '現在のタスク数とスケーリング範囲を確認します。', en: 'Read the current task count and scaling range.' },
          commands: [RunbookCommand.withLookups(
            'aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].[desiredCount,runningCount,pendingCount]" --output text\n' +
            'aws application-autoscaling describe-scalable-targets --service-namespace ecs --resource-ids "service/$CLUSTER/${SERVICE##*/}" --query "ScalableTargets[0].[MinCapacity,MaxCapacity]" --output text', this.service)],
        },
        {
          text: {
            ja: `最小タスク数を現在の desiredCount + 1 に引き上げます (上限 ${this.c.maxCapacity})。上限を超える増強はコードの maxCapacity を変更してデプロイします。`,
            en: `Raise the minimum to the current desiredCount + 1 (at most ${this.c.maxCapacity}). Going beyond the maximum is a code change to maxCapacity and a deploy.`,
          },
          commands: [RunbookCommand.withLookups(
            'DESIRED=$(aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].desiredCount" --output text)\n' +
            sh`aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id "service/$CLUSTER/\${SERVICE##*/}" --min-capacity $(( DESIRED + 1 < ${this.c.maxCapacity} ? DESIRED + 1 : ${this.c.maxCapacity} )) --max-capacity ${this.c.maxCapacity}\n` +
            'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"', this.service)],
          expected: { ja: 'runningCount が増え、CPU 使用率が70%未満に下がること。', en: 'runningCount grows and CPU drops below 70 %.' },
        },
        {
          text: { ja: '負荷が落ち着いたら最小タスク数を元に戻します (コードの値に戻さないとドリフトになります)。', en: 'When the load is over, restore the minimum (otherwise it drifts from the code).' },
          commands: [RunbookCommand.withLookups(
            sh`aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id "service/$CLUSTER/\${SERVICE##*/}" --min-capacity ${this.c.minCapacity} --max-capacity ${this.c.maxCapacity}`,
            this.service)],
          expected: { ja: `MinCapacity ${this.c.minCapacity}、MaxCapacity ${this.c.maxCapacity} に戻ること。`, en: `MinCapacity ${this.c.minCapacity}, MaxCapacity ${this.c.maxCapacity} again.` },
        },
      ],
      ['ECS-02']);
  }

  public troubleshooting(): RunbookSection {
    const automation = this.c.automation;
    const forceDeployment: RunbookStep[] = this.c.blueGreenDeploymentGroup ? [] : [{
      text: {
        ja: '新しいデプロイを強制します (全タスクを同じタスク定義で入れ替え)。メモリリーク、シークレットのローテーション後、プロセスの停止時に有効です。',
        en: 'Force a new deployment (replace every task with the same task definition): for a memory leak, after a secret rotation, or a stuck process.',
      },
      commands: [automation
        ? RunbookCommand.of(runAutomation(automation.forceNewDeploymentDocumentName))
        : RunbookCommand.withLookups(
          'aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --force-new-deployment --query "service.deployments[0].rolloutState" --output text\n' +
          'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"', this.service)],
      expected: { ja: '新しいタスクが起動し、ヘルスチェックを通過すること。', en: 'New tasks start and pass the health checks.' },
    }];
    return this.section(TenantRunbookSection.TROUBLESHOOT, RunbookSectionKind.PROCEDURE,
      { ja: `トラブルシューティング: ${this.id}`, en: `Troubleshooting ${this.id}` },
      {
        ja: `テナント ${this.id} のサービスが起動しない、エラーが増えた、応答が遅い、メモリリークが疑われるとき。`,
        en: `Tenant ${this.id}'s service does not start, errors grow, responses are slow, or memory seems to leak.`,
      },
      [
        {
          text: { ja: 'サービスの状態と直近のイベントを確認します。', en: 'Read the service state and its recent events.' },
          commands: [RunbookCommand.withLookups(
            'aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].[status,desiredCount,runningCount,deployments[0].rolloutState]" --output text\n' +
            'aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].events[:10].[createdAt,message]" --output text', this.service)],
          expected: { ja: 'runningCount が desiredCount と等しく、rolloutState が COMPLETED であること。', en: 'runningCount equals desiredCount and rolloutState is COMPLETED.' },
        },
        {
          text: { ja: '停止したタスクの停止理由と終了コードを確認します (サービスが起動しない場合)。', en: 'Read why tasks stopped and their exit codes (service does not start).' },
          commands: [RunbookCommand.withLookups(
            'TASKS=$(aws ecs list-tasks --cluster "$CLUSTER" --service-name "${SERVICE##*/}" --desired-status STOPPED --query "taskArns" --output text)\n' +
            '[ -n "$TASKS" ] && aws ecs describe-tasks --cluster "$CLUSTER" --tasks $TASKS --query "tasks[].[taskArn,stoppedReason,containers[0].exitCode,containers[0].reason]" --output text', this.service)],
          expected: {
            ja: 'stoppedReason からイメージ取得失敗、シークレット取得失敗、ヘルスチェック失敗、メモリ不足 (exit code 137) を切り分けます。',
            en: 'stoppedReason tells image pull failures, secret retrieval failures, failed health checks and out-of-memory (exit code 137) apart.',
          },
        },
        {
          text: { ja: 'ログを確認します: 直近1時間のエラー (JSON ログの level が ERROR) と、リアルタイムの tail。', en: 'Read the logs: errors of the last hour (JSON logs with level ERROR), then follow them live.' },
          commands: [
            RunbookCommand.withLookups('aws logs filter-log-events --log-group-name "$LOG_GROUP" --start-time $(( ($(date +%s) - 3600) * 1000 )) --filter-pattern \'{ $.level = "ERROR" }\' --query "events[].message" --output text', this.logGroup),
            RunbookCommand.withLookups('aws logs tail "$LOG_GROUP" --since 15m --follow', this.logGroup),
          ],
        },
        {
          text: { ja: 'CPU とメモリの使用率を直近3時間分確認します (メモリが単調に増えていればメモリリークの疑い)。', en: 'Read CPU and memory for the last three hours (memory that only grows suggests a leak).' },
          commands: [RunbookCommand.withLookups(
            'for METRIC in CPUUtilization MemoryUtilization; do\n' +
            sh`  aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name "$METRIC" --dimensions Name=ClusterName,Value="$CLUSTER" Name=ServiceName,Value="\${SERVICE##*/}" --statistics Average Maximum --period 300 ${shellCode(timeRange('3 hours'))} --query "sort_by(Datapoints,&Timestamp)[].[Timestamp,Average,Maximum]" --output text\n` +
            'done', this.service)],
        },
        ...this.healthChecks(),
        ...forceDeployment,
      ],
      ['OPS-01']);
  }

  private section(suffix: TenantRunbookSection, kind: RunbookSectionKind, title: RunbookSection['title'], whenToUse: RunbookSection['whenToUse'],
    steps: RunbookStep[], requirements: string[]): RunbookSection {
    return { anchor: tenantSectionAnchor(this.id, suffix), kind, title, whenToUse, steps, links: this.links, requirements };
  }

  private waitStable(): RunbookStep {
    return {
      text: { ja: 'サービスが安定するまで待ちます。', en: 'Wait until the service is stable.' },
      commands: [RunbookCommand.withLookups(
        'aws ecs wait services-stable --cluster "$CLUSTER" --services "$SERVICE"\n' +
        'aws ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" --query "services[0].[runningCount,desiredCount]" --output text', this.service)],
      expected: { ja: `runningCount が desiredCount (${this.c.minCapacity} 以上) と等しいこと。`, en: `runningCount equals desiredCount (at least ${this.c.minCapacity}).` },
    };
  }

  private healthChecks(): RunbookStep[] {
    const steps: RunbookStep[] = [];
    if (this.c.targetGroup) {
      steps.push({
        text: { ja: 'ALB のターゲットヘルスを確認します。', en: 'Check the ALB target health.' },
        commands: [RunbookCommand.withLookups(
          'aws elbv2 describe-target-health --target-group-arn "$TARGET_GROUP" --query "TargetHealthDescriptions[].[Target.Id,TargetHealth.State,TargetHealth.Reason]" --output text',
          { TARGET_GROUP: ResourceLookup.physicalId(this.c.targetGroup) })],
        expected: { ja: 'すべてのターゲットが healthy であること。', en: 'Every target is healthy.' },
      });
    }
    const host = this.c.hostHeader;
    if (host !== undefined && !Token.isUnresolved(host)) {
      steps.push({
        text: { ja: 'ヘルスチェックエンドポイントに HTTPS でアクセスします (スモークテスト)。', en: 'Call the health endpoint over HTTPS (smoke test).' },
        commands: [RunbookCommand.of(sh`curl -fsS -o /dev/null -w "%{http_code} %{time_total}s\\n" ${`https://${host}/health`}`)],
        expected: { ja: '200 が返り、応答時間が0.5秒未満であること。', en: '200, in under 0.5 seconds.' },
      });
    }
    return steps;
  }

  /** With automation, task definition revisions are retained for rollbacks: deregister them on removal. */
  private retainedRevisions(): RunbookStep[] {
    const family = this.c.service.taskDefinition.family;
    if (!this.c.automation || Token.isUnresolved(family)) return [];
    return [{
      text: {
        ja: 'ロールバック用に保持していたタスク定義のリビジョンを登録解除します。',
        en: 'Deregister the task definition revisions kept for rollbacks.',
      },
      commands: [RunbookCommand.of(
        sh`for REVISION in $(aws ecs list-task-definitions --family-prefix ${family} --status ACTIVE --query "taskDefinitionArns[]" --output text); do\n` +
        '  aws ecs deregister-task-definition --task-definition "$REVISION" --query "taskDefinition.[taskDefinitionArn,status]" --output text\n' +
        'done')],
      expected: { ja: 'すべて INACTIVE と表示されること。', en: 'Every revision shows INACTIVE.' },
    }];
  }

  private datadog(command: 'plan' | 'inventory'): RunbookCommand[] {
    return this.c.datadog ? [RunbookCommand.of(`npx tenant-platform datadog ${command} --app cdk.out`)] : [];
  }
}

/**
 * Starts SSM Automation `document` (with `parameters`, e.g. `DryRun=true`), waits while it runs and
 * prints its status, outputs and failure message.
 */
function runAutomation(document: string, parameters?: string): string {
  return sh`EXECUTION_ID=$(aws ssm start-automation-execution --document-name ${document}${shellCode(parameters ? sh` --parameters ${parameters}` : '')} --query AutomationExecutionId --output text)\n` +
    'while aws ssm get-automation-execution --automation-execution-id "$EXECUTION_ID" --query AutomationExecution.AutomationExecutionStatus --output text | grep -qE \'^(Pending|InProgress|Waiting|Cancelling)$\'; do sleep 15; done\n' +
    'aws ssm get-automation-execution --automation-execution-id "$EXECUTION_ID" --query "AutomationExecution.[AutomationExecutionStatus,Outputs,FailureMessage]" --output json';
}
