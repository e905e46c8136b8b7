import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** What a CloudWatch metric search looks for. */
export interface MetricSearchProps {
  /** The namespace, e.g. `AWS/ECS`. */
  readonly namespace: string;
  /** The metric's exact dimension set, e.g. `['ClusterName', 'ServiceName']`. */
  readonly dimensions: string[];
  readonly metricName: string;
  /** Dimension values every result must have, e.g. the cluster's name (tokens allowed). */
  readonly filters: Record<string, string>;
  readonly statistic: string;
  readonly period: Duration;
  /** Label of each line; CloudWatch dynamic labels such as `${PROP('Dim.ServiceName')}` name the line by its dimension. */
  readonly label: string;
}

/**
 * A `SEARCH()` expression: one line per metric that exists when the dashboard is opened, so
 * resources created after the dashboard (a new tenant's service or target group) show up without
 * changing it. CloudWatch returns at most 500 metrics per search.
 */
export function metricSearch(props: MetricSearchProps): cloudwatch.MathExpression {
  const schema = `{${[props.namespace, ...props.dimensions].join(',')}}`;
  const filters = [`MetricName="${props.metricName}"`, ...Object.entries(props.filters).map(([name, value]) => `${name}="${value}"`)];
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${schema} ${filters.join(' ')}', '${props.statistic}', ${props.period.toSeconds()})`,
    usingMetrics: {},
    period: props.period,
    label: props.label,
  });
}
