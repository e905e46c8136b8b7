import { PlatformFacts, perTenantService } from './platform-facts';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookStep, RunbookTable } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { ALARMS_IN_ALARM } from '../../runbooks/sections/shell';
import { PagingSystem } from '../alerting/paging';

/** Incident levels with response and recovery times, and the incident flow (OPS-01). */
export function incidentLevelsSection(f: PlatformFacts): RunbookSection {
  return {
    anchor: PLATFORM_ANCHORS.incidentLevels,
    kind: RunbookSectionKind.POLICY,
    title: { ja: '障害レベルと障害対応フロー', en: 'Incident levels and incident flow' },
    whenToUse: {
      ja: '監視アラートまたはユーザー報告で障害を検知したとき。最初に障害レベルを判定し、対応時間の目標を確認します。',
      en: 'An alarm or a user report tells you something is broken. Decide the incident level first; it sets the response and recovery times.',
    },
    table: incidentLevelsTable(),
    steps: incidentFlow(f),
    escalation: {
      ja: 'エスカレーションフローに従います。Critical はオンコールエンジニアが即時に対応を開始します。',
      en: 'Follow the escalation flow. For Critical, the on-call engineer starts at once.',
    },
    links: [{ text: { ja: 'エスカレーションフロー', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation }],
    requirements: ['OPS-01'],
  };
}

/** The incident levels with their response and recovery times (OPS-01), for any system's runbook. */
export function incidentLevelsTable(): RunbookTable {
  return {
    header: [
      { ja: 'レベル', en: 'Level' }, { ja: '定義', en: 'Definition' },
      { ja: '対応開始', en: 'Response' }, { ja: '復旧目標', en: 'Recovery' },
    ],
    rows: [
      row('Critical', { ja: 'サービス全停止', en: 'The whole service is down' }, { ja: '即時対応', en: 'Immediately' }, { ja: '1時間以内に復旧', en: 'Within 1 hour' }),
      row('High', { ja: '主要機能停止', en: 'A main function is down' }, { ja: '1時間以内に対応', en: 'Within 1 hour' }, { ja: '4時間以内に復旧', en: 'Within 4 hours' }),
      row('Medium', { ja: '一部機能停止', en: 'Part of a function is down' }, { ja: '4時間以内に対応', en: 'Within 4 hours' }, { ja: '次回リリースで恒久対応', en: 'Permanent fix in the next release' }),
      row('Low', { ja: '軽微な不具合', en: 'A minor defect' }, { ja: '1営業日以内に対応', en: 'Within 1 business day' }, { ja: '計画的に修正', en: 'Fixed as planned work' }),
    ],
  };
}

function incidentFlow(f: PlatformFacts): RunbookStep[] {
  return [
    {
      text: { ja: '障害検知: アラーム状態のアラームを一覧し、どのテナント・どのコンポーネントか把握します。', en: 'Detect: list the alarms in ALARM state and see which tenants and components they concern.' },
      commands: [RunbookCommand.of(ALARMS_IN_ALARM)],
      expected: {
        ja: 'アラーム名の先頭はスタック名です。各アラームの説明にある Runbook のリンク先の手順に進みます。',
        en: 'Alarm names start with their stack name. Continue with the section each alarm description links to (Runbook: ...).',
      },
    },
    {
      text: { ja: '一次切り分け: クラスタ上の全テナントサービスの稼働状況を確認し、影響範囲を特定します。', en: 'First triage: check every tenant service on the cluster to find how far the impact goes.' },
      commands: [perTenantService(f, '[serviceName,runningCount,desiredCount,deployments[0].rolloutState]')],
      expected: {
        ja: 'runningCount が desiredCount より少ないサービス、rolloutState が FAILED のサービスが影響を受けています。全サービスが停止していれば Critical です。',
        en: 'Services with runningCount below desiredCount, or a FAILED rollout, are affected. All services down means Critical.',
      },
    },
    {
      text: { ja: '関係者通知: Slack #incidents に障害レベル、影響範囲、開始時刻を投稿します。Critical の場合はオンコールが PagerDuty で呼び出されていることを確認します。', en: 'Notify: post the level, impact and start time in Slack #incidents. For Critical, make sure PagerDuty has paged the on-call engineer.' },
    },
    {
      text: { ja: '原因調査: 該当アラームの手順書セクションと、該当テナントの「トラブルシューティング」セクションに従ってログとメトリクスを確認します。', en: 'Investigate: follow the alarm\'s runbook section and the tenant\'s troubleshooting section to read logs and metrics.' },
    },
    {
      text: { ja: '暫定対応: 直前のデプロイが原因ならロールバック、プロセス異常なら新しいデプロイの強制 (サービス再起動)、高負荷ならスケールアウトを行います。', en: 'Mitigate: roll back if the last deployment caused it, force a new deployment (restart) for a stuck process, scale out under load.' },
    },
    {
      text: { ja: '恒久対応: バグ修正をコードで行い、デプロイチェックリストに従ってリリースします。', en: 'Fix: correct the code and release it following the deployment checklists.' },
    },
    {
      text: { ja: '報告書作成: 検知時刻、影響、原因、対応、復旧時刻 (MTTR 目標 30 分未満) を記録します。', en: 'Report: record detection time, impact, cause, actions and recovery time (MTTR target under 30 minutes).' },
    },
    {
      text: { ja: '再発防止策を実施し、必要なら閾値や手順書 (このコード) を更新します。', en: 'Prevent recurrence, and update thresholds or these runbooks (this code) where needed.' },
    },
  ];
}

/** Escalation tiers E1 on-call → E2 lead (30 min) → E3 architect (1 h) → E4 CTO (OPS-01). */
export function escalationSection(f: Pick<PlatformFacts, 'criticalTopic'> & Partial<Pick<PlatformFacts, 'pagingSystem'>>): RunbookSection {
  const subscribers: RunbookStep[] = f.criticalTopic ? [{
    text: { ja: 'Critical アラームの通知先 (PagerDuty、メール) が登録されていることを確認します。', en: 'Check that the critical alarm topic reaches PagerDuty and the on-call email addresses.' },
    commands: [RunbookCommand.withLookups(
      'aws sns list-subscriptions-by-topic --topic-arn "$CRITICAL_TOPIC" --query "Subscriptions[].[Protocol,Endpoint,SubscriptionArn]" --output text', f.criticalTopic)],
    expected: {
      ja: 'https (PagerDuty) と email の購読があり、SubscriptionArn が PendingConfirmation でないこと。',
      en: 'There are https (PagerDuty) and email subscriptions, none of them PendingConfirmation.',
    },
  }] : [];
  const datadogPages: RunbookStep[] = f.pagingSystem === PagingSystem.DATADOG ? [{
    text: {
      ja: 'このプラットフォームでは、Datadog も監視している状態 (テナントの症状、シャードの共有原因、ロードバランサーの 5XX、データベースの CPU・接続数・空きストレージ) は Datadog が PagerDuty を呼び出します (datadog.pagingSystem)。対応する CloudWatch アラームは警告の通知先にのみ通知し、それ以外の Critical アラームは引き続きこのトピックで呼び出します。Datadog の PagerDuty インテグレーションに Critical の通知ハンドルのサービスが登録されていることを確認します。',
      en: 'On this platform Datadog pages for what it watches too (datadog.pagingSystem): the tenants\' symptoms, the shards\' shared causes, the load balancers\' 5XX and the database\'s CPU, connections and free storage; their CloudWatch alarms notify the warning route only, and every other critical alarm still pages through this topic. Check that Datadog\'s PagerDuty integration has the service of the critical handles.',
    },
  }] : [];
  return {
    anchor: PLATFORM_ANCHORS.escalation,
    kind: RunbookSectionKind.POLICY,
    title: { ja: 'エスカレーションフロー', en: 'Escalation' },
    whenToUse: {
      ja: '障害対応中に、定められた時間内に解決しないとき、またはクリティカル障害のとき。',
      en: 'An incident is not solved within the times below, or it is a critical outage.',
    },
    table: {
      header: [{ ja: 'エスカレーション段階', en: 'Escalation tier' }, { ja: '条件', en: 'When' }, { ja: '担当', en: 'Who' }, { ja: '連絡方法', en: 'How' }],
      rows: [
        { cells: [{ ja: 'E1', en: 'E1' }, { ja: '自動アラート', en: 'Automatic alert' }, { ja: 'オンコールエンジニア', en: 'On-call engineer' }, { ja: 'PagerDuty (24/7)', en: 'PagerDuty (24/7)' }] },
        { cells: [{ ja: 'E2', en: 'E2' }, { ja: '30分以内に解決しない', en: 'Not solved within 30 minutes' }, { ja: 'チームリード', en: 'Team lead' }, { ja: 'Slack #incidents (24/7)', en: 'Slack #incidents (24/7)' }] },
        { cells: [{ ja: 'E3', en: 'E3' }, { ja: '1時間以内に解決しない', en: 'Not solved within 1 hour' }, { ja: 'システムアーキテクト', en: 'System architect' }, { ja: 'Slack #incidents (24/7)', en: 'Slack #incidents (24/7)' }] },
        { cells: [{ ja: 'E4', en: 'E4' }, { ja: 'クリティカル障害', en: 'Critical outage' }, { ja: 'CTO/経営層', en: 'CTO and management' }, { ja: '緊急連絡先リスト (営業時間)', en: 'Emergency contact list (business hours)' }] },
      ],
    },
    summary: [{
      ja: 'セキュリティインシデントの疑いがある場合は、段階に関係なく Security Team (24/7) に連絡します。',
      en: 'Suspected security incidents go to the Security Team (24/7) at any tier.',
    }, {
      ja: '手順書の3つの「レベル」: エスカレーション段階 E1〜E4 は連絡する人 (この表)、復旧レベル R1〜R3 は DR の復旧範囲 (サービス部分障害、データベース・データ障害、リージョン障害)、' +
        '監視レベル L0/L2/L3 は Datadog モニターの階層 (プラットフォーム、シャード側の原因、テナントの症状) です。',
      en: 'The runbooks\' three kinds of level: escalation tiers E1–E4 are who to call (this table), recovery levels R1–R3 are DR scopes (service partially down, database or data failure, region failure), ' +
        'and monitor levels L0/L2/L3 are the tiers of Datadog monitors (platform, shard cause, tenant symptom).',
    }],
    steps: [
      ...subscribers,
      ...datadogPages,
      {
        text: { ja: '経過時間を記録し、30分経過でチームリード、1時間経過でシステムアーキテクトを Slack #incidents でメンションします。', en: 'Track the time: mention the team lead in Slack #incidents after 30 minutes, the system architect after 1 hour.' },
      },
      {
        text: { ja: 'サービス全停止 (Critical) は、判明した時点で CTO/経営層に報告します。', en: 'Report a full outage (Critical) to the CTO and management as soon as it is known.' },
      },
    ],
    requirements: ['OPS-01'],
  };
}

function row(level: string, definition: { ja: string; en: string }, response: { ja: string; en: string }, recovery: { ja: string; en: string }) {
  return { cells: [{ ja: level, en: level }, definition, response, recovery] };
}
