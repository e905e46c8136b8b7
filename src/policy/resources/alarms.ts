import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { appResources, refersTo } from '../references';
import { UnresolvedValue } from '../rule';
import { listOf, propertiesOf } from '../template';

/** How alarms designate a resource: the metric namespace and dimension, and the resource's own name property. */
export interface AlarmTarget {
  /** The metric namespace, e.g. `AWS/RDS`. */
  readonly namespace: string;
  /** The dimension that names the resource, e.g. `DBInstanceIdentifier`. */
  readonly dimension: string;
  /** The resource's physical-name property, matched when an alarm names it literally, e.g. `DBInstanceIdentifier`. */
  readonly nameProperty?: string;
}

interface WatchedMetric {
  readonly namespace: unknown;
  readonly metricName: unknown;
  readonly dimensions: any[];
}

/** The metrics an alarm watches: its own metric and the metrics of its metric-math expression. */
function metricsOf(alarm: CfnResource): WatchedMetric[] {
  const props = propertiesOf(alarm);
  const own = props.MetricName === undefined ? [] : [{ namespace: props.Namespace, metricName: props.MetricName, dimensions: listOf(props.Dimensions, 'Dimensions') }];
  const queried = listOf(props.Metrics, 'Metrics')
    .map(query => query?.MetricStat?.Metric)
    .filter(metric => metric !== undefined)
    .map(metric => ({ namespace: metric.Namespace, metricName: metric.MetricName, dimensions: listOf(metric.Dimensions, 'Metrics.MetricStat.Metric.Dimensions') }));
  return [...own, ...queried];
}

/**
 * The metric names that CloudWatch alarms of the app watch for `resource`, and the first alarm
 * dimension that could not be resolved.
 */
function alarmedMetrics(resource: CfnResource, target: AlarmTarget): { metrics: Set<string>; unresolved?: UnresolvedValue } {
  const metrics = new Set<string>();
  let unresolved: UnresolvedValue | undefined;
  const physicalName = target.nameProperty ? propertiesOf(resource)[target.nameProperty] : undefined;
  for (const alarm of appResources(resource, 'AWS::CloudWatch::Alarm')) {
    for (const metric of metricsOf(alarm)) {
      if (metric.namespace !== target.namespace || typeof metric.metricName !== 'string') continue;
      try {
        const watches = metric.dimensions.some(d => d?.Name === target.dimension &&
          ((typeof d.Value === 'string' && d.Value === physicalName) || refersTo(alarm, d.Value, 'Dimensions', resource)));
        if (watches) metrics.add(metric.metricName);
      } catch (e) {
        if (!(e instanceof UnresolvedValue)) throw e;
        unresolved ??= e;
      }
    }
  }
  return { metrics, unresolved };
}

/**
 * Checks that alarms of the app watch each of `required` metrics of `resource`: the missing
 * metric names are the findings (`TenantPlatform-RDS11[FreeStorageSpace]`). When some are missing
 * and an alarm dimension could not be resolved, throws its `UnresolvedValue`.
 */
export function requireAlarms(resource: CfnResource, target: AlarmTarget, required: string[]): NagRuleResult {
  const { metrics, unresolved } = alarmedMetrics(resource, target);
  const missing = required.filter(metric => !metrics.has(metric));
  if (missing.length === 0) return NagRuleCompliance.COMPLIANT;
  if (unresolved) throw unresolved;
  return missing;
}
