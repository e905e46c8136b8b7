import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** An `AWS/RDS` signal of the database and the statistic its alarms (DB-06) and dashboard read. */
export interface DatabaseSignal {
  readonly metricName: string;
  readonly statistic: string;
}

/** The database signals the alarms, the `metric*()` methods of `MonitoredDatabase` and the platform dashboard share. */
export const DATABASE_SIGNALS = {
  cpu: { metricName: 'CPUUtilization', statistic: 'Average' },
  connections: { metricName: 'DatabaseConnections', statistic: 'Maximum' },
  freeStorage: { metricName: 'FreeStorageSpace', statistic: 'Minimum' },
  freeableMemory: { metricName: 'FreeableMemory', statistic: 'Minimum' },
  readLatency: { metricName: 'ReadLatency', statistic: 'Average' },
  writeLatency: { metricName: 'WriteLatency', statistic: 'Average' },
} satisfies Record<string, DatabaseSignal>;

/**
 * `signal` of the instance `instanceIdentifier` over one minute; `options` override the period,
 * statistic, label... The identifier is a literal, so the metric can be used from any stack (a
 * tenant's, say) without a cross-stack reference to the database's stack.
 */
export function databaseMetric(instanceIdentifier: string, signal: DatabaseSignal, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/RDS',
    metricName: signal.metricName,
    statistic: signal.statistic,
    period: Duration.minutes(1),
    dimensionsMap: { DBInstanceIdentifier: instanceIdentifier },
  }).with(options);
}
