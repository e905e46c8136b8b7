import { PlatformFacts, perLoadBalancer, perTenantService } from './platform-facts';
import { LocalizedText } from '../../core/localized-text';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { ALARMS_IN_ALARM, createdAfter, ECR_FINDINGS, loadBalancerDimension, timeRange } from '../../runbooks/sections/shell';
import { sh, shellCode } from '../../runbooks/shell-words';

/** Daily, weekly, monthly and quarterly operations work (OPS-05). */
export function periodicSections(f: PlatformFacts): RunbookSection[] {
  return [
    periodic(PLATFORM_ANCHORS.periodicDaily, { ja: '日次作業', en: 'Daily tasks' }, { ja: '毎営業日 9:00 から。', en: 'Every business day from 09:00.' }, daily(f)),
    periodic(PLATFORM_ANCHORS.periodicWeekly, { ja: '週次作業', en: 'Weekly tasks' }, { ja: '毎週月曜 10:00 (脆弱性スキャン結果は水曜深夜の自動スキャン後)。', en: 'Mondays at 10:00 (vulnerability results after the automatic Wednesday night scan).' }, weekly(f)),
    periodic(PLATFORM_ANCHORS.periodicMonthly, { ja: '月次作業', en: 'Monthly tasks' }, { ja: '月初 (キャパシティ)、第1月曜 (リストアテスト)、第2火曜 (セキュリティパッチ)。', en: 'Start of the month (capacity), first Monday (restore test), second Tuesday (security patches).' }, monthly(f)),
    periodic(PLATFORM_ANCHORS.periodicQuarterly, { ja: '四半期作業', en: 'Quarterly tasks' }, { ja: '四半期の初月。', en: 'First month of each quarter.' }, quarterly(f)),
  ];
}

function periodic(anchor: string, title: LocalizedText, whenToUse: LocalizedText, steps: RunbookStep[]): RunbookSection {
  return { anchor, kind: RunbookSectionKind.POLICY, title, whenToUse, steps, requirements: ['OPS-05'] };
}

function daily(f: PlatformFacts): RunbookStep[] {
  const steps: RunbookStep[] = [
    {
      text: { ja: '監視ダッシュボード確認 (開発担当者): 前日からのアラーム発報とエラーを確認します。', en: 'Dashboard check (developer on duty): review alarms and errors since yesterday.' },
      commands: [
        RunbookCommand.of(ALARMS_IN_ALARM),
        RunbookCommand.of('aws cloudwatch describe-alarm-history --history-item-type StateUpdate --start-date "$(date -u -d \'1 day ago\' +%Y-%m-%dT%H:%M:%SZ)" --query "AlarmHistoryItems[].[Timestamp,AlarmName,HistorySummary]" --output text'),
      ],
      expected: { ja: 'ALARM 状態のアラームがないこと。前日の発報はすべて対応記録があること。', en: 'No alarm is in ALARM; every alarm since yesterday has an incident record.' },
    },
    {
      text: { ja: 'バックアップ成功確認 (9:30): 過去24時間に失敗したバックアップジョブがないことを確認します。', en: 'Backup check (09:30): no backup job failed in the last 24 hours.' },
      commands: [
        RunbookCommand.of(sh`aws backup list-backup-jobs --by-state FAILED ${shellCode(createdAfter('1 day'))} --query "BackupJobs[].[ResourceArn,StatusMessage]" --output text`),
        RunbookCommand.of(sh`aws backup list-backup-jobs --by-state COMPLETED ${shellCode(createdAfter('1 day'))} --query "length(BackupJobs)"`),
      ],
      expected: { ja: '失敗が0件で、完了したジョブが1件以上あること。失敗があれば再実行し、原因を記録します。', en: 'No failed job and at least one completed job. Rerun a failed job and record the cause.' },
    },
  ];
  if (f.datadog) {
    steps.push({
      text: { ja: 'Datadog モニターのドリフト検出 (日次自動実行の結果確認): UI での手動変更がないことを確認します。', en: 'Datadog drift check (check the daily automated run): no monitor was changed by hand in the UI.' },
      commands: [RunbookCommand.of('npx tenant-platform datadog drift --app cdk.out')],
      expected: { ja: '終了コード 0 (差分なし)。2 の場合は差分を確認し、コードに取り込むか apply で上書きします。', en: 'Exit code 0 (no difference). On 2, read the difference and either take it into the code or overwrite it with apply.' },
    });
  }
  return steps;
}

function weekly(f: PlatformFacts): RunbookStep[] {
  return [
    {
      text: { ja: 'エラーログ分析: ALB シャードごとに過去7日間の 5XX 件数の推移を確認し、週次のエラー傾向を分析します。', en: 'Error trend: read the daily 5XX counts of each ALB shard for the last 7 days.' },
      commands: perLoadBalancer(f, alb =>
        sh`aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name HTTPCode_Target_5XX_Count --dimensions ${shellCode(loadBalancerDimension(alb))} ` +
        sh`--statistics Sum --period 86400 ${shellCode(timeRange('7 days'))} --query "sort_by(Datapoints,&Timestamp)[].[Timestamp,Sum]" --output text`),
      expected: { ja: '増加傾向があれば、該当テナントのトラブルシューティング手順でログを確認します。', en: 'If the count grows, read the logs with the tenant\'s troubleshooting section.' },
    },
    {
      text: { ja: '脆弱性スキャン結果確認 (ECR プッシュ時スキャン、OPS-07): 各リポジトリの最新イメージの検出件数を確認します。', en: 'Vulnerability scan results (ECR scan on push, OPS-07): finding counts of the newest image in every repository.' },
      commands: [RunbookCommand.of(ECR_FINDINGS)],
      expected: { ja: 'CRITICAL と HIGH が0件であること。検出があれば月次パッチを待たずにイメージを再ビルドします。', en: 'No CRITICAL or HIGH finding. Otherwise rebuild the image without waiting for the monthly patch day.' },
    },
    {
      text: { ja: 'State 整合性確認 (ドリフト検出): プラットフォームと各テナントのスタックに手動変更がないことを確認します。', en: 'Drift check: no stack of the platform or its tenants was changed by hand.' },
      commands: [RunbookCommand.of(
        sh`${shellCode(f.tenantStacks)}\n` +
        sh`for STACK in ${f.stackName} "\${TENANT_STACKS[@]}"; do\n` +
        '  DRIFT_ID=$(aws cloudformation detect-stack-drift --stack-name "$STACK" --query StackDriftDetectionId --output text)\n' +
        '  until [ "$(aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$DRIFT_ID" --query DetectionStatus --output text)" != DETECTION_IN_PROGRESS ]; do sleep 10; done\n' +
        '  aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$DRIFT_ID" --query "[DetectionStatus,StackDriftStatus,DriftedStackResourceCount]" --output text\n' +
        'done')],
      expected: { ja: 'すべて IN_SYNC であること。DRIFTED の場合は手動変更を特定し、コードに取り込むか再デプロイで上書きします。', en: 'Everything IN_SYNC. On DRIFTED, find the manual change and either take it into the code or overwrite it with a deploy.' },
    },
    {
      text: { ja: '監査ログレビュー: 重要操作 (ユーザー作成/削除、権限変更) を確認します。', en: 'Audit log review: important operations (user creation/deletion, permission changes).' },
      commands: [RunbookCommand.of(
        'for EVENT in CreateUser DeleteUser AttachUserPolicy PutUserPolicy AttachRolePolicy; do\n' +
        sh`  aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue="$EVENT" ${shellCode(timeRange('7 days'))} --query "Events[].[EventTime,EventName,Username]" --output text\n` +
        'done')],
      expected: { ja: 'すべての操作が承認済みの変更に対応していること。不審な操作は Security Team に連絡します。', en: 'Every operation matches an approved change; report anything suspicious to the Security Team.' },
    },
  ];
}

function monthly(f: PlatformFacts): RunbookStep[] {
  const steps: RunbookStep[] = [
    {
      text: { ja: 'バックアップリストアテスト (第1月曜): 月次の自動リストアテスト (AWS Backup restore testing) の結果を確認します。', en: 'Backup restore test (first Monday): check the monthly AWS Backup restore testing results.' },
      commands: [
        RunbookCommand.of('aws backup list-restore-testing-plans --query "RestoreTestingPlans[].[RestoreTestingPlanName,LastExecutionTime]" --output text'),
        RunbookCommand.of(sh`aws backup list-restore-jobs ${shellCode(createdAfter('31 days'))} --query "RestoreJobs[].[CreationDate,Status,ResourceType,ValidationStatus]" --output text`),
      ],
      expected: { ja: 'すべてのリストアジョブが COMPLETED で、検証が SUCCESSFUL であること。', en: 'Every restore job COMPLETED and its validation SUCCESSFUL.' },
    },
    {
      text: { ja: 'セキュリティパッチ適用 (第2火曜): 保留中の RDS メンテナンスを確認し、各テナントのイメージを再ビルドして新しいデプロイを強制します (各テナントの手順書「新しいデプロイの強制」)。', en: 'Security patches (second Tuesday): check pending RDS maintenance, rebuild each tenant\'s image and force a new deployment (each tenant\'s "force a new deployment" section).' },
      commands: [
        RunbookCommand.of('aws rds describe-pending-maintenance-actions --query "PendingMaintenanceActions[].[ResourceIdentifier,PendingMaintenanceActionDetails[0].Action,PendingMaintenanceActionDetails[0].Description]" --output text'),
        perTenantService(f, '[serviceName,platformVersion,deployments[0].createdAt]'),
      ],
      expected: {
        ja: `すべてのサービスが platformVersion LATEST で、最新デプロイが今月であること。RDS のパッチはメンテナンス時間 (${f.maintenanceWindow.ja}) に適用します。`,
        en: `Every service runs platform version LATEST and was deployed this month. RDS patches are applied in the maintenance window (${f.maintenanceWindow.en}).`,
      },
    },
    {
      text: { ja: 'キャパシティレビュー (月初、運用責任者): クラスタの CPU・メモリ使用率の30日間の推移と、ALB シャードごとのリスナールール数 (上限 100) を確認します。', en: 'Capacity review (start of month, operations lead): 30-day cluster CPU and memory trend, and listener rules per ALB shard (limit 100).' },
      commands: [
        RunbookCommand.withLookups(
          'for METRIC in CPUUtilization MemoryUtilization; do\n' +
          sh`  aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name "$METRIC" --dimensions Name=ClusterName,Value="$CLUSTER" --statistics Average Maximum --period 86400 ${shellCode(timeRange('30 days'))} --query "sort_by(Datapoints,&Timestamp)[].[Timestamp,Average,Maximum]" --output text\n` +
          'done', f.cluster),
        ...perLoadBalancer(f, alb =>
          sh`for LISTENER in $(aws elbv2 describe-listeners --load-balancer-arn "$${alb}" --query "Listeners[].ListenerArn" --output text); do\n` +
          '  aws elbv2 describe-rules --listener-arn "$LISTENER" --query "length(Rules)"\n' +
          'done'),
      ],
      expected: { ja: '平均使用率が70%未満であること。70%を超える傾向、またはルール数が90を超えるシャードがあれば拡張を計画します (新しいシャードはテナント追加時に自動で作られます)。', en: 'Average utilisation below 70 %. Plan growth for a rising trend or a shard above 90 rules (new shards are added automatically as tenants are added).' },
    },
    {
      text: { ja: '閾値レビュー (運用チーム): 過去30日間に ALARM になった回数の多いアラームを確認し、閾値を調整します。', en: 'Threshold review (operations team): alarms that went to ALARM most often in the last 30 days; tune their thresholds.' },
      commands: [RunbookCommand.of(
        'aws cloudwatch describe-alarm-history --history-item-type StateUpdate --start-date "$(date -u -d \'30 days ago\' +%Y-%m-%dT%H:%M:%SZ)" ' +
        '--query "AlarmHistoryItems[?contains(HistorySummary, \'to ALARM\')].AlarmName" --output text | tr \'\\t\' \'\\n\' | sort | uniq -c | sort -rn | head -20')],
      expected: { ja: '発報回数の多いアラームについて、閾値変更をコードで提案します (変更管理の手順に従う)。', en: 'Propose threshold changes for the noisiest alarms in code (follow change management).' },
    },
  ];
  if (f.datadog) {
    steps.push({
      text: { ja: 'モニター棚卸し (SRE、運用チーム): 管理外・重複モニターを確認します。', en: 'Monitor inventory (SRE, operations team): find unmanaged and duplicate monitors.' },
      commands: [RunbookCommand.of('npx tenant-platform datadog inventory --app cdk.out')],
      expected: { ja: '管理外・重複モニターがないこと。あれば削除するかコードに取り込みます。', en: 'No unmanaged or duplicate monitor; delete them or take them into the code.' },
    });
  }
  return steps;
}

function quarterly(f: PlatformFacts): RunbookStep[] {
  const certificate: RunbookStep[] = f.certificate ? [{
    text: { ja: 'ALB 証明書の有効期限と自動更新の状態を確認します。', en: 'Check the ALB certificate\'s expiry and renewal status.' },
    commands: [RunbookCommand.withLookups('aws acm describe-certificate --certificate-arn "$CERTIFICATE" --query "Certificate.[DomainName,NotAfter,RenewalEligibility,Status]" --output text', f.certificate)],
    expected: { ja: 'Status が ISSUED、NotAfter が90日以上先、RenewalEligibility が ELIGIBLE であること。', en: 'Status ISSUED, NotAfter more than 90 days away, RenewalEligibility ELIGIBLE.' },
  }] : [];
  return [
    {
      text: { ja: 'アクセス権限レビュー: IAM ユーザーの認証情報レポートを取得し、不要なユーザー、MFA 未設定、90日以上未使用のキーを確認します。', en: 'Access review: get the IAM credential report and find unneeded users, users without MFA and keys unused for 90 days.' },
      commands: [
        RunbookCommand.of('aws iam generate-credential-report'),
        RunbookCommand.of('aws iam get-credential-report --query Content --output text | base64 -d > credential-report.csv'),
        RunbookCommand.of('cut -d, -f1,4,8,10,11 credential-report.csv'),
      ],
      expected: { ja: '退職者のアカウントがなく、本番アクセスのあるユーザーはすべて MFA 有効 (mfa_active=true) であること。', en: 'No account of a leaver; every user with production access has mfa_active=true.' },
    },
    {
      text: { ja: '証明書更新確認 (3ヶ月ごと): アカウント内の証明書の有効期限を確認します。', en: 'Certificate renewal (every 3 months): expiry of the account\'s certificates.' },
      commands: [RunbookCommand.of('aws acm list-certificates --certificate-statuses ISSUED --query "CertificateSummaryList[].[DomainName,NotAfter,RenewalEligibility]" --output text')],
      expected: { ja: '90日以内に期限切れになる証明書がないこと。', en: 'No certificate expires within 90 days.' },
    },
    ...certificate,
    {
      text: { ja: '復旧訓練 (四半期ごと): データベース完全消失、リージョン障害、データ破損、セキュリティインシデントのいずれかのシナリオで訓練し、RTO/RPO 目標の達成と手順書の正確性を検証します。', en: 'Recovery drill (quarterly): rehearse one scenario — database loss, region loss, data corruption or a security incident — and verify the RTO/RPO objectives and these runbooks.' },
      checklist: [
        { ja: 'RTO/RPO 目標を達成した', en: 'RTO/RPO objectives met' },
        { ja: '手順書の通りに実施できた (違いはコードで修正)', en: 'The runbook was accurate (differences fixed in code)' },
        { ja: 'チーム連携が円滑だった', en: 'The team worked together smoothly' },
        { ja: '通知システムが動作した', en: 'Notifications worked' },
      ],
    },
    {
      text: { ja: 'バージョン管理: CDK とこのライブラリの更新、破壊的変更を確認します。', en: 'Versions: check updates and breaking changes of the CDK and this library.' },
      commands: [RunbookCommand.of('npm outdated aws-cdk-lib aws-cdk cdk-tenant-platform cdk-nag')],
      expected: { ja: '更新がある場合は変更管理の手順で適用します。', en: 'Apply updates through change management.' },
    },
    {
      text: { ja: 'キャパシティプランニングと手順書レビュー: 四半期のトレンドから拡張計画を立て、改善提案をまとめます。', en: 'Capacity planning and runbook review: plan growth from the quarter\'s trends and collect improvements.' },
    },
  ];
}
