// L0 platform monitors of the example in Datadog (MON-03), deployed with the shared stack.
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  DatadogCompositeMonitor, DatadogConnection, DatadogDowntime, DatadogDowntimeSchedule, DatadogMonitor, DatadogMonitorType,
  MonitoredDatabase, Runbook,
} from '../../src';
import {
  DATABASE_ALARM_DEFAULTS, SERVICE_ALARM_DEFAULTS,
} from '../../src/monitoring/alarm-thresholds';

export interface PlatformMonitorsProps {
  readonly connection: DatadogConnection;
  readonly database: MonitoredDatabase;
  /** The `platform:<value>` tag on the platform's AWS resources, which the Datadog AWS integration imports. */
  readonly platformTag: string;
  /** Notification handles of L0 alerts (MON-05). */
  readonly notify: string;
}

/**
 * The L0 (platform) monitors: cluster CPU, load balancer 5XX, database CPU and connections, a
 * composite that pages only when the database is saturated on both signals, and the monthly
 * database maintenance window (DB-08: second Sunday 02:00–04:00 JST) muting the database monitors.
 */
export class PlatformMonitors extends Construct {
  public constructor(scope: Construct, id: string, props: PlatformMonitorsProps) {
    super(scope, id);
    const { connection } = props;
    const scopeTag = `platform:${props.platformTag}`;
    // MON-08: each monitor links the runbook section that handles the same condition; synth fails if it is missing.
    const message = (what: string, anchor: string) => `${what}\nRunbook: ${Runbook.linkFor(this, anchor)}\n${props.notify}`;
    const cloudWatchDelay = Duration.minutes(15);
    const service = SERVICE_ALARM_DEFAULTS;
    const db = DATABASE_ALARM_DEFAULTS;

    new DatadogMonitor(this, 'ClusterCpu', {
      connection,
      type: DatadogMonitorType.METRIC_ALERT,
      name: '[L0] ECS cluster CPU high',
      query: `avg(last_10m):avg:aws.ecs.cluster.cpuutilization{${scopeTag}} > ${service.cpuCriticalPercent}`,
      message: message('The ECS cluster is running out of CPU; tenants will slow down.', 'incident-levels'),
      thresholds: { critical: service.cpuCriticalPercent, warning: service.cpuWarningPercent },
      evaluationDelay: cloudWatchDelay,
      priority: 2,
      tags: ['level:l0', 'component:cluster'],
    });
    const fiveMinutes5xx = service.http5xxPerMinute * 5;
    new DatadogMonitor(this, 'LoadBalancer5xx', {
      connection,
      type: DatadogMonitorType.METRIC_ALERT,
      name: '[L0] Load balancer 5XX',
      query: `sum(last_5m):sum:aws.applicationelb.httpcode_elb_5xx{${scopeTag}}.as_count() > ${fiveMinutes5xx}`,
      message: message('The load balancers answer 5XX themselves: no healthy target or a platform fault.', 'alarm-platform-shard1-elb5xx'),
      thresholds: { critical: fiveMinutes5xx },
      evaluationDelay: cloudWatchDelay,
      priority: 1,
      tags: ['level:l0', 'component:load-balancer'],
    });
    const databaseCpu = new DatadogMonitor(this, 'DatabaseCpu', {
      connection,
      type: DatadogMonitorType.METRIC_ALERT,
      name: '[L0] Database CPU high',
      query: `avg(last_10m):avg:aws.rds.cpuutilization{${scopeTag}} > ${db.cpuCriticalPercent}`,
      message: message('The database CPU is high.', 'alarm-database-cpu-critical'),
      thresholds: { critical: db.cpuCriticalPercent, warning: db.cpuWarningPercent },
      evaluationDelay: cloudWatchDelay,
      tags: ['level:l0', 'component:database'],
    });
    const connectionsCritical = Math.floor(props.database.maxConnections * db.connectionsCriticalPercent / 100);
    const connectionsWarning = Math.floor(props.database.maxConnections * db.connectionsWarningPercent / 100);
    const databaseConnections = new DatadogMonitor(this, 'DatabaseConnections', {
      connection,
      type: DatadogMonitorType.METRIC_ALERT,
      name: '[L0] Database connections high',
      query: `avg(last_10m):avg:aws.rds.database_connections{${scopeTag}} > ${connectionsCritical}`,
      message: message(`The database holds more than ${db.connectionsCriticalPercent} % of its connections.`, 'database-connection'),
      thresholds: { critical: connectionsCritical, warning: connectionsWarning },
      evaluationDelay: cloudWatchDelay,
      tags: ['level:l0', 'component:database'],
    });
    new DatadogCompositeMonitor(this, 'DatabaseSaturated', {
      connection,
      name: '[L0] Database saturated (CPU and connections)',
      message: message('The database is saturated on CPU and connections: every tenant is affected.', 'database-connection'),
      expression: 'cpu && connections',
      monitors: { cpu: databaseCpu, connections: databaseConnections },
      priority: 1,
      tags: ['level:l0', 'component:database'],
    });
    new DatadogDowntime(this, 'DatabaseMaintenance', {
      connection,
      monitorTags: ['component:database', 'level:l0'],
      schedule: DatadogDowntimeSchedule.recurring({
        rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-12-13T02:00', duration: Duration.hours(2), timezone: 'Asia/Tokyo',
      }),
      message: 'Monthly database maintenance window (DB-08)',
      muteFirstRecoveryNotification: true,
    });
  }
}
