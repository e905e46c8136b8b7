import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { MonitorScope } from './monitor-scope';
import { SharedCause } from './suppression-map';
import { LocalizedText } from '../../core/localized-text';
import { SERVICE_ALARM_DEFAULTS } from '../../monitoring/alarm-thresholds';
import { DatadogMonitorType } from '../../monitoring/datadog/monitor-type';

/** One monitor level L2 cause of a shard, watched the same way by CloudWatch and by Datadog. */
export interface SharedCauseDefinition {
  readonly cause: SharedCause;
  /** What is watched, e.g. "ALB shard 1: 5XX rate". */
  readonly title: (shard: number) => LocalizedText;
  /** What crossed which line. */
  readonly summary: (shard: number) => LocalizedText;
  /** The CloudWatch metric of the shard's load balancer. */
  readonly metric: (loadBalancer: elbv2.ApplicationLoadBalancer) => cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datadogType: DatadogMonitorType;
  /** The Datadog query of the same condition over the shard's tag scope. */
  readonly datadogQuery: (scope: MonitorScope) => string;
}

const t = SERVICE_ALARM_DEFAULTS;
const minute = Duration.minutes(1);
const latencySeconds = t.latencyP99CriticalMs / 1000;

/**
 * The shared-service (monitor level L2) causes of an ALB shard (MON-03). Each is relative or shard-wide, so it
 * means the same with 1 or 100 tenants and adding a tenant never changes it; its threshold is the
 * tenants' critical threshold of the same signal (REQUIREMENTS.md MON-01).
 */
export const SHARED_CAUSES: Record<SharedCause, SharedCauseDefinition> = {
  [SharedCause.ERROR_RATE]: {
    cause: SharedCause.ERROR_RATE,
    title: n => ({ ja: `ALB シャード ${n}: 5XX 率`, en: `ALB shard ${n}: 5XX rate` }),
    summary: n => ({
      ja: `ALB シャード ${n} 全体の 5XX 率 (ロードバランサーとターゲット) が5分間で ${t.errorRateCriticalPercent} % を超えました。シャード上の全テナントのエラー通知は抑止されます。`,
      en: `5XX responses (load balancer and targets) above ${t.errorRateCriticalPercent} % of ALB shard ${n}'s requests over 5 minutes; the error notifications of its tenants are held back.`,
    }),
    metric: lb => {
      const period = Duration.minutes(5);
      return new cloudwatch.MathExpression({
        expression: '100 * (FILL(elb, 0) + FILL(target, 0)) / IF(requests > 0, requests, 1)',
        usingMetrics: {
          elb: lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period, statistic: 'Sum' }),
          target: lb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
          requests: lb.metrics.requestCount({ period, statistic: 'Sum' }),
        },
        period,
        label: 'Shard 5XX rate (%)',
      });
    },
    threshold: t.errorRateCriticalPercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datadogType: DatadogMonitorType.QUERY_ALERT,
    datadogQuery: s => `sum(last_5m):(sum:aws.applicationelb.httpcode_elb_5xx{${s.filter}}.as_count() + ` +
      `sum:aws.applicationelb.httpcode_target_5xx{${s.filter}}.as_count()) / sum:aws.applicationelb.request_count{${s.filter}}.as_count() * 100 ` +
      `> ${t.errorRateCriticalPercent}`,
  },
  [SharedCause.LATENCY_P99]: {
    cause: SharedCause.LATENCY_P99,
    title: n => ({ ja: `ALB シャード ${n}: P99 レスポンスタイム`, en: `ALB shard ${n}: P99 latency` }),
    summary: n => ({
      ja: `ALB シャード ${n} 全体の P99 レスポンスタイムが3分間 ${t.latencyP99CriticalMs} ms を超えました。シャード上の全テナントの遅延通知は抑止されます。`,
      en: `ALB shard ${n}'s P99 target response time above ${t.latencyP99CriticalMs} ms for 3 minutes; the latency notifications of its tenants are held back.`,
    }),
    metric: lb => lb.metrics.targetResponseTime({ period: minute, statistic: 'p99' }),
    threshold: latencySeconds,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datadogType: DatadogMonitorType.METRIC_ALERT,
    datadogQuery: s => `avg(last_5m):avg:aws.applicationelb.target_response_time.p99{${s.filter}} > ${latencySeconds}`,
  },
  [SharedCause.NO_HEALTHY_TARGETS]: {
    cause: SharedCause.NO_HEALTHY_TARGETS,
    title: n => ({ ja: `ALB シャード ${n}: 正常なターゲットなし`, en: `ALB shard ${n}: no healthy target` }),
    summary: n => ({
      ja: `ALB シャード ${n} 上のどのテナントにも正常なターゲットがありません (共有データベースやネットワークの障害)。シャード上の全テナントの通知は抑止されます。`,
      en: `No tenant on ALB shard ${n} has a healthy target (a shared database or network failure); the notifications of its tenants are held back.`,
    }),
    // The highest healthy-host count of any target group behind the load balancer (Metrics Insights).
    metric: lb => new cloudwatch.MathExpression({
      expression: `SELECT MAX(HealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = '${lb.loadBalancerFullName}'`,
      usingMetrics: {},
      period: minute,
      label: 'Most healthy targets of any tenant',
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datadogType: DatadogMonitorType.METRIC_ALERT,
    datadogQuery: s => `max(last_5m):max:aws.applicationelb.healthy_host_count{${s.filter}} < 1`,
  },
};
