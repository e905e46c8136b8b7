import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { shardCauseAlarmId } from './paging';
import { SHARED_CAUSES } from './shared-causes';
import { SharedCause, suppressorKey, suppressorSets, symptomsHeldBy, symptomsSuppressedBy } from './suppression-map';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { AlarmFactory, AlarmRouting, alarmAnchor } from '../../monitoring/alarm-factory';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookStep } from '../../runbooks/runbook-section';
import { AlarmRunbookSection } from '../../runbooks/sections/alarm-section';
import { timeRange } from '../../runbooks/sections/shell';

/** The CloudWatch side of one shard's shared causes (MON-03). */
export interface ShardAlarms {
  /** The monitor level L2 alarm of each cause. */
  readonly causes: Record<SharedCause, cloudwatch.IAlarm>;
  /**
   * The alarm that suppresses tenant notifications for each set of causes in the suppression map,
   * by `suppressorKey`: the cause's own alarm, or a composite "any of them".
   */
  readonly suppressors: Map<string, cloudwatch.IAlarm>;
}

/** Per-tenant look at the metric a monitor level L2 alarm watches, for its runbook section. */
const TENANT_BREAKDOWN: Record<SharedCause, { metric: string; statistic: string }> = {
  [SharedCause.ERROR_RATE]: { metric: 'HTTPCode_Target_5XX_Count', statistic: '--statistics Sum' },
  [SharedCause.LATENCY_P99]: { metric: 'TargetResponseTime', statistic: '--extended-statistics p99' },
  [SharedCause.NO_HEALTHY_TARGETS]: { metric: 'HealthyHostCount', statistic: '--statistics Minimum' },
};

/**
 * Creates the monitor level L2 CloudWatch alarms of ALB shard `shard` through the platform's alarm factory (each
 * notifies by severity and has its runbook section), and one composite per multi-cause set of the
 * suppression map, which tenant alarms use as their `ActionsSuppressor`.
 */
export function createShardAlarms(
  platform: Construct, factory: AlarmFactory, routing: AlarmRouting, loadBalancer: elbv2.ApplicationLoadBalancer, shard: number,
): ShardAlarms {
  const causes = {} as Record<SharedCause, cloudwatch.IAlarm>;
  for (const definition of Object.values(SHARED_CAUSES)) {
    causes[definition.cause] = factory.alarm({
      id: shardCauseAlarmId(shard, definition.cause),
      title: definition.title(shard),
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-03',
      summary: definition.summary(shard),
      firstSteps: [tenantBreakdown(loadBalancer, definition.cause, symptomsHeldBy(definition.cause))],
      metric: definition.metric(loadBalancer),
      threshold: definition.threshold,
      comparisonOperator: definition.comparisonOperator,
      evaluationPeriods: definition.evaluationPeriods,
    });
  }
  const suppressors = new Map<string, cloudwatch.IAlarm>();
  for (const set of suppressorSets()) {
    const key = suppressorKey(set);
    suppressors.set(key, set.length === 1 ? causes[set[0]] : anyOf(platform, routing, shard, set, causes));
  }
  return { causes, suppressors };
}

/**
 * A composite "any of these causes" of one shard. It tells #monitoring (INFO) that tenant
 * notifications are held back; each cause pages by itself.
 */
function anyOf(
  platform: Construct, routing: AlarmRouting, shard: number, set: SharedCause[], causes: Record<SharedCause, cloudwatch.IAlarm>,
): cloudwatch.IAlarm {
  const id = `Shard${shard}Suppresses${suppressorKey(set)}`;
  const anchor = alarmAnchor(platform, id);
  const titles = set.map(c => SHARED_CAUSES[c].title(shard));
  const symptoms = symptomsSuppressedBy(set);
  const composite = new cloudwatch.CompositeAlarm(platform, id, {
    compositeAlarmName: `${Stack.of(platform).stackName}-${anchor.replace(/^alarm-/, '')}`,
    alarmRule: cloudwatch.AlarmRule.anyOf(...set.map(c => cloudwatch.AlarmRule.fromAlarm(causes[c], cloudwatch.AlarmState.ALARM))),
    alarmDescription: `INFO [MON-03] One of ${titles.map(t => `"${t.en}"`).join(', ')} alerts: tenant notifications (${symptoms.en}) ` +
      `on ALB shard ${shard} are held back. Runbook: ${routing.runbookLink(platform, anchor)}`,
  });
  composite.addAlarmAction(new cw_actions.SnsAction(routing.topicFor(platform, AlarmSeverity.INFO)));
  Runbook.of(platform).addSection(AlarmRunbookSection.create({
    anchor,
    alarm: composite,
    title: { ja: `ALB シャード ${shard}: テナント通知の抑止 (${symptoms.ja})`, en: `ALB shard ${shard}: tenant notifications held back (${symptoms.en})` },
    severity: AlarmSeverity.INFO,
    meaning: {
      ja: `${titles.map(t => `「${t.ja}」`).join('または')}が発報中のため、シャード ${shard} のテナントの${symptoms.ja}の通知を抑止しています (MON-03)。原因のアラームはそれぞれ通知されます。`,
      en: `${titles.map(t => `"${t.en}"`).join(' or ')} is alerting, so the ${symptoms.en} notifications of the tenants on shard ${shard} are held back (MON-03). Each cause notifies by itself.`,
    },
    firstSteps: [{
      text: { ja: '発報中の原因アラームの手順に従います。', en: 'Follow the section of the cause that is alerting.' },
    }],
    related: set.map(c => ({ text: SHARED_CAUSES[c].title(shard), anchor: alarmAnchor(platform, `Shard${shard}${c}`) })),
    requirement: 'MON-03',
    policyStack: routing.operatingRulesStack,
  }));
  return composite;
}

/** Prints the cause's metric for every tenant (target group) on the shard, to tell a shared cause from one tenant. */
function tenantBreakdown(loadBalancer: elbv2.ApplicationLoadBalancer, cause: SharedCause, held: LocalizedText): RunbookStep {
  const { metric, statistic } = TENANT_BREAKDOWN[cause];
  return {
    text: {
      ja: 'シャード上の各テナント (ターゲットグループ) の同じメトリクスを確認し、全テナントに及ぶ障害か、1テナントが原因かを切り分けます。',
      en: 'Read the same metric for every tenant (target group) on the shard: is every tenant affected, or does one tenant drive it?',
    },
    commands: [RunbookCommand.withLookups(
      'for TARGET_GROUP in $(aws elbv2 describe-target-groups --load-balancer-arn "$ALB" --query "TargetGroups[].TargetGroupArn" --output text); do\n' +
      '  echo "$TARGET_GROUP"\n' +
      `  aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name ${metric} ` +
      '--dimensions Name=TargetGroup,Value="${TARGET_GROUP##*:}" Name=LoadBalancer,Value="${ALB#*:loadbalancer/}" ' +
      `${statistic} --period 300 ${timeRange('1 hour')} --output text\n` +
      'done', { ALB: ResourceLookup.physicalId(loadBalancer) })],
    expected: {
      ja: `全テナントが同じ傾向なら共有の原因 (データベース、ロードバランサー、ネットワーク) を調べます。1テナントだけなら、そのテナントの手順書に進みます。この間、シャード上のテナントの${held.ja}の通知は抑止されています。`,
      en: `If every tenant shows it, look at the shared parts (database, load balancer, network). If one tenant drives it, go to that tenant's runbook. Meanwhile the ${held.en} notifications of the shard's tenants are held back.`,
    },
  };
}
