import { datadogPlan } from './deployment-sections';
import { PlatformFacts } from './platform-facts';
import { LocalizedText } from '../../core/localized-text';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind, RunbookTableRow } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { sh } from '../../runbooks/shell-words';

/** Change management with review and dry run before apply (OPS-04). */
export function changeManagementSection(f: PlatformFacts): RunbookSection {
  const datadogApply = f.datadog ? [RunbookCommand.of('npx tenant-platform datadog apply --app cdk.out')] : [];
  const datadogDrift = f.datadog ? [RunbookCommand.of('npx tenant-platform datadog drift --app cdk.out')] : [];
  return {
    anchor: PLATFORM_ANCHORS.changeManagement,
    kind: RunbookSectionKind.POLICY,
    title: { ja: '変更管理プロセス', en: 'Change management' },
    whenToUse: {
      ja: 'インフラ、監視設定、閾値、テナント構成を変更するとき。UI やコンソールでの直接変更は行いません。',
      en: 'Any change to infrastructure, monitoring, thresholds or tenants. Nothing is changed directly in a UI or console.',
    },
    steps: [
      { text: { ja: '変更要求を Issue に登録します。', en: 'Open an issue for the change request.' } },
      { text: { ja: 'ブランチを作成し (feature/xxx の形式)、コードを変更します。', en: 'Create a branch (feature/<topic>) and change the code.' } },
      {
        text: { ja: 'ローカル検証: 合成してポリシーチェックを通し、差分を確認します。', en: 'Verify locally: synthesize with the policy checks and read the difference.' },
        commands: [RunbookCommand.of('npx cdk synth --quiet'), RunbookCommand.of('npx cdk diff')],
        expected: { ja: 'ポリシー違反がなく、差分が意図した変更だけであること。', en: 'No policy violation; the difference is only the intended change.' },
      },
      {
        text: { ja: 'Pull Request を作成し、差分 (cdk diff の結果) を貼り付けます。レビュアー: Infra-Architect、SRE。', en: 'Open a pull request with the `cdk diff` output. Reviewers: infrastructure architect, SRE.' },
      },
      {
        text: { ja: 'レビュー・承認', en: 'Review and approval' },
        checklist: [
          { ja: 'ビジネス影響確認', en: 'Business impact checked' },
          { ja: '閾値妥当性確認', en: 'Thresholds make sense' },
          { ja: 'ロールバック手順確認', en: 'Rollback steps checked' },
        ],
      },
      {
        text: { ja: '本番適用: dry-run (差分確認) → PM 承認 → apply の順に実施します。', en: 'Apply to production: dry run (read the difference), PM approval, then apply.' },
        commands: [RunbookCommand.of(sh`npx cdk diff ${f.stackName}`), ...datadogPlan(f), RunbookCommand.of(sh`npx cdk deploy ${f.stackName}`), ...datadogApply],
        expected: { ja: 'デプロイが完了し、スタックが UPDATE_COMPLETE になること。', en: 'The deployment completes and the stack is UPDATE_COMPLETE.' },
      },
      {
        text: { ja: '適用結果確認: スタックの状態、ドリフトがないこと、モニター発報テストを確認します。', en: 'Check the result: stack status, no drift, monitor firing test.' },
        commands: [
          RunbookCommand.of(sh`aws cloudformation describe-stacks --stack-name ${f.stackName} --query "Stacks[0].StackStatus" --output text`),
          ...datadogDrift,
        ],
        expected: { ja: 'UPDATE_COMPLETE (または CREATE_COMPLETE) で、ドリフト検出の終了コードが 0 であること。', en: 'UPDATE_COMPLETE (or CREATE_COMPLETE), and drift exits 0.' },
      },
    ],
    links: [
      { text: { ja: 'デプロイ前チェックリスト', en: 'Pre-deployment checklist' }, anchor: PLATFORM_ANCHORS.deployPre },
      { text: { ja: '段階的テナントロールアウト', en: 'Staged tenant rollout' }, anchor: PLATFORM_ANCHORS.tenantRollout },
    ],
    requirements: ['OPS-04'],
  };
}

/** Staged tenant rollout 3 → 10 → 50 → 100 with its success criteria (OPS-04). */
export function tenantRolloutSection(f: PlatformFacts): RunbookSection {
  const phases: Array<{ name: LocalizedText; tenants: number; period: LocalizedText; goal: LocalizedText; criteria: LocalizedText }> = [
    {
      name: { ja: 'Phase 1: パイロット', en: 'Phase 1: pilot' },
      tenants: 3,
      period: { ja: 'Week 1', en: 'Week 1' },
      goal: { ja: 'IaC 運用プロセス検証', en: 'Prove the IaC process' },
      criteria: { ja: 'デプロイ成功率100%、モニター正常動作、運用チーム習熟', en: '100 % successful deployments, monitors work, operations team trained' },
    },
    {
      name: { ja: 'Phase 2: 拡大', en: 'Phase 2: expand' },
      tenants: 10,
      period: { ja: 'Week 2-3', en: 'Weeks 2-3' },
      goal: { ja: '大規模運用時の課題検証', en: 'Find problems at scale' },
      criteria: { ja: '同時デプロイの競合なし、デプロイ時間 < 5分、ドリフト未検出', en: 'No conflicting deployments, deployment < 5 min, no drift' },
    },
    {
      name: { ja: 'Phase 3: 全展開', en: 'Phase 3: full rollout' },
      tenants: 50,
      period: { ja: 'Week 4-8', en: 'Weeks 4-8' },
      goal: { ja: '本番全テナント移行', en: 'Move every production tenant' },
      criteria: { ja: '週次チェックで差分なし、インシデントゼロ、運用手順書完成', en: 'No difference in weekly checks, zero incidents, runbooks complete' },
    },
    {
      name: { ja: 'Phase 4: 100テナント', en: 'Phase 4: 100 tenants' },
      tenants: 100,
      period: { ja: '負荷テスト後', en: 'After load testing' },
      goal: { ja: '100テナント同時稼働の検証', en: 'Prove 100 tenants running together' },
      criteria: { ja: '各テナント 1000 req/s で P99 < 500ms、ALB シャードの上限内', en: 'P99 < 500 ms at 1000 req/s per tenant, ALB shards within quota' },
    },
  ];
  const rows: RunbookTableRow[] = phases.map(p => ({
    cells: [p.name, { ja: `${p.tenants}テナント`, en: `${p.tenants} tenants` }, p.period, p.goal, p.criteria],
  }));
  let deployed = 0;
  const steps = phases.map(p => {
    const from = deployed;
    deployed = p.tenants;
    return {
      text: {
        ja: `${p.name.ja}: 登録順で ${from + 1}〜${p.tenants} 番目のテナントのスタックを並列数3でデプロイし、成功基準を確認してから次のフェーズに進みます。`,
        en: `${p.name.en}: deploy the stacks of tenants ${from + 1} to ${p.tenants} (in registration order), three at a time; meet the success criteria before the next phase.`,
      },
      commands: [RunbookCommand.of(
        `${f.tenantStacks}\n` +
        `npx cdk deploy --concurrency 3 "\${TENANT_STACKS[@]:${from}:${p.tenants - from}}"`)],
      expected: p.criteria,
    };
  });
  return {
    anchor: PLATFORM_ANCHORS.tenantRollout,
    kind: RunbookSectionKind.POLICY,
    title: { ja: '段階的テナントロールアウト', en: 'Staged tenant rollout' },
    whenToUse: {
      ja: '本番移行や大量のテナント追加のとき。一括ではなく段階的にテナントを追加します。',
      en: 'Moving to production or adding many tenants: add them in stages, never all at once.',
    },
    table: {
      header: [{ ja: 'フェーズ', en: 'Phase' }, { ja: 'テナント数', en: 'Tenants' }, { ja: '期間', en: 'Period' }, { ja: '目的', en: 'Goal' }, { ja: '成功基準', en: 'Success criteria' }],
      rows,
    },
    steps,
    links: [{ text: { ja: '変更管理プロセス', en: 'Change management' }, anchor: PLATFORM_ANCHORS.changeManagement }],
    requirements: ['OPS-04'],
  };
}
