import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AlarmSeverity } from '../core/severity';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { DEPLOYMENT_ROLLBACK, ServiceAlarmThresholds } from '../monitoring/alarm-thresholds';
import { RunbookLink, RunbookStep } from '../runbooks/runbook-section';
import { TENANT_ALARM_IDS } from './alerting/suppression-map';
import { TenantRunbookSection, tenantSectionAnchor } from './runbooks/tenant-sections';
import { TENANT_METRIC_PERIOD, TENANT_SIGNALS, TenantTargetMetricSource, tenantTargetMetric } from './tenant-metrics';
import { deploymentBehaviour } from '../runbooks/sections/deployment-behaviours';

/** What a tenant's alarms watch. */
export interface TenantMetricSources extends TenantTargetMetricSource {
  readonly service: ecs.FargateService;
  readonly tenantId: string;
}

/** The alarms of one tenant: notifying ones (MON-01) and the ones that roll a deployment back (ECS-03). */
export interface TenantAlarms {
  readonly alarms: cloudwatch.Alarm[];
  readonly deploymentAlarms: cloudwatch.Alarm[];
}

/** Creates a tenant's MON-01 alarms and ECS-03 deployment alarms through `factory`. */
export function createTenantAlarms(
  factory: AlarmFactory, src: TenantMetricSources, t: Required<ServiceAlarmThresholds>, minCapacity: number,
): TenantAlarms {
  const minute = TENANT_METRIC_PERIOD;
  const signals = TENANT_SIGNALS;
  const p99 = () => tenantTargetMetric(src, signals.responseTimeP99);
  const errorRate = (minutes: number) => new cloudwatch.MathExpression({
    expression: '100 * errors / IF(requests > 0, requests, 1)',
    usingMetrics: {
      errors: tenantTargetMetric(src, signals.http5xxCount, { period: Duration.minutes(minutes) }),
      requests: tenantTargetMetric(src, signals.requestCount, { period: Duration.minutes(minutes) }),
    },
    period: Duration.minutes(minutes),
    label: '5XX error rate (%)',
  });
  const healthy = tenantTargetMetric(src, signals.healthyHostsMinimum);
  const gt = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const gte = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
  const lt = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
  const cpu = src.service.metricCpuUtilization({ period: minute });
  const memory = src.service.metricMemoryUtilization({ period: minute });
  const who = { ja: `テナント ${src.tenantId}`, en: `Tenant ${src.tenantId}` };
  const see = related(src.tenantId);
  const memoryScaleOut = deploymentBehaviour('memory-scale-out');

  const percent = (v: number) => `${v} %`;
  const ms = (v: number) => `${v} ms`;
  const alarms = [
    ...factory.alarmPair({
      id: TENANT_ALARM_IDS.CPU,
      title: { ja: `${who.ja}: CPU 使用率`, en: `${who.en}: CPU` },
      requirement: 'MON-01',
      metric: cpu,
      unit: percent,
      warning: t.cpuWarningPercent,
      critical: t.cpuCriticalPercent,
      evaluationPeriods: 2,
      summary: x => ({
        ja: `${who.ja} の CPU 使用率が2分間 ${x} を超えています。オートスケーリングがタスクを追加しているはずです。`,
        en: `${who.en} CPU above ${x} for 2 minutes; autoscaling should be adding tasks.`,
      }),
      firstSteps: [step(
        'タスク数が増えているか確認します。最大タスク数に達して CPU が下がらない場合は「スケールアウト」の手順を実施します。',
        'Check that the task count grows. If it reached the maximum and CPU stays high, follow "scaling out".')],
      related: [see.scaleOut, see.troubleshoot],
    }),
    ...factory.alarmPair({
      id: TENANT_ALARM_IDS.MEMORY,
      title: { ja: `${who.ja}: メモリ使用率`, en: `${who.en}: memory` },
      requirement: 'MON-01',
      metric: memory,
      unit: percent,
      warning: t.memoryWarningPercent,
      critical: t.memoryCriticalPercent,
      evaluationPeriods: 2,
      summary: x => ({
        ja: `${who.ja} のメモリ使用率が2分間 ${x} を超えています。100% に近づくとタスクがメモリ不足で停止します。` +
          `${memoryScaleOut.minutes}分間 ${memoryScaleOut.threshold} % を超えるとステップスケーリングがタスクを追加します。`,
        en: `${who.en} memory above ${x} for 2 minutes; near 100 % tasks are killed out of memory. ` +
          `Above ${memoryScaleOut.threshold} % for ${memoryScaleOut.minutes} minutes step scaling adds a task.`,
      }),
      firstSteps: [step(
        'メモリが負荷と関係なく単調に増えている場合はメモリリークの疑いがあります。「トラブルシューティング」の手順で新しいデプロイを強制し、開発担当者に連絡します。',
        'Memory that grows regardless of load suggests a leak: force a new deployment with "troubleshooting" and tell the developers.')],
      related: [see.troubleshoot, see.scaleOut],
    }),
    factory.alarm({
      id: TENANT_ALARM_IDS.HTTP_5XX,
      title: { ja: `${who.ja}: 5XX エラー`, en: `${who.en}: 5XX responses` },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-01',
      summary: {
        ja: `${who.ja} が1分間に ${t.http5xxPerMinute} 件以上の 5XX を返しました。`,
        en: `${who.en} returned ${t.http5xxPerMinute} or more 5XX responses in one minute.`,
      },
      firstSteps: [afterDeployment],
      related: [see.rollback, see.troubleshoot],
      metric: tenantTargetMetric(src, signals.http5xxCount),
      threshold: t.http5xxPerMinute,
      comparisonOperator: gte,
      evaluationPeriods: 1,
    }),
    factory.alarm({
      id: TENANT_ALARM_IDS.HEALTHY_HOSTS_LOW,
      title: { ja: `${who.ja}: 正常なタスク数の低下`, en: `${who.en}: healthy tasks low` },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-01',
      summary: {
        ja: `${who.ja} のロードバランサー配下の正常なタスクが ${Math.min(2, minCapacity)} 未満です。`,
        en: `${who.en} has fewer than ${Math.min(2, minCapacity)} healthy tasks behind the load balancer.`,
      },
      firstSteps: [step(
        '「トラブルシューティング」の手順で停止したタスクの停止理由とヘルスチェック (/health) の結果を確認します。',
        'Read why tasks stopped and what the /health checks return, with "troubleshooting".')],
      related: [see.troubleshoot, see.rollback],
      metric: healthy,
      threshold: Math.min(2, minCapacity),
      comparisonOperator: lt,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
    ...factory.alarmPair({
      id: TENANT_ALARM_IDS.LATENCY_P99,
      title: { ja: `${who.ja}: P99 レスポンスタイム`, en: `${who.en}: P99 latency` },
      requirement: 'MON-01',
      metric: p99(),
      unit: ms,
      scale: 0.001,
      warning: t.latencyP99WarningMs,
      critical: t.latencyP99CriticalMs,
      evaluationPeriods: 3,
      summary: x => ({
        ja: `${who.ja} の P99 レスポンスタイムが3分間 ${x} を超えています。`,
        en: `${who.en} P99 response time above ${x} for 3 minutes.`,
      }),
      firstSteps: [step(
        '高負荷 (CPU・タスク数) かデータベースの遅延かを切り分けます。高負荷ならスケールアウト、直前のデプロイが原因ならロールバックします。',
        'Tell load (CPU, task count) from a slow database. Scale out under load; roll back if the last deployment caused it.')],
      related: [see.scaleOut, see.rollback, see.troubleshoot],
    }),
    ...factory.alarmPair({
      id: TENANT_ALARM_IDS.ERROR_RATE,
      title: { ja: `${who.ja}: エラー率`, en: `${who.en}: error rate` },
      requirement: 'MON-01',
      metric: errorRate(5),
      unit: percent,
      warning: t.errorRateWarningPercent,
      critical: t.errorRateCriticalPercent,
      evaluationPeriods: 1,
      summary: x => ({
        ja: `${who.ja} の 5XX エラー率が5分間で ${x} を超えています。`,
        en: `${who.en} 5XX error rate above ${x} over 5 minutes.`,
      }),
      firstSteps: [afterDeployment],
      related: [see.rollback, see.troubleshoot],
    }),
  ];

  const d = DEPLOYMENT_ROLLBACK;
  const healthyShare = new cloudwatch.MathExpression({
    expression: '100 * healthy / IF(healthy + unhealthy > 0, healthy + unhealthy, 1)',
    usingMetrics: {
      healthy: tenantTargetMetric(src, signals.healthyHostsAverage),
      unhealthy: tenantTargetMetric(src, signals.unhealthyHostsAverage),
    },
    period: minute,
    label: 'Healthy targets (%)',
  });
  const deploymentAlarms = [
    factory.alarm({
      id: 'DeploymentErrorRate',
      title: { ja: `${who.ja}: デプロイ中のエラー率`, en: `${who.en}: deployment error rate` },
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: {
        ja: `${who.ja} の 5XX エラー率が${d.errorRateMinutes}分間で ${d.errorRatePercent} % を超えました。実行中のデプロイは自動でロールバックされます。`,
        en: `${who.en} 5XX error rate above ${d.errorRatePercent} % over ${d.errorRateMinutes} minutes: a deployment in progress is rolled back.`,
      },
      firstSteps: [rolledBack],
      related: [see.rollback, see.troubleshoot],
      metric: errorRate(d.errorRateMinutes),
      threshold: d.errorRatePercent,
      comparisonOperator: gt,
      evaluationPeriods: 1,
    }),
    factory.alarm({
      id: 'DeploymentUnhealthyTargets',
      title: { ja: `${who.ja}: デプロイ中の異常ターゲット`, en: `${who.en}: deployment unhealthy targets` },
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: {
        ja: `${who.ja} の正常なターゲットが${d.healthyTargetsMinutes}分間 ${d.healthyTargetsPercent} % 未満でした。実行中のデプロイは自動でロールバックされます。`,
        en: `${who.en} has fewer than ${d.healthyTargetsPercent} % healthy targets for ${d.healthyTargetsMinutes} minute: a deployment in progress is rolled back.`,
      },
      firstSteps: [rolledBack],
      related: [see.rollback, see.troubleshoot],
      metric: healthyShare,
      threshold: d.healthyTargetsPercent,
      comparisonOperator: lt,
      evaluationPeriods: d.healthyTargetsMinutes,
    }),
    factory.alarm({
      id: 'DeploymentLatency',
      title: { ja: `${who.ja}: デプロイ中の P99 レスポンスタイム`, en: `${who.en}: deployment P99 latency` },
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: {
        ja: `${who.ja} の P99 レスポンスタイムが${d.latencyP99Minutes}分間 ${d.latencyP99Ms} ms を超えました。実行中のデプロイは自動でロールバックされます。`,
        en: `${who.en} P99 response time above ${d.latencyP99Ms} ms for ${d.latencyP99Minutes} minutes: a deployment in progress is rolled back.`,
      },
      firstSteps: [rolledBack],
      related: [see.rollback, see.troubleshoot],
      metric: p99(),
      threshold: d.latencyP99Ms / 1000,
      comparisonOperator: gt,
      evaluationPeriods: d.latencyP99Minutes,
    }),
    factory.alarm({
      id: 'DeploymentMemory',
      title: { ja: `${who.ja}: デプロイ中のメモリ使用率`, en: `${who.en}: deployment memory` },
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: {
        ja: `${who.ja} のメモリ使用率がスケールアウト後も${d.memoryMinutes}分間 ${d.memoryPercent} % を超えました。実行中のデプロイは自動でロールバックされます。`,
        en: `${who.en} memory stayed above ${d.memoryPercent} % for ${d.memoryMinutes} minutes despite scaling out: a deployment in progress is rolled back.`,
      },
      firstSteps: [rolledBack],
      related: [see.rollback, see.troubleshoot],
      metric: memory,
      threshold: d.memoryPercent,
      comparisonOperator: gt,
      evaluationPeriods: d.memoryMinutes,
    }),
  ];
  return { alarms, deploymentAlarms };
}

/** The tenant's runbook sections an alarm section links to. */
function related(tenantId: string): Record<'rollback' | 'scaleOut' | 'troubleshoot', RunbookLink> {
  const link = (section: TenantRunbookSection, ja: string, en: string): RunbookLink =>
    ({ text: { ja, en }, anchor: tenantSectionAnchor(tenantId, section) });
  return {
    rollback: link(TenantRunbookSection.ROLLBACK, '手動ロールバック', 'Manual rollback'),
    scaleOut: link(TenantRunbookSection.SCALE_OUT, 'スケールアウト', 'Scaling out'),
    troubleshoot: link(TenantRunbookSection.TROUBLESHOOT, 'トラブルシューティング', 'Troubleshooting'),
  };
}

function step(ja: string, en: string): RunbookStep {
  return { text: { ja, en } };
}

const afterDeployment = step(
  '直前 (1時間以内) にデプロイがあった場合は「手動ロールバック」を dry-run から実施します。なければ「トラブルシューティング」でエラーログを確認します。',
  'If there was a deployment in the last hour, do a "manual rollback", dry run first. Otherwise read the error logs with "troubleshooting".');

const rolledBack = step(
  'ECS がデプロイを自動でロールバックします。「トラブルシューティング」でデプロイの状態 (rolloutState) を確認し、ロールバック完了後に原因を調査します。',
  'ECS rolls the deployment back by itself. Check the rollout state with "troubleshooting" and look for the cause once the rollback completed.');
