import { Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HierarchyDatadogDashboard } from './hierarchy-datadog-dashboard';
import { HierarchyMonitors, thresholdCondition } from './hierarchy-monitors';
import { componentOf, MonitorLevel, MonitorScope, SHARD_TAG } from './monitor-scope';
import { PLATFORM_MONITOR_DEFAULTS } from './monitor-thresholds';
import { SHARED_CAUSES } from './shared-causes';
import { SharedCause, symptomsHeldBy } from './suppression-map';
import { AlarmSeverity } from '../../core/severity';
import { alarmAnchor } from '../../monitoring/alarm-factory';
import { SERVICE_ALARM_DEFAULTS } from '../../monitoring/alarm-thresholds';
import { DatadogDowntime, DatadogDowntimeSchedule } from '../../monitoring/datadog/downtime';
import { DatadogMonitor } from '../../monitoring/datadog/monitor';
import { DatadogMonitorType } from '../../monitoring/datadog/monitor-type';
import { MaintenanceWeekday, MaintenanceWindow } from '../../monitoring/maintenance-window';
import { RunbookLink } from '../../runbooks/runbook-section';
import type { PlatformContext } from '../platform-context';

/**
 * The platform's Datadog monitors (MON-03, MON-05, MON-07): monitor level L0 monitors of the load balancers,
 * cluster, NAT gateways and WAF; the monitor level L2 shared-service monitors of each ALB shard (the causes that
 * suppress tenant symptoms); the maintenance-window downtime; the platform dashboard. Created once
 * with the platform: adding a tenant changes none of it.
 */
export class PlatformDatadogMonitors extends Construct {
  /** The monitor level L2 monitors of each shard (1-based), by cause. */
  public readonly sharedCauses = new Map<number, Record<SharedCause, DatadogMonitor>>();
  private readonly monitors: HierarchyMonitors;

  public constructor(scope: Construct, id: string, platform: PlatformContext, platformScope: MonitorScope) {
    super(scope, id);
    const monitors = new HierarchyMonitors(this, platform._datadog!, Stack.of(platform));
    this.monitors = monitors;
    platformScope.tagResources(platform);
    platform.loadBalancers.forEach((loadBalancer, i) => Tags.of(loadBalancer).add(SHARD_TAG, String(i + 1)));

    this.addPlatformMonitors(monitors, platform, platformScope);
    platform.loadBalancers.forEach((_, i) => {
      const shard = i + 1;
      this.sharedCauses.set(shard, this.addSharedCauseMonitors(monitors, platform, platformScope.forShard(shard), shard));
    });

    const window = platform.maintenanceWindow;
    new DatadogDowntime(this, 'MaintenanceWindow', {
      connection: monitors.connection,
      // Every monitor of the platform, its database and its tenants carries the platform tag.
      monitorTags: [platformScope.platformTag],
      schedule: DatadogDowntimeSchedule.recurring({
        rrule: window.rrule, start: firstOccurrence(window), duration: window.duration, timezone: window.timezone,
      }),
      message: `Planned maintenance window: ${window} (MON-07)`,
      muteFirstRecoveryNotification: true,
    });
    new HierarchyDatadogDashboard(this, 'Dashboard', { connection: monitors.connection, platform, scope: platformScope });
  }

  /** The runbook anchor of monitor `id` of the platform. */
  public anchorOf(id: string): string {
    return this.monitors.anchorOf(id);
  }

  /** Monitor level L0: the platform's own components. */
  private addPlatformMonitors(monitors: HierarchyMonitors, platform: PlatformContext, scope: MonitorScope): void {
    const p = scope.filter;
    const t = SERVICE_ALARM_DEFAULTS;
    const d = PLATFORM_MONITOR_DEFAULTS;
    const name = (what: string) => `[L0] ${Stack.of(platform).stackName}: ${what}`;
    const shardTwins = (alarm: string, ja: string, en: string): RunbookLink[] => platform.loadBalancers.map((_, i) => ({
      text: { ja: `CloudWatch: ALB シャード ${i + 1} の${ja}`, en: `CloudWatch: ALB shard ${i + 1} ${en}` },
      anchor: alarmAnchor(platform, `Shard${i + 1}${alarm}`),
    }));
    const elb5xx = t.http5xxPerMinute * 5;
    const webAcl = `webacl:${Stack.of(platform).stackName.toLowerCase()}-web-acl`;
    const specs = [
      {
        id: 'LoadBalancer5xx',
        component: 'load-balancer',
        type: DatadogMonitorType.QUERY_ALERT,
        severity: AlarmSeverity.CRITICAL,
        what: 'load balancer 5XX',
        query: `sum(last_5m):sum:aws.applicationelb.httpcode_elb_5xx{${p}} by {loadbalancer}.as_count() > ${elb5xx}`,
        thresholds: { critical: elb5xx },
        meaning: {
          ja: `ロードバランサー自身が5分間に ${elb5xx} 件を超える 5XX を返しました (正常なターゲットがない、またはロードバランサーの障害)。`,
          en: `A load balancer itself returned more than ${elb5xx} 5XX responses in 5 minutes (no healthy target, or the load balancer is failing).`,
        },
        related: shardTwins('Elb5xx', 'ロードバランサーの 5XX', 'load balancer 5XX'),
        // The shards' Elb5xx alarms watch the same condition (DATADOG_TWINS.platform).
        watchedByCloudWatch: true,
      },
      {
        id: 'LoadBalancerRejectedConnections',
        component: 'load-balancer',
        type: DatadogMonitorType.QUERY_ALERT,
        severity: AlarmSeverity.WARNING,
        what: 'load balancer rejected connections',
        query: `sum(last_5m):sum:aws.applicationelb.rejected_connection_count{${p}} by {loadbalancer}.as_count() > 0`,
        thresholds: { critical: 0 },
        meaning: { ja: 'ロードバランサーが接続数の上限に達し、接続を拒否しました。', en: 'A load balancer reached its connection limit and rejected connections.' },
        related: shardTwins('RejectedConnections', '拒否された接続', 'rejected connections'),
      },
      {
        id: 'ClusterCpu',
        component: 'cluster',
        type: DatadogMonitorType.METRIC_ALERT,
        severity: AlarmSeverity.CRITICAL,
        what: 'ECS cluster CPU',
        query: `avg(last_10m):avg:aws.ecs.cluster.cpuutilization{${p}} > ${t.cpuCriticalPercent}`,
        thresholds: { critical: t.cpuCriticalPercent, warning: t.cpuWarningPercent },
        unit: ' %',
        meaning: { ja: 'ECS クラスタ全体の CPU 使用率が高く、全テナントが遅くなります。', en: 'The ECS cluster as a whole runs out of CPU; every tenant slows down.' },
      },
      {
        id: 'ClusterMemory',
        component: 'cluster',
        type: DatadogMonitorType.METRIC_ALERT,
        severity: AlarmSeverity.CRITICAL,
        what: 'ECS cluster memory',
        query: `avg(last_10m):avg:aws.ecs.cluster.memory_utilization{${p}} > ${t.memoryCriticalPercent}`,
        thresholds: { critical: t.memoryCriticalPercent, warning: t.memoryWarningPercent },
        unit: ' %',
        meaning: { ja: 'ECS クラスタ全体のメモリ使用率が高く、タスクがメモリ不足で停止します。', en: 'The ECS cluster as a whole runs out of memory; tasks are killed.' },
      },
      {
        id: 'NatPortAllocationErrors',
        component: 'nat',
        type: DatadogMonitorType.QUERY_ALERT,
        severity: AlarmSeverity.WARNING,
        what: 'NAT gateway port allocation errors',
        query: `sum(last_5m):sum:aws.natgateway.error_port_allocation{${p}}.as_count() > ${d.natPortAllocationErrors}`,
        thresholds: { critical: d.natPortAllocationErrors },
        meaning: {
          ja: 'NAT ゲートウェイが送信元ポートを割り当てられず、テナントの外部への接続が失敗しています。',
          en: 'A NAT gateway could not allocate a source port: outbound connections of tenants fail.',
        },
      },
      {
        id: 'WafBlockedRequests',
        component: 'waf',
        type: DatadogMonitorType.QUERY_ALERT,
        severity: AlarmSeverity.WARNING,
        what: 'WAF blocked-request spike',
        query: `sum(last_5m):sum:aws.wafv2.blocked_requests{${webAcl},rule:all}.as_count() > ${d.wafBlockedRequestsPer5Minutes}`,
        thresholds: { critical: d.wafBlockedRequestsPer5Minutes },
        meaning: {
          ja: `WAF が5分間に ${d.wafBlockedRequestsPer5Minutes} 件を超えるリクエストをブロックしました (攻撃の可能性)。`,
          en: `The WAF blocked more than ${d.wafBlockedRequestsPer5Minutes} requests in 5 minutes: an attack is likely in progress.`,
        },
      },
    ];
    for (const spec of specs) {
      monitors.monitor({
        id: spec.id,
        name: name(spec.what),
        type: spec.type,
        query: spec.query,
        thresholds: spec.thresholds,
        severity: spec.severity,
        tags: scope.monitorTags(MonitorLevel.PLATFORM, spec.component),
        meaning: spec.meaning,
        condition: thresholdCondition(spec.query, spec.thresholds, spec.unit),
        requirement: 'MON-03',
        related: spec.related,
        watchedByCloudWatch: spec.watchedByCloudWatch,
      });
    }
  }

  /** Monitor level L2: the causes of one shard, each paging by itself. */
  private addSharedCauseMonitors(
    monitors: HierarchyMonitors, platform: PlatformContext, scope: MonitorScope, shard: number,
  ): Record<SharedCause, DatadogMonitor> {
    const made = {} as Record<SharedCause, DatadogMonitor>;
    for (const cause of Object.values(SHARED_CAUSES)) {
      const query = cause.datadogQuery(scope);
      const title = cause.title(shard);
      made[cause.cause] = monitors.monitor({
        id: `Shard${shard}${cause.cause}`,
        name: `[L2] ${Stack.of(platform).stackName}: ${title.en}`,
        type: cause.datadogType,
        query,
        thresholds: { critical: cause.threshold },
        severity: AlarmSeverity.CRITICAL,
        tags: scope.monitorTags(MonitorLevel.SHARED_SERVICE, componentOf(cause.cause)),
        meaning: cause.summary(shard),
        condition: thresholdCondition(query, { critical: cause.threshold }),
        notes: [{
          ja: `この L2 モニターが発報中は、シャード ${shard} の全テナントの${symptomsHeldBy(cause.cause).ja}の通知が抑止されます (MON-03)。`,
          en: `While this L2 monitor alerts, the ${symptomsHeldBy(cause.cause).en} notifications of every tenant on shard ${shard} are held back (MON-03).`,
        }],
        requirement: 'MON-03',
        related: [{ text: { ja: `CloudWatch: ${title.ja}`, en: `CloudWatch: ${title.en}` }, anchor: alarmAnchor(platform, `Shard${shard}${cause.cause}`) }],
        priority: 1,
        // The shard's CloudWatch alarm of the same cause is its twin (DATADOG_TWINS.platform).
        watchedByCloudWatch: true,
      });
    }
    return made;
  }
}

const WEEKDAYS: MaintenanceWeekday[] = [
  MaintenanceWeekday.SUNDAY, MaintenanceWeekday.MONDAY, MaintenanceWeekday.TUESDAY, MaintenanceWeekday.WEDNESDAY,
  MaintenanceWeekday.THURSDAY, MaintenanceWeekday.FRIDAY, MaintenanceWeekday.SATURDAY,
];

/**
 * The window's occurrence in January 2026, local time: the first of the downtime's series. A fixed
 * month keeps the template the same on every synth; the rule repeats it every month after.
 */
export function firstOccurrence(window: MaintenanceWindow): string {
  const firstWeekday = new Date(Date.UTC(2026, 0, 1)).getUTCDay();
  const day = 1 + (WEEKDAYS.indexOf(window.weekday) - firstWeekday + 7) % 7 + (window.week - 1) * 7;
  return `2026-01-${String(day).padStart(2, '0')}T${window.startTime}`;
}
