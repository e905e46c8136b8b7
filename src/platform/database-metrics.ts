import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PropValidation } from '../core/validation';

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

/** PostgreSQL role names `rds-db:connect` may name: an identifier, no wildcard (`*`, `?`) or path. */
const DB_USER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/**
 * Grants `grantee` IAM authentication to the database as `dbUser` only (DB-05): `rds-db:connect` on
 * `arn:<partition>:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<dbUser>`. `resourceIdIn` gives
 * the instance's `DbiResourceId` as the stack of the policy must refer to it.
 */
export function grantDatabaseConnect(
  database: Construct, grantee: iam.IGrantable, dbUser: string, resourceIdIn: (scope: Construct) => string,
): iam.Grant {
  new PropValidation(database.node.path).matches('dbUser', dbUser, DB_USER, 'one PostgreSQL role name, without wildcards');
  // The statement lands in the principal's policy, so the ARN must resolve in the principal's stack.
  const principal = grantee.grantPrincipal;
  const scope = Construct.isConstruct(principal) ? principal : Construct.isConstruct(grantee) ? grantee : database;
  const resourceArn = Stack.of(scope).formatArn({
    service: 'rds-db',
    resource: 'dbuser',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    resourceName: `${resourceIdIn(scope)}/${dbUser}`,
  });
  return iam.Grant.addToPrincipal({ grantee, actions: ['rds-db:connect'], resourceArns: [resourceArn] });
}
