import { severityName } from '../../core/severity';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';
import { sh, shellCode } from '../../runbooks/shell-words';
import { PLATFORM_COST_TAG, TENANT_COST_TAG } from '../operations/cost-allocation';
import { BUDGET_ALERTS, PlatformBudget } from '../operations/platform-budget';

/** Anchor of the budget-alert section in the platform's runbook. */
export const BUDGET_ALERT_ANCHOR = 'budget-alert';

/**
 * What to do when a budget alert arrives (MON-09): where the money goes by service and by tenant,
 * the budget's state, and the one-time activation of the cost allocation tags it filters by.
 */
export function budgetAlertSection(budget: PlatformBudget, costTagValue: string): RunbookSection {
  const thisMonth = '--time-period Start="$(date -u +%Y-%m-01)",End="$(date -u -d tomorrow +%Y-%m-%d)" --granularity MONTHLY --metrics UnblendedCost';
  // JSON-encoded, then quoted as one shell word: a tag value can hold neither JSON nor shell syntax.
  const platformFilter = sh`--filter ${JSON.stringify({ Tags: { Key: PLATFORM_COST_TAG, Values: [costTagValue] } })}`;
  const spendBy = (groupBy: string) => RunbookCommand.of(sh`aws ce get-cost-and-usage ${shellCode(thisMonth)} ${shellCode(platformFilter)} --group-by ${groupBy} ` +
    '--query "ResultsByTime[0].Groups[].[Keys[0],Metrics.UnblendedCost.Amount]" --output text');
  const budgets = [budget.budget, ...budget.serviceBudgets];
  const alerts = BUDGET_ALERTS.map(a => `${a.percent} % → ${severityName(a.severity)}`).join(', ');
  return {
    anchor: BUDGET_ALERT_ANCHOR,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: '予算アラート (AWS Budgets)', en: 'Budget alert (AWS Budgets)' },
    whenToUse: {
      ja: `AWS Budgets の通知 (実績コストが月額予算の ${alerts}) を受け取ったとき、または月次のコストレビュー。`,
      en: `An AWS Budgets notification arrived (actual cost over the monthly budget: ${alerts}), or at the monthly cost review.`,
    },
    summary: [{
      ja: `プラットフォームの月額予算は ${budget.monthlyLimitUsd} USD です。予算はアカウント全体のコストのうち、タグ \`${PLATFORM_COST_TAG}=${costTagValue}\` の付いたリソースだけを数えます。` +
        'このタグがコスト配分タグとして有効化されるまで、予算の実績は 0 のままです (最後の手順)。',
      en: `The platform's monthly budget is ${budget.monthlyLimitUsd} USD. Budgets are account-wide; this one counts only resources tagged ` +
        `\`${PLATFORM_COST_TAG}=${costTagValue}\`, and sees nothing until that tag is activated as a cost allocation tag (last step).`,
    }],
    steps: [
      {
        text: { ja: '予算の上限、実績、予測を確認します。', en: 'Read the budgets\' limit, actual and forecast spend.' },
        commands: [RunbookCommand.withLookups(
          // An array, so that a single budget is no one-word loop (shellcheck SC2066).
          sh`BUDGETS=(${shellCode(budgets.map((_, i) => `"$BUDGET_${i + 1}"`).join(' '))})\n` +
          'for BUDGET in "${BUDGETS[@]}"; do\n' +
          '  aws budgets describe-budget --account-id "$(aws sts get-caller-identity --query Account --output text)" --budget-name "$BUDGET" ' +
          '--query "Budget.[BudgetName,BudgetLimit.Amount,CalculatedSpend.ActualSpend.Amount,CalculatedSpend.ForecastedSpend.Amount]" --output text\n' +
          'done',
          Object.fromEntries(budgets.map((b, i) => [`BUDGET_${i + 1}`, ResourceLookup.valueOrPhysicalId((b.budget as { budgetName: string }).budgetName, b)])))],
      },
      {
        text: { ja: '今月のコストをサービス別に確認し、増えたサービスを特定します。', en: 'Break this month\'s cost down by service to find what grew.' },
        commands: [spendBy('Type=DIMENSION,Key=SERVICE')],
        expected: {
          ja: 'ECS が増えていればタスク数 (オートスケーリングの上限) を、EC2 - Other なら NAT ゲートウェイのデータ転送を、CloudWatch ならログ量を確認します。',
          en: 'ECS grew: check task counts against the autoscaling maximums. EC2 - Other: NAT gateway data transfer. CloudWatch: log volume.',
        },
      },
      {
        text: { ja: 'テナント別のコストを確認します (共有リソースは空のテナントとして表示されます)。', en: 'Break it down by tenant (shared resources show up without a tenant).' },
        commands: [spendBy(`Type=TAG,Key=${TENANT_COST_TAG}`)],
      },
      {
        text: {
          ja: '初回のみ: 管理アカウントでコスト配分タグを有効化します。タグはリソースに付いてから最大24時間後に選択できるようになり、有効化後のコストから集計されます。',
          en: 'Once: activate the cost allocation tags in the management (payer) account. A tag can be activated up to 24 hours after it is first on a resource, and counts costs from then on.',
        },
        commands: [RunbookCommand.of(sh`aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=${PLATFORM_COST_TAG},Status=Active TagKey=${TENANT_COST_TAG},Status=Active`)],
        expected: { ja: 'Errors が空であること。', en: 'Errors is empty.' },
      },
    ],
    escalation: {
      ja: '80% の警告はリーダー (エスカレーション段階 E2) と当月の対応を計画します。110% の異常は当日中にリーダー (E2) へ、原因が不明ならアーキテクト (E3) にエスカレーションします。',
      en: 'At 80 % (warning), plan the rest of the month with the lead (escalation tier E2). At 110 % (critical), tell the lead (E2) the same day, and the architect (E3) when the cause is unclear.',
    },
    links: [{ text: { ja: 'エスカレーション', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation }],
    requirements: ['MON-09'],
  };
}
