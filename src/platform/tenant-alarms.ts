import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { DEPLOYMENT_ROLLBACK, ServiceAlarmThresholds } from '../monitoring/alarm-thresholds';
import { AlarmSeverity } from '../monitoring/severity';

/** What a tenant's alarms watch. */
export interface TenantMetricSources {
  readonly service: ecs.FargateService;
  /** CloudWatch `LoadBalancer` dimension of the tenant's ALB shard. */
  readonly loadBalancerFullName: string;
  /** CloudWatch `TargetGroup` dimension of the tenant's target group(s). */
  readonly targetGroupFullNames: string[];
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
  const minute = Duration.minutes(1);
  const sumOf = (metricName: string, period = minute) => acrossTargetGroups(src, metricName, 'Sum', period, 'sum');
  const p99 = () => acrossTargetGroups(src, 'TargetResponseTime', 'p99', minute, 'max');
  const errorRate = (minutes: number) => new cloudwatch.MathExpression({
    expression: '100 * errors / IF(requests > 0, requests, 1)',
    usingMetrics: { errors: sumOf('HTTPCode_Target_5XX_Count', Duration.minutes(minutes)), requests: sumOf('RequestCount', Duration.minutes(minutes)) },
    period: Duration.minutes(minutes),
    label: '5XX error rate (%)',
  });
  const healthy = acrossTargetGroups(src, 'HealthyHostCount', 'Minimum', minute, 'sum');
  const gt = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const gte = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
  const lt = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
  const cpu = src.service.metricCpuUtilization({ period: minute });
  const memory = src.service.metricMemoryUtilization({ period: minute });
  const who = `Tenant ${src.tenantId}`;

  const percent = (v: number) => `${v} %`;
  const ms = (v: number) => `${v} ms`;
  const alarms = [
    ...factory.alarmPair({
      id: 'Cpu',
      title: `${who}: CPU`,
      requirement: 'MON-01',
      metric: cpu,
      unit: percent,
      warning: t.cpuWarningPercent,
      critical: t.cpuCriticalPercent,
      evaluationPeriods: 2,
      summary: x => `${who} CPU above ${x} for 2 minutes; autoscaling should be adding tasks.`,
    }),
    ...factory.alarmPair({
      id: 'Memory',
      title: `${who}: memory`,
      requirement: 'MON-01',
      metric: memory,
      unit: percent,
      warning: t.memoryWarningPercent,
      critical: t.memoryCriticalPercent,
      evaluationPeriods: 2,
      summary: x => `${who} memory above ${x} for 2 minutes; near 100 % tasks are killed out of memory.`,
    }),
    factory.alarm({
      id: 'Http5xx',
      title: `${who}: 5XX responses`,
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-01',
      summary: `${who} returned ${t.http5xxPerMinute} or more 5XX responses in one minute.`,
      metric: sumOf('HTTPCode_Target_5XX_Count'),
      threshold: t.http5xxPerMinute,
      comparisonOperator: gte,
      evaluationPeriods: 1,
    }),
    factory.alarm({
      id: 'HealthyHostsLow',
      title: `${who}: healthy tasks low`,
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-01',
      summary: `${who} has fewer than ${Math.min(2, minCapacity)} healthy tasks behind the load balancer.`,
      metric: healthy,
      threshold: Math.min(2, minCapacity),
      comparisonOperator: lt,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
    ...factory.alarmPair({
      id: 'LatencyP99',
      title: `${who}: P99 latency`,
      requirement: 'MON-01',
      metric: p99(),
      unit: ms,
      scale: 0.001,
      warning: t.latencyP99WarningMs,
      critical: t.latencyP99CriticalMs,
      evaluationPeriods: 3,
      summary: x => `${who} P99 response time above ${x} for 3 minutes.`,
    }),
    ...factory.alarmPair({
      id: 'ErrorRate',
      title: `${who}: error rate`,
      requirement: 'MON-01',
      metric: errorRate(5),
      unit: percent,
      warning: t.errorRateWarningPercent,
      critical: t.errorRateCriticalPercent,
      evaluationPeriods: 1,
      summary: x => `${who} 5XX error rate above ${x} over 5 minutes.`,
    }),
  ];

  const d = DEPLOYMENT_ROLLBACK;
  const healthyShare = new cloudwatch.MathExpression({
    expression: '100 * healthy / IF(healthy + unhealthy > 0, healthy + unhealthy, 1)',
    usingMetrics: {
      healthy: acrossTargetGroups(src, 'HealthyHostCount', 'Average', minute, 'sum'),
      unhealthy: acrossTargetGroups(src, 'UnHealthyHostCount', 'Average', minute, 'sum'),
    },
    period: minute,
    label: 'Healthy targets (%)',
  });
  const deploymentAlarms = [
    factory.alarm({
      id: 'DeploymentErrorRate',
      title: `${who}: deployment error rate`,
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: `${who} 5XX error rate above ${d.errorRatePercent} % over ${d.errorRateMinutes} minutes: a deployment in progress is rolled back.`,
      metric: errorRate(d.errorRateMinutes),
      threshold: d.errorRatePercent,
      comparisonOperator: gt,
      evaluationPeriods: 1,
    }),
    factory.alarm({
      id: 'DeploymentUnhealthyTargets',
      title: `${who}: deployment unhealthy targets`,
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: `${who} has fewer than ${d.healthyTargetsPercent} % healthy targets for ${d.healthyTargetsMinutes} minute: a deployment in progress is rolled back.`,
      metric: healthyShare,
      threshold: d.healthyTargetsPercent,
      comparisonOperator: lt,
      evaluationPeriods: d.healthyTargetsMinutes,
    }),
    factory.alarm({
      id: 'DeploymentLatency',
      title: `${who}: deployment P99 latency`,
      severity: AlarmSeverity.WARNING,
      requirement: 'ECS-03',
      summary: `${who} P99 response time above ${d.latencyP99Ms} ms for ${d.latencyP99Minutes} minutes: a deployment in progress is rolled back.`,
      metric: p99(),
      threshold: d.latencyP99Ms / 1000,
      comparisonOperator: gt,
      evaluationPeriods: d.latencyP99Minutes,
    }),
  ];
  return { alarms, deploymentAlarms };
}

/**
 * A target-group metric of the tenant. With blue/green there are two target groups and only one is
 * live at a time, so counts are summed and latency takes the maximum.
 */
function acrossTargetGroups(
  src: TenantMetricSources, metricName: string, statistic: string, period: Duration, combine: 'sum' | 'max',
): cloudwatch.IMetric {
  const parts = src.targetGroupFullNames.map(tgName => new cloudwatch.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName,
    statistic,
    period,
    dimensionsMap: { LoadBalancer: src.loadBalancerFullName, TargetGroup: tgName },
  }));
  if (parts.length === 1) return parts[0];
  const ids = parts.map((_, i) => `${metricName.toLowerCase().replace(/[^a-z0-9]/g, '')}_${i}`);
  return new cloudwatch.MathExpression({
    expression: combine === 'sum' ? ids.map(id => `FILL(${id}, 0)`).join(' + ') : `MAX([${ids.join(', ')}])`,
    usingMetrics: Object.fromEntries(parts.map((m, i) => [ids[i], m])),
    period,
    label: `${metricName} ${statistic}`,
  });
}
