import { PlatformFacts, perLoadBalancer, perTenantService } from './platform-facts';
import { LocalizedText } from '../../core/localized-text';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { DEPLOYMENT_BEHAVIOURS } from '../../runbooks/sections/deployment-behaviours';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { ALARMS_IN_ALARM, ECR_FINDINGS, loadBalancerDimension, timeRange } from '../../runbooks/sections/shell';
import { sh } from '../../runbooks/shell-words';

/**
 * Deployment checklists before, during and after a deployment, and rollback (OPS-03).
 */
export function deploymentSections(f: PlatformFacts): RunbookSection[] {
  return [pre(f), during(f), post(f), rollback(f)];
}

function checklist(anchor: string, title: LocalizedText, whenToUse: LocalizedText, steps: RunbookStep[]): RunbookSection {
  return { anchor, kind: RunbookSectionKind.POLICY, title, whenToUse, steps, requirements: ['OPS-03'] };
}

function pre(f: PlatformFacts): RunbookSection {
  return checklist(PLATFORM_ANCHORS.deployPre,
    { ja: 'デプロイ前チェックリスト (Pre-Deployment)', en: 'Pre-deployment checklist' },
    { ja: '本番デプロイの承認を依頼する前。すべての項目を満たすまでデプロイしません。', en: 'Before asking for approval of a production deployment. Do not deploy until every item holds.' },
    [
      {
        text: { ja: 'コード品質: テストとポリシーチェックを実行します。', en: 'Code quality: run the tests and the policy checks.' },
        commands: [
          RunbookCommand.of('npm test'),
          RunbookCommand.of('npx cdk synth --quiet'),
          RunbookCommand.of('npx tenant-platform report cdk.out --format markdown --out reports'),
        ],
        expected: {
          ja: 'すべてのユニットテストがパスし (カバレッジ ≥ 80%)、`cdk synth` がポリシー違反なしで終了し、レポートのエラーが0件であること。',
          en: 'All unit tests pass (coverage ≥ 80 %), `cdk synth` ends without policy violations and the report has no error.',
        },
        checklist: [
          { ja: 'すべてのユニットテストがパス (カバレッジ ≥ 80%)', en: 'All unit tests pass (coverage ≥ 80 %)' },
          { ja: 'E2E テストが成功', en: 'End-to-end tests pass' },
          { ja: 'Lint エラーなし', en: 'No lint errors' },
        ],
      },
      {
        text: { ja: 'セキュリティスキャン: デプロイするイメージの脆弱性を確認します。', en: 'Security scan: check the images to deploy for vulnerabilities.' },
        commands: [RunbookCommand.of(ECR_FINDINGS)],
        expected: { ja: '脆弱性: Critical 0件、High 0件。', en: 'Vulnerabilities: 0 Critical, 0 High.' },
      },
      {
        text: { ja: '変更内容の確認 (dry-run): 差分を確認し、PR に貼り付けます。', en: 'Review the change (dry run): read the difference and paste it into the pull request.' },
        commands: [RunbookCommand.of(sh`npx cdk diff ${f.stackName}`), ...datadogPlan(f)],
        expected: { ja: '意図した差分だけであること。テナント追加では、そのテナントのスタック以外に差分がないこと。', en: 'Only the intended difference. Adding a tenant changes no stack but that tenant\'s.' },
      },
      {
        text: { ja: 'レビューと準備を確認します。', en: 'Check reviews and preparation.' },
        checklist: [
          { ja: 'コードレビュー完了 (最低2名の承認)', en: 'Code review done (at least two approvals)' },
          { ja: 'アーキテクチャ変更の承認 (必要に応じて)', en: 'Architecture change approved (where needed)' },
          { ja: 'セキュリティレビュー完了 (機密情報を扱う変更の場合)', en: 'Security review done (changes touching sensitive data)' },
          { ja: 'データベースマイグレーション計画を確認', en: 'Database migration plan checked' },
          { ja: 'ロールバック計画を文書化', en: 'Rollback plan written down' },
          { ja: 'リソース容量を確認 (CPU/メモリ/ストレージ)', en: 'Capacity checked (CPU, memory, storage)' },
        ],
      },
      {
        text: { ja: 'コミュニケーション', en: 'Communication' },
        checklist: [
          { ja: 'デプロイメント通知を送信 (#deployments Slack チャネル)', en: 'Deployment announced in Slack #deployments' },
          { ja: 'メンテナンス窓の設定 (必要に応じて)', en: 'Maintenance window set (where needed)' },
          { ja: 'オンコール担当者を確認', en: 'On-call engineer confirmed' },
        ],
      },
    ]);
}

function during(f: PlatformFacts): RunbookSection {
  return checklist(PLATFORM_ANCHORS.deployDuring,
    { ja: 'デプロイ中の監視 (During Deployment)', en: 'During the deployment' },
    { ja: '`cdk deploy` の実行中から新しいタスクがトラフィックを受けるまで。', en: 'From `cdk deploy` until the new tasks take traffic.' },
    [
      {
        text: { ja: 'デプロイメントログを監視します。', en: 'Watch the deployment log.' },
        commands: [RunbookCommand.of(sh`aws cloudformation describe-stack-events --stack-name ${f.stackName} --max-items 20 --query "StackEvents[].[Timestamp,LogicalResourceId,ResourceStatus,ResourceStatusReason]" --output text`)],
        expected: { ja: '_FAILED のイベントがないこと。', en: 'No _FAILED event.' },
      },
      {
        text: { ja: 'レスポンスタイムとエラー率を ALB シャードごとに監視します (直近15分)。', en: 'Watch response time and errors per ALB shard (last 15 minutes).' },
        commands: ['TargetResponseTime --extended-statistics p99', 'HTTPCode_Target_5XX_Count --statistics Sum', 'RequestCount --statistics Sum'].flatMap(metric =>
          perLoadBalancer(f, alb =>
            `aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name ${metric} --dimensions ${loadBalancerDimension(alb)} ` +
            `--period 60 ${timeRange('15 minutes')} --output text`)),
        expected: {
          ja: 'P99 < 500ms (0.5 秒)、エラー率 (5XX ÷ リクエスト数) < 1% であること。超えた場合はロールバック手順に進みます。',
          en: 'P99 < 500 ms (0.5 s) and error rate (5XX ÷ requests) < 1 %. Otherwise go to rollback.',
        },
      },
      {
        text: { ja: 'リソース使用率を監視します。', en: 'Watch resource utilisation.' },
        commands: [RunbookCommand.withLookups(
          'for METRIC in CPUUtilization MemoryUtilization; do\n' +
          `  aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name "$METRIC" --dimensions Name=ClusterName,Value="$CLUSTER" --statistics Average --period 60 ${timeRange('15 minutes')} --output text\n` +
          'done', f.cluster)],
        expected: { ja: 'CPU < 70%、メモリ < 80%。', en: 'CPU < 70 %, memory < 80 %.' },
      },
      {
        text: { ja: '段階的確認: 各テナントの手順書の「トラブルシューティング」でサービスの状態を確認します。', en: 'Step by step: check each service with its tenant\'s troubleshooting section.' },
        checklist: [
          { ja: 'タスク定義登録成功', en: 'Task definition registered' },
          { ja: '新コンテナ起動成功', en: 'New containers started' },
          { ja: 'ヘルスチェック通過', en: 'Health checks pass' },
          { ja: 'トラフィック切替完了', en: 'Traffic switched' },
        ],
      },
    ]);
}

function post(f: PlatformFacts): RunbookSection {
  return checklist(PLATFORM_ANCHORS.deployPost,
    { ja: 'デプロイ後の確認 (Post-Deployment)', en: 'Post-deployment checks' },
    { ja: '`cdk deploy` が完了した直後から30分間。', en: 'For 30 minutes after `cdk deploy` completes.' },
    [
      {
        text: { ja: '動作確認: 各テナントの手順書のヘルスチェックでスモークテストを行います。', en: 'Smoke test: run the health checks in each tenant\'s runbook.' },
        checklist: [
          { ja: 'スモークテスト実行 (主要エンドポイント)', en: 'Smoke tests run (main endpoints)' },
          { ja: '主要機能の手動確認', en: 'Main functions checked by hand' },
          { ja: 'データベース接続確認', en: 'Database connection checked' },
          { ja: '外部 API 連携確認', en: 'External API integrations checked' },
        ],
      },
      {
        text: { ja: 'メトリクス検証: アラームがなく、P99 が30分間 500ms 未満であることを確認します。', en: 'Metrics: no alarm, and P99 under 500 ms for 30 minutes.' },
        commands: [
          RunbookCommand.of(ALARMS_IN_ALARM),
          ...perLoadBalancer(f, alb =>
            `aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions ${loadBalancerDimension(alb)} ` +
            `--extended-statistics p99 --period 300 ${timeRange('30 minutes')} --output text`),
        ],
        expected: { ja: 'ALARM のアラームがなく、P99 がすべて 0.5 未満であること。', en: 'No alarm in ALARM and every P99 below 0.5.' },
        checklist: [
          { ja: 'エラーログ確認 (15分間)', en: 'Error logs read (15 minutes)' },
          { ja: 'パフォーマンスメトリクス確認 (30分間)', en: 'Performance metrics checked (30 minutes)' },
          { ja: 'ユーザーフィードバック監視', en: 'User feedback watched' },
          { ja: 'ビジネスメトリクス確認 (重要 KPI)', en: 'Business metrics checked (key KPIs)' },
        ],
      },
      {
        text: { ja: '記録', en: 'Records' },
        checklist: [
          { ja: 'デプロイメント完了報告', en: 'Deployment completion reported' },
          { ja: 'インシデント記録 (発生時)', en: 'Incidents recorded (if any)' },
          { ja: '改善点のドキュメント化', en: 'Improvements written down' },
          { ja: '次回デプロイへの引継ぎ事項記載', en: 'Notes for the next deployment written' },
        ],
      },
    ]);
}

function rollback(f: PlatformFacts): RunbookSection {
  const comparison: Record<string, string> = { '>': '>', '>=': '≥', '<': '<', '=': '=' };
  return {
    anchor: PLATFORM_ANCHORS.rollback,
    kind: RunbookSectionKind.POLICY,
    title: { ja: 'ロールバック戦略', en: 'Rollback' },
    whenToUse: {
      ja: 'デプロイ後にエラー率・レスポンスタイム・ヘルスチェックが悪化したとき、またはデプロイ中の監視で基準を超えたとき。',
      en: 'Errors, response time or health checks get worse after a deployment, or the during-deployment checks fail.',
    },
    summary: [
      {
        ja: '自動対応: 各テナントサービスはデプロイサーキットブレーカーとデプロイアラームにより、下表のロールバック条件で ECS が自動的に前のタスク定義へ戻します (ECS-03)。スケールアウトはステップスケーリング、通知は EventBridge ルールが行います。',
        en: 'Automatic responses: every tenant service has a deployment circuit breaker and deployment alarms; under the rollback conditions below ECS returns to the previous task definition by itself (ECS-03). Step scaling does the scale-out, an EventBridge rule the notification.',
      },
      {
        ja: 'ブルー/グリーン (TenantDeployment.blueGreen, ECS-04) のテナントでは CodeDeploy がデプロイします。グリーンのタスクセットはサービスの現在の希望タスク数で起動し (個別の数は指定できません)、/health の確認後にトラフィックを一度に切り替え、ベイク時間 (既定5分) 後にブルーのタスクセットを終了します。2つのターゲットグループはデプロイごとに役割を入れ替えて残り、24時間後に削除されることはありません。',
        en: 'A blue/green tenant (TenantDeployment.blueGreen, ECS-04) is deployed by CodeDeploy: the green task set starts at the service\'s current desired count (no separate count can be set), traffic switches at once after /health passes, and the blue task set is terminated after the bake time (5 minutes by default). Both target groups stay and swap roles at each deployment; none is deleted after 24 hours.',
      },
    ],
    table: {
      header: [{ ja: 'メトリクス', en: 'Metric' }, { ja: '閾値', en: 'Threshold' }, { ja: '評価期間', en: 'Period' }, { ja: 'アクション', en: 'Action' }],
      rows: DEPLOYMENT_BEHAVIOURS.map(b => ({
        cells: [
          b.condition,
          b.minutes === 0 ? { ja: b.signal, en: b.signal } : { ja: `${comparison[b.comparison]} ${b.threshold} ${b.unit}`, en: `${comparison[b.comparison]} ${b.threshold} ${b.unit}` },
          b.minutes === 0 ? { ja: 'イベント発生時', en: 'On the event' } : { ja: `${b.minutes}分`, en: `${b.minutes} min` },
          b.actionText,
        ],
      })),
    },
    steps: [
      {
        text: { ja: 'Phase 1 検出: アラームを確認し、自動ロールバックが起きたサービスを特定します。', en: 'Phase 1, detect: read the alarms and find services that were rolled back automatically.' },
        commands: [
          RunbookCommand.of(ALARMS_IN_ALARM),
          perTenantService(f, 'deployments[].[status,rolloutState,rolloutStateReason,taskDefinition]'),
        ],
        expected: { ja: 'rolloutState が FAILED のデプロイは自動的にロールバックされています。', en: 'A deployment with rolloutState FAILED has been rolled back automatically.' },
      },
      {
        text: { ja: 'Phase 2 判定: 複数メトリクスの相関からロールバックの必要性を判定し、関係者に通知します (判断は運用責任者)。', en: 'Phase 2, decide: correlate the metrics, decide whether to roll back, and tell the stakeholders (the operations lead decides).' },
        checklist: [
          { ja: '前バージョンの特定', en: 'Previous version identified' },
          { ja: 'データベース互換性', en: 'Database compatibility' },
          { ja: '設定変更の巻き戻し必要性', en: 'Whether configuration changes must be reverted' },
          { ja: 'ユーザーへの影響範囲', en: 'Impact on users' },
        ],
      },
      {
        text: {
          ja: 'Phase 3 実行 (手動ロールバック、5分以内): アプリケーションは該当テナントの手順書「手動ロールバック」で、まず dry-run を実行してから戻します。インフラの変更は、前のコミットに戻したコードで差分を確認 (dry-run) してからデプロイします。',
          en: 'Phase 3, execute (manual rollback, within 5 minutes): for an application, use the tenant\'s "manual rollback" section — dry run first, then roll back. For an infrastructure change, check the difference of the reverted code (dry run), then deploy it.',
        },
        commands: [RunbookCommand.of(sh`npx cdk diff ${f.stackName}`), RunbookCommand.of(sh`npx cdk deploy ${f.stackName}`)],
        expected: { ja: '差分が元に戻す変更だけであること。', en: 'The difference is exactly the change being reverted.' },
      },
      {
        text: { ja: 'Phase 4 検証: ヘルスチェックとメトリクスの正常化を確認し、インシデントレポートを作成します。', en: 'Phase 4, verify: health checks and metrics are back to normal; write the incident report.' },
        commands: [RunbookCommand.of(ALARMS_IN_ALARM)],
        expected: { ja: 'ALARM のアラームがないこと。', en: 'No alarm in ALARM.' },
      },
    ],
    links: [
      { text: { ja: 'デプロイ中の監視', en: 'During the deployment' }, anchor: PLATFORM_ANCHORS.deployDuring },
      { text: { ja: 'エスカレーションフロー', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation },
    ],
    requirements: ['OPS-03', 'ECS-03'],
  };
}

/** The Datadog dry run, when Datadog is on. */
export function datadogPlan(f: PlatformFacts): RunbookCommand[] {
  return f.datadog ? [RunbookCommand.of('npx tenant-platform datadog plan --app cdk.out')] : [];
}
