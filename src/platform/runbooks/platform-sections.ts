import { IConstruct } from 'constructs';
import { changeManagementSection, tenantRolloutSection } from './change-sections';
import { deploymentSections } from './deployment-sections';
import { escalationSection, incidentLevelsSection } from './incident-sections';
import { periodicSections } from './periodic-sections';
import { perLoadBalancer, PlatformFacts, platformFacts, PlatformRunbookContext } from './platform-facts';
import { EnvironmentProfiles } from '../../core/environment';
import { LocalizedText } from '../../core/localized-text';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSection, RunbookSectionKind } from '../../runbooks/runbook-section';
import { PLATFORM_ANCHORS } from '../../runbooks/sections/platform-anchors';

/**
 * The platform's operating rules as runbook sections (OPS-01, OPS-03, OPS-04, OPS-05): overview,
 * incident levels and flow, escalation, periodic tasks, deployment checklists, rollback, change
 * management and the staged tenant rollout — every command naming this deployment's resources.
 */
export class PlatformRunbookSections {
  /** Adds every platform section to the runbook of `scope`'s stack. */
  public static addTo(scope: IConstruct, context: PlatformRunbookContext): void {
    const runbook = Runbook.of(scope);
    for (const section of PlatformRunbookSections.create(scope, context)) runbook.addSection(section);
  }

  /** The platform sections for a platform in `scope`'s stack, in reading order. */
  public static create(scope: IConstruct, context: PlatformRunbookContext): RunbookSection[] {
    const f = platformFacts(scope, context);
    return [
      overviewSection(f),
      incidentLevelsSection(f),
      escalationSection(f),
      ...periodicSections(f),
      ...deploymentSections(f),
      changeManagementSection(f),
      tenantRolloutSection(f),
    ];
  }

  private constructor() {}
}

function overviewSection(f: PlatformFacts): RunbookSection {
  const profile = EnvironmentProfiles.of(f.environment);
  const fact = (item: LocalizedText, value: LocalizedText) => ({ cells: [item, value] });
  const same = (text: string) => ({ ja: text, en: text });
  const albs = Object.keys(f.loadBalancers);
  return {
    anchor: PLATFORM_ANCHORS.overview,
    kind: RunbookSectionKind.POLICY,
    title: { ja: 'プラットフォーム概要と運用目標', en: 'Platform overview and targets' },
    whenToUse: {
      ja: '初めてこのプラットフォームを運用するとき、または障害対応の最初に全体像を確認するとき。',
      en: 'You operate this platform for the first time, or need the big picture at the start of an incident.',
    },
    summary: [{
      ja: `スタック \`${f.stackName}\` (${f.environment}) は共有 VPC (プライベートサブネット)、ECS Fargate クラスタ、HTTPS ALB シャード ${albs.length} 台 (WAF 付き)、重要度別の通知トピックを持ちます。テナントはそれぞれ専用のスタックで ALB シャードのリスナールールにぶら下がり、テナントの追加・削除は他のスタックを変更しません。`,
      en: `Stack \`${f.stackName}\` (${f.environment}) holds the shared VPC (private subnets), the ECS Fargate cluster, ${albs.length} HTTPS ALB shard(s) with WAF, and the notification topics per severity. Each tenant lives in its own stack behind a listener rule of an ALB shard; adding or removing a tenant changes no other stack.`,
    }],
    table: {
      header: [{ ja: '項目', en: 'Item' }, { ja: '値', en: 'Value' }],
      rows: [
        fact({ ja: '稼働率目標', en: 'Availability target' }, same('99.9%')),
        fact({ ja: '平均レスポンスタイム', en: 'Average response time' }, { ja: '500ms 以内', en: '500 ms or less' }),
        fact({ ja: 'エラー率', en: 'Error rate' }, { ja: '0.1% 以下', en: '0.1 % or less' }),
        fact({ ja: 'MTTR / MTBF', en: 'MTTR / MTBF' }, { ja: '30分未満 / 720時間超', en: 'under 30 min / over 720 h' }),
        fact({ ja: 'テナント追加時間', en: 'Tenant addition' }, { ja: '3分以内 (目標30秒)', en: '3 minutes or less (goal 30 s)' }),
        fact({ ja: 'NAT ゲートウェイ', en: 'NAT gateways' }, same(String(profile.natGateways))),
        fact({ ja: 'データベース Multi-AZ', en: 'Database Multi-AZ' }, same(profile.multiAz ? 'yes' : 'no')),
        fact({ ja: 'DB バックアップ保持', en: 'Database backup retention' }, same(profile.backupRetention.toHumanString())),
        fact({ ja: 'テナントのタスク数 (最小〜最大)', en: 'Tasks per tenant (min to max)' }, same(`${profile.minCapacity}–${profile.maxCapacity}`)),
        fact({ ja: '計画メンテナンス', en: 'Planned maintenance' }, f.maintenanceWindow),
      ],
    },
    steps: [
      {
        text: { ja: 'クラスタの状態と稼働中のテナントサービス数を確認します。', en: 'Check the cluster and how many tenant services run on it.' },
        commands: [RunbookCommand.withLookups(
          'aws ecs describe-clusters --clusters "$CLUSTER" --query "clusters[0].[clusterName,status,activeServicesCount,runningTasksCount]" --output text', f.cluster)],
        expected: { ja: 'status が ACTIVE であること。', en: 'status is ACTIVE.' },
      },
      {
        text: { ja: 'ALB シャードの DNS 名と状態を確認します。', en: 'Check the ALB shards\' DNS names and state.' },
        commands: perLoadBalancer(f, alb =>
          `aws elbv2 describe-load-balancers --load-balancer-arns "$${alb}" --query "LoadBalancers[0].[LoadBalancerName,DNSName,State.Code]" --output text`),
        expected: { ja: 'State が active であること。', en: 'State is active.' },
      },
    ],
    requirements: ['OPS-01'],
  };
}
