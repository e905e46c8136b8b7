import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HierarchyMonitors, thresholdCondition } from './hierarchy-monitors';
import { MonitorLevel } from './monitor-scope';
import { PLATFORM_MONITOR_DEFAULTS } from './monitor-thresholds';
import { DATABASE_TWIN_PAIRS } from './paging';
import { PlatformAlerting } from './platform-alerting';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { alarmAnchor, alarmPairIds } from '../../monitoring/alarm-factory';
import { DatabaseAlarmThresholds } from '../../monitoring/alarm-thresholds';
import { DatadogMonitorType } from '../../monitoring/datadog/monitor-type';
import { DatadogMonitorThresholds } from '../../monitoring/datadog/thresholds';
import { RunbookLink } from '../../runbooks/runbook-section';
import type { DatabaseContext } from '../platform-context';

/** What the database's monitors need beyond the database itself. */
export interface DatabaseMonitoringProps {
  /** The database's resolved thresholds (DB-06 defaults with its `alarmThresholds` overrides). */
  readonly thresholds: Required<DatabaseAlarmThresholds>;
  /** Storage at creation, in GiB: the free-storage thresholds are percentages of it, as for the alarms. */
  readonly allocatedStorageGiB: number;
}

/** One monitor of the database. */
interface DatabaseMonitorSpec {
  readonly id: string;
  readonly what: string;
  readonly type: DatadogMonitorType;
  readonly query: string;
  readonly thresholds: DatadogMonitorThresholds;
  readonly unit: string;
  readonly meaning: LocalizedText;
}

/**
 * The database's monitor level L0 Datadog monitors (MON-03, DB-06), in the database's stack: CPU 70/85 %,
 * connections 80/90 % of `max_connections`, free storage 30/10 %, and the lag of any read replica
 * of the platform (DR-01's 5-minute RPO). Each links its section, which links the CloudWatch
 * alarms of the same signal.
 */
export class DatabaseDatadogMonitors extends Construct {
  /** Adds the monitors to `database` when its platform has Datadog. */
  public static addTo(database: DatabaseContext, props: DatabaseMonitoringProps): DatabaseDatadogMonitors | undefined {
    return database._platform.datadogEnabled ? new DatabaseDatadogMonitors(database, 'Datadog', database, props) : undefined;
  }

  private constructor(scope: Construct, id: string, database: DatabaseContext, props: DatabaseMonitoringProps) {
    super(scope, id);
    const platform = database._platform;
    const platformScope = PlatformAlerting.of(platform).scope!;
    platformScope.tagResources(database);
    const monitors = new HierarchyMonitors(this, platform._datadog!, Stack.of(platform));
    const t = props.thresholds;
    const d = PLATFORM_MONITOR_DEFAULTS;
    const db = `dbinstanceidentifier:${database.instanceIdentifier}`;
    const gib = 1024 ** 3;
    const freeBytes = (percent: number) => Math.floor(props.allocatedStorageGiB * gib * percent / 100);
    const connections = (percent: number) => Math.floor(database.maxConnections * percent / 100);
    // The CloudWatch alarm pair watching the same signal, if any (DATABASE_TWIN_PAIRS).
    const twins = (pair: string): RunbookLink[] => (DATABASE_TWIN_PAIRS.includes(pair) ? alarmPairIds(pair) : []).map(alarm => ({
      text: { ja: `CloudWatch アラーム ${alarm}`, en: `CloudWatch alarm ${alarm}` }, anchor: alarmAnchor(database, alarm),
    }));
    const specs: DatabaseMonitorSpec[] = [
      {
        id: 'Cpu',
        what: 'CPU',
        type: DatadogMonitorType.METRIC_ALERT,
        query: `avg(last_5m):avg:aws.rds.cpuutilization{${db}} > ${t.cpuCriticalPercent}`,
        thresholds: { critical: t.cpuCriticalPercent, warning: t.cpuWarningPercent },
        unit: ' %',
        meaning: { ja: 'データベースの CPU 使用率が高く、全テナントが遅くなります。', en: 'The database CPU is high; every tenant slows down.' },
      },
      {
        id: 'Connections',
        what: 'connections',
        type: DatadogMonitorType.METRIC_ALERT,
        query: `avg(last_5m):max:aws.rds.database_connections{${db}} > ${connections(t.connectionsCriticalPercent)}`,
        thresholds: { critical: connections(t.connectionsCriticalPercent), warning: connections(t.connectionsWarningPercent) },
        unit: ` (of max_connections ${database.maxConnections})`,
        meaning: {
          ja: `接続数が max_connections (${database.maxConnections}) の ${t.connectionsWarningPercent} % / ${t.connectionsCriticalPercent} % を超えました。`,
          en: `Connections above ${t.connectionsWarningPercent} % / ${t.connectionsCriticalPercent} % of max_connections (${database.maxConnections}).`,
        },
      },
      {
        id: 'FreeStorage',
        what: 'free storage',
        type: DatadogMonitorType.METRIC_ALERT,
        query: `min(last_5m):min:aws.rds.free_storage_space{${db}} < ${freeBytes(t.freeStorageCriticalPercent)}`,
        thresholds: { critical: freeBytes(t.freeStorageCriticalPercent), warning: freeBytes(t.freeStorageWarningPercent) },
        unit: ' bytes',
        meaning: {
          ja: `空きストレージが ${props.allocatedStorageGiB} GiB の ${t.freeStorageWarningPercent} % / ${t.freeStorageCriticalPercent} % を下回りました (DB-07)。`,
          en: `Free storage below ${t.freeStorageWarningPercent} % / ${t.freeStorageCriticalPercent} % of ${props.allocatedStorageGiB} GiB (DB-07).`,
        },
      },
      {
        id: 'ReplicaLag',
        what: 'replica lag',
        type: DatadogMonitorType.METRIC_ALERT,
        // Replicas (DR-03) have their own identifiers: any replica carrying the platform tag.
        query: `max(last_5m):max:aws.rds.replica_lag{${platformScope.filter}} by {dbinstanceidentifier} > ${d.replicaLagCriticalSeconds}`,
        thresholds: { critical: d.replicaLagCriticalSeconds, warning: d.replicaLagWarningSeconds },
        unit: ' s',
        meaning: {
          ja: 'リードレプリカの遅延が DR-01 の RPO (5分) に近づいています。この間にレプリカを昇格するとデータを失います。',
          en: 'A read replica lags towards the database\'s RPO of DR-01 (5 minutes); promoting it now would lose data.',
        },
      },
    ];
    for (const spec of specs) {
      monitors.monitor({
        id: spec.id,
        name: `[L0] ${database.instanceIdentifier}: database ${spec.what}`,
        type: spec.type,
        query: spec.query,
        thresholds: spec.thresholds,
        severity: AlarmSeverity.CRITICAL,
        tags: platformScope.monitorTags(MonitorLevel.PLATFORM, 'database'),
        meaning: spec.meaning,
        condition: thresholdCondition(spec.query, spec.thresholds, spec.unit),
        requirement: 'DB-06',
        related: twins(spec.id),
        watchedByCloudWatch: DATABASE_TWIN_PAIRS.includes(spec.id),
      });
    }
  }
}
