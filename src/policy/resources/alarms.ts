import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { appResources, referencedResources } from '../references';
import { UnresolvedValue } from '../rule';
import { listOf, memoized, propertiesOf } from '../template';

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
  const index = alarmIndex(resource, target);
  const physicalName = target.nameProperty ? propertiesOf(resource)[target.nameProperty] : undefined;
  const metrics = new Set([...index.byResource.get(resource) ?? [], ...(typeof physicalName === 'string' ? index.byName.get(physicalName) ?? [] : [])]);
  return { metrics, unresolved: index.unresolved };
}

interface AlarmIndex {
  /** Metric names watched per resource a dimension value refers to. */
  readonly byResource: Map<CfnResource, string[]>;
  /** Metric names watched per literal dimension value (a physical name). */
  readonly byName: Map<string, string[]>;
  readonly unresolved?: UnresolvedValue;
}

/** The app's alarms on `target`'s namespace and dimension, indexed once per validation run. */
function alarmIndex(scope: CfnResource, target: AlarmTarget): AlarmIndex {
  const alarms = appResources(scope, 'AWS::CloudWatch::Alarm');
  return memoized(alarms, `alarms:${target.namespace}:${target.dimension}`, () => {
    const byResource = new Map<CfnResource, string[]>();
    const byName = new Map<string, string[]>();
    const add = <K>(map: Map<K, string[]>, key: K, metricName: string) => {
      const list = map.get(key);
      if (list) list.push(metricName);
      else map.set(key, [metricName]);
    };
    let unresolved: UnresolvedValue | undefined;
    for (const alarm of alarms) {
      for (const metric of metricsOf(alarm)) {
        if (metric.namespace !== target.namespace || typeof metric.metricName !== 'string') continue;
        for (const d of metric.dimensions.filter(dimension => dimension?.Name === target.dimension)) {
          if (typeof d.Value === 'string') {
            add(byName, d.Value, metric.metricName);
            continue;
          }
          try {
            for (const referenced of referencedResources(Stack.of(alarm), d.Value, 'Dimensions')) add(byResource, referenced, metric.metricName);
          } catch (e) {
            if (!(e instanceof UnresolvedValue)) throw e;
            unresolved ??= e;
          }
        }
      }
    }
    return { byResource, byName, unresolved };
  });
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
