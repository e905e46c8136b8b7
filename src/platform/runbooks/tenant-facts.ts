import { Stack, Token } from 'aws-cdk-lib';
import { blueGreenRollbackSteps, rollingRollbackSteps, runAutomation } from './tenant-rollback-steps';
import { tenantSectionAnchor, TenantRunbookSection, TenantServiceRunbookContext } from './tenant-runbook-context';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { timeRange } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';

/** The tenant's lookups and the sections built from them. */
export class TenantFacts {
  private readonly id: string;
  private readonly stackName: string;
  private readonly service: { [variable: string]: ResourceLookup };
  private readonly logGroup: { [variable: string]: ResourceLookup };
  private readonly links: RunbookLink[];

  public constructor(stack: Stack, private readonly c: TenantServiceRunbookContext) {
    this.id = c.tenantId;
    this.stackName = stack.stackName;
    this.service = {
      CLUSTER: c.clusterLookup ?? ResourceLookup.physicalId(c.cluster ?? c.service.cluster),
      SERVICE: ResourceLookup.physicalId(c.service),
    };
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
        ...this.c.blueGreenDeploymentGroup
          ? blueGreenRollbackSteps(this.c.blueGreenDeploymentGroup)
          : rollingRollbackSteps(this.c.automation, this.service),
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
        ? runAutomation(automation.forceNewDeploymentDocumentName, this.service)
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
    return this.c.datadog ? [RunbookCommand.of(sh`npx tenant-platform datadog ${command} --app cdk.out`)] : [];
  }
}
