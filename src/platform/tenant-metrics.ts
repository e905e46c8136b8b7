import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Where a tenant's load balancer metrics come from. */
export interface TenantTargetMetricSource {
  /** CloudWatch `LoadBalancer` dimension of the tenant's ALB shard. */
  readonly loadBalancerFullName: string;
  /** CloudWatch `TargetGroup` dimension of the tenant's target group(s): one, or blue and green. */
  readonly targetGroupFullNames: string[];
}

/**
 * A target-group signal of a tenant: its `AWS/ApplicationELB` metric, the statistic the tenant's
 * alarms (MON-01, ECS-03) read, and how the blue and green target groups combine.
 */
export interface TenantTargetSignal {
  readonly metricName: string;
  readonly statistic: string;
  /** Counts add up; with blue/green only one target group is live, so latency takes the larger. */
  readonly combine: 'sum' | 'max';
}

/** The tenant signals the alarms, the `metric*()` methods of `SecureTenantService` and its dashboard share. */
export const TENANT_SIGNALS = {
  requestCount: { metricName: 'RequestCount', statistic: 'Sum', combine: 'sum' },
  http5xxCount: { metricName: 'HTTPCode_Target_5XX_Count', statistic: 'Sum', combine: 'sum' },
  responseTimeP99: { metricName: 'TargetResponseTime', statistic: 'p99', combine: 'max' },
  healthyHostsMinimum: { metricName: 'HealthyHostCount', statistic: 'Minimum', combine: 'sum' },
  healthyHostsAverage: { metricName: 'HealthyHostCount', statistic: 'Average', combine: 'sum' },
  unhealthyHostsAverage: { metricName: 'UnHealthyHostCount', statistic: 'Average', combine: 'sum' },
} satisfies Record<string, TenantTargetSignal>;

/** The period of every tenant alarm and dashboard graph. */
export const TENANT_METRIC_PERIOD = Duration.minutes(1);

/**
 * `signal` of the tenant's target group(s). With one target group this is a plain metric; with
 * blue/green the two are combined by metric math. `options` override the period, statistic, label...
 * of each target group's metric.
 */
export function tenantTargetMetric(
  src: TenantTargetMetricSource, signal: TenantTargetSignal, options: cloudwatch.MetricOptions = {},
): cloudwatch.IMetric {
  const parts = src.targetGroupFullNames.map(targetGroup => new cloudwatch.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName: signal.metricName,
    statistic: signal.statistic,
    period: TENANT_METRIC_PERIOD,
    dimensionsMap: { LoadBalancer: src.loadBalancerFullName, TargetGroup: targetGroup },
  }).with(options));
  if (parts.length === 1) return parts[0];
  const ids = parts.map((_, i) => `${signal.metricName.toLowerCase().replace(/[^a-z0-9]/g, '')}_${i}`);
  return new cloudwatch.MathExpression({
    expression: signal.combine === 'sum' ? ids.map(id => `FILL(${id}, 0)`).join(' + ') : `MAX([${ids.join(', ')}])`,
    usingMetrics: Object.fromEntries(parts.map((m, i) => [ids[i], m])),
    period: parts[0].period,
    label: options.label ?? `${signal.metricName} ${parts[0].statistic}`,
  });
}

/**
 * A Container Insights metric of the tenant's ECS service (`RunningTaskCount`, `DesiredTaskCount`),
 * averaged over a minute unless `options` say otherwise. The names are plain values, so the metric
 * can be used from any stack without a cross-stack reference.
 */
export function tenantServiceMetric(
  clusterName: string, serviceName: string, metricName: string, options: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName,
    statistic: 'Average',
    period: TENANT_METRIC_PERIOD,
    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
  }).with(options);
}
