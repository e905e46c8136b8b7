import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HierarchyMonitors, symptomTags, thresholdCondition } from './hierarchy-monitors';
import { monitorMessage } from './monitor-messages';
import { componentOf, MonitorLevel, MonitorScope, SHARD_TAG } from './monitor-scope';
import { cloudWatchWatches } from './paging';
import { PlatformAlerting } from './platform-alerting';
import { SHARED_CAUSES } from './shared-causes';
import { suppressionOf, SuppressionRule, TenantSymptom } from './suppression-map';
import { AlarmSeverity } from '../../core/severity';
import { alarmAnchor } from '../../monitoring/alarm-factory';
import { ServiceAlarmThresholds } from '../../monitoring/alarm-thresholds';
import { IDatadogMonitor } from '../../monitoring/datadog/monitor-reference';
import { DatadogMonitorType } from '../../monitoring/datadog/monitor-type';
import { DatadogSlo } from '../../monitoring/datadog/slo';
import { DatadogSyntheticsApiTest } from '../../monitoring/datadog/synthetics-api-test';
import { DatadogMonitorThresholds } from '../../monitoring/datadog/thresholds';
import { Runbook } from '../../runbooks/runbook';
import { RunbookLink } from '../../runbooks/runbook-section';
import type { PlatformContext, TenantContext } from '../platform-context';
import { TenantRunbookSection, tenantSectionAnchor } from '../runbooks/tenant-sections';

/** What the tenant's monitors need beyond the service itself. */
export interface TenantMonitoringProps {
  /** The tenant's resolved thresholds (MON-01 defaults with its `alarmThresholds` overrides). */
  readonly thresholds: Required<ServiceAlarmThresholds>;
  /** The tenant's lowest task count. */
  readonly minCapacity: number;
  /** The path the load balancer and the synthetics test check. */
  readonly healthCheckPath: string;
}

/** One monitor level L3 symptom watched by a threshold monitor. */
interface SymptomMonitor {
  readonly symptom: TenantSymptom;
  readonly type: DatadogMonitorType;
  readonly query: string;
  readonly thresholds: DatadogMonitorThresholds;
  readonly unit: string;
  readonly meaning: { ja: string; en: string };
}

/**
 * A tenant's Datadog monitoring (MON-03, MON-05, MON-08), in the tenant's stack: the monitor level L3 symptom
 * monitors (error rate, P99 latency, CPU, memory, running tasks) and the synthetics test of its
 * health check, none of which notifies by itself; for each, a composite `symptom && !(causes)`
 * over the shard's monitor level L2 monitors (from the suppression map) that notifies by severity; and a 99.9 %
 * availability SLO over 30 days. The tenant's AWS resources get the `service`, `env`, platform and
 * shard tags its queries filter on.
 */
export class TenantDatadogMonitors extends Construct {
  /** Adds the monitors to `service` when its platform has Datadog. */
  public static addTo(service: TenantContext, props: TenantMonitoringProps): TenantDatadogMonitors | undefined {
    return service.platform.datadogEnabled ? new TenantDatadogMonitors(service, 'Datadog', service, props) : undefined;
  }

  private constructor(scope: Construct, id: string, private readonly service: TenantContext, props: TenantMonitoringProps) {
    super(scope, id);
    const platform = builtPlatformOf(service);
    const hierarchy = PlatformAlerting.of(platform);
    const tenantId = service.tenantId;
    const shard = service.loadBalancerShard;
    const scopeOf = hierarchy.scope!.forTenant(tenantId, shard);
    scopeOf.tagResources(service);
    const monitors = new HierarchyMonitors(this, platform._datadog!, Stack.of(platform));
    const f = scopeOf.filter;
    const t = props.thresholds;
    const who = { ja: `テナント ${tenantId}`, en: `Tenant ${tenantId}` };
    const specs: SymptomMonitor[] = [
      {
        symptom: TenantSymptom.ERROR_RATE,
        type: DatadogMonitorType.QUERY_ALERT,
        query: `sum(last_5m):sum:aws.applicationelb.httpcode_target_5xx{${f}}.as_count() / sum:aws.applicationelb.request_count{${f}}.as_count() * 100 > ${t.errorRateCriticalPercent}`,
        thresholds: { critical: t.errorRateCriticalPercent, warning: t.errorRateWarningPercent },
        unit: ' %',
        meaning: { ja: `${who.ja} の 5XX エラー率が5分間でしきい値を超えました。`, en: `${who.en}'s 5XX error rate over 5 minutes crossed its threshold.` },
      },
      {
        symptom: TenantSymptom.LATENCY_P99,
        type: DatadogMonitorType.METRIC_ALERT,
        query: `avg(last_5m):max:aws.applicationelb.target_response_time.p99{${f}} > ${t.latencyP99CriticalMs / 1000}`,
        thresholds: { critical: t.latencyP99CriticalMs / 1000, warning: t.latencyP99WarningMs / 1000 },
        unit: ' s',
        meaning: { ja: `${who.ja} の P99 レスポンスタイムがしきい値を超えました。`, en: `${who.en}'s P99 response time crossed its threshold.` },
      },
      {
        symptom: TenantSymptom.CPU,
        type: DatadogMonitorType.METRIC_ALERT,
        query: `avg(last_5m):avg:aws.ecs.service.cpuutilization{${f}} > ${t.cpuCriticalPercent}`,
        thresholds: { critical: t.cpuCriticalPercent, warning: t.cpuWarningPercent },
        unit: ' %',
        meaning: { ja: `${who.ja} の CPU 使用率が高く、オートスケーリングがタスクを追加しているはずです。`, en: `${who.en}'s CPU is high; autoscaling should be adding tasks.` },
      },
      {
        symptom: TenantSymptom.MEMORY,
        type: DatadogMonitorType.METRIC_ALERT,
        query: `avg(last_5m):avg:aws.ecs.service.memory_utilization{${f}} > ${t.memoryCriticalPercent}`,
        thresholds: { critical: t.memoryCriticalPercent, warning: t.memoryWarningPercent },
        unit: ' %',
        meaning: { ja: `${who.ja} のメモリ使用率が高く、100% に近づくとタスクが停止します。`, en: `${who.en}'s memory is high; near 100 % tasks are killed.` },
      },
      {
        symptom: TenantSymptom.TASKS,
        type: DatadogMonitorType.METRIC_ALERT,
        query: `max(last_5m):min:aws.ecs.service.running{${f}} < ${props.minCapacity}`,
        thresholds: { critical: props.minCapacity },
        unit: '',
        meaning: {
          ja: `${who.ja} の実行中タスクが5分間、最小タスク数 ${props.minCapacity} を下回っています。`,
          en: `${who.en} has run fewer than its minimum of ${props.minCapacity} tasks for 5 minutes.`,
        },
      },
    ];

    for (const spec of specs) {
      const rule = suppressionOf(spec.symptom);
      const name = `[L3] ${tenantId}: ${rule.label.en}`;
      const severity = AlarmSeverity.CRITICAL;
      const monitor = monitors.monitor({
        id: spec.symptom,
        name,
        type: spec.type,
        query: spec.query,
        thresholds: spec.thresholds,
        severity,
        notifiesThrough: notificationName(name, shard),
        tags: scopeOf.monitorTags(MonitorLevel.TENANT, componentOf(spec.symptom)),
        meaning: spec.meaning,
        condition: thresholdCondition(spec.query, spec.thresholds, spec.unit),
        requirement: 'MON-03',
        watchedByCloudWatch: cloudWatchWatches(spec.symptom),
        ...this.suppressionText(rule, hierarchy, scopeOf, shard),
      });
      this.notify(monitors, rule, monitor, name, spec.thresholds.warning === undefined ? [severity] : [severity, AlarmSeverity.WARNING], scopeOf);
    }

    // The synthetics test of the health check (EDGE-04, MON-05): its monitor is the HEALTH_CHECK symptom.
    const health = suppressionOf(TenantSymptom.HEALTH_CHECK);
    const healthName = `[L3] ${tenantId}: ${health.label.en}`;
    const url = `${platform.httpsEnabled ? 'https' : 'http'}://${service.hostHeader}${props.healthCheckPath}`;
    const healthAnchor = monitors.anchorOf(TenantSymptom.HEALTH_CHECK);
    const healthMeaning = {
      ja: `${who.ja} の ${url} が Datadog Synthetics から見て 200 を返しません。`,
      en: `${url} of ${who.en.toLowerCase()} does not answer 200 to Datadog Synthetics.`,
    };
    const healthCheck = new DatadogSyntheticsApiTest(this, TenantSymptom.HEALTH_CHECK, {
      connection: monitors.connection,
      name: healthName,
      url,
      message: monitorMessage(healthMeaning.en, Runbook.linkFor(this, healthAnchor)),
      tags: scopeOf.monitorTags(MonitorLevel.TENANT, componentOf(TenantSymptom.HEALTH_CHECK)),
    });
    monitors.addSection({
      id: TenantSymptom.HEALTH_CHECK,
      name: healthName,
      tags: [],
      meaning: healthMeaning,
      condition: { ja: `GET ${url} が 200 以外 (5分ごと)`, en: `GET ${url} answers anything but 200 (every 5 minutes)` },
      requirement: 'MON-05',
      ...this.suppressionText(health, hierarchy, scopeOf, shard),
    }, {
      anchor: healthAnchor,
      lookupTags: symptomTags(scopeOf.monitorTags(MonitorLevel.TENANT, componentOf(TenantSymptom.HEALTH_CHECK))),
      severity: AlarmSeverity.CRITICAL,
      notifies: monitors.notifiedThrough(notificationName(healthName, shard)),
      watches: `GET ${url}`,
    });
    this.notify(monitors, health, healthCheck, healthName, [AlarmSeverity.CRITICAL], scopeOf);

    // MON-05: 99.9 % of requests without a 5XX over 30 days (a metric SLO needs no monitor).
    new DatadogSlo(this, 'Availability', {
      connection: monitors.connection,
      name: `[L3] ${tenantId}: availability`,
      description: `Requests of ${tenantId} answered without a 5XX (MON-05). Runbook: ${Runbook.linkFor(this, monitors.anchorOf(TenantSymptom.ERROR_RATE))}`,
      numerator: `sum:aws.applicationelb.request_count{${f}}.as_count() - sum:aws.applicationelb.httpcode_target_5xx{${f}}.as_count()`,
      denominator: `sum:aws.applicationelb.request_count{${f}}.as_count()`,
      tags: scopeOf.monitorTags(MonitorLevel.TENANT, 'availability'),
    });
  }

  /** The composite `symptom && !(causes)` that notifies for `monitor` (MON-03). */
  private notify(
    monitors: HierarchyMonitors, rule: SuppressionRule, monitor: IDatadogMonitor, name: string, severities: AlarmSeverity[], scope: MonitorScope,
  ): void {
    const hierarchy = PlatformAlerting.of(builtPlatformOf(this.service));
    const shard = this.service.loadBalancerShard;
    const causes = Object.fromEntries(rule.suppressedBy.map(c => [c.toLowerCase(), hierarchy.sharedCauseMonitorIn(this, shard, c)]));
    const keys = Object.keys(causes);
    monitors.composite({
      id: `${rule.symptom}Notification`,
      name: notificationName(name, shard),
      tags: scope.monitorTags(MonitorLevel.TENANT, componentOf(rule.symptom)),
      summary: `${name}, and no shared cause on ALB shard ${shard} explains it.`,
      expression: `symptom && !${keys.length > 1 ? `(${keys.join(' || ')})` : keys[0]}`,
      monitors: { symptom: monitor, ...causes },
      severities,
      anchor: monitors.anchorOf(rule.symptom),
      watchedByCloudWatch: cloudWatchWatches(rule.symptom),
    });
  }

  /** What a symptom's section says about its suppression, its CloudWatch twins and where to go on. */
  private suppressionText(rule: SuppressionRule, hierarchy: PlatformAlerting, scope: MonitorScope, shard: number) {
    const platformStack = Stack.of(builtPlatformOf(this.service));
    const causes = rule.suppressedBy.map(c => SHARED_CAUSES[c].title(shard));
    const tenant = (section: TenantRunbookSection, ja: string, en: string): RunbookLink =>
      ({ text: { ja, en }, anchor: tenantSectionAnchor(this.service.tenantId, section) });
    const notes = [{
      ja: `この L3 モニターは通知しません。複合モニターが、${causes.map(c => `「${c.ja}」`).join('または')}の L2 モニターが発報していないときだけ通知します (MON-03)。${rule.why.ja}`,
      en: `This L3 monitor does not notify by itself: its composite does, only while the L2 monitor${causes.length > 1 ? 's' : ''} ` +
        `${causes.map(c => `"${c.en}"`).join(' and ')} ${causes.length > 1 ? 'are' : 'is'} quiet (MON-03). ${rule.why.en}`,
    }];
    if (rule.cloudWatchAlarmIds.length > 0) {
      notes.push({
        ja: 'CloudWatch でも同じ症状をアラームで監視しています (下のリンク)。そちらの手順に AWS CLI での確認方法があります。',
        en: 'CloudWatch alarms watch the same symptom (linked below); their sections show how to check it with the AWS CLI.',
      });
    }
    return {
      notes,
      suppressorTags: `level:${MonitorLevel.SHARED_SERVICE},${SHARD_TAG}:${shard},${scope.platformTag}`,
      related: [
        ...rule.cloudWatchAlarmIds.map(id => ({ text: { ja: `CloudWatch アラーム ${id}`, en: `CloudWatch alarm ${id}` }, anchor: alarmAnchor(this.service, id) })),
        ...rule.suppressedBy.map(c => ({
          text: { ja: `L2: ${SHARED_CAUSES[c].title(shard).ja}`, en: `L2: ${SHARED_CAUSES[c].title(shard).en}` },
          anchor: hierarchy.sharedCauseAnchor(shard, c),
          stack: platformStack,
        })),
        tenant(TenantRunbookSection.TROUBLESHOOT, 'トラブルシューティング', 'Troubleshooting'),
        tenant(TenantRunbookSection.ROLLBACK, '手動ロールバック', 'Manual rollback'),
        tenant(TenantRunbookSection.SCALE_OUT, 'スケールアウト', 'Scaling out'),
      ],
    };
  }
}

/** The name of the composite that notifies for the monitor `name`. */
function notificationName(name: string, shard: number): string {
  return `${name} (notifies unless ALB shard ${shard} is failing)`;
}

/** The platform of `service` as built in this app: Datadog monitors need its hierarchy (an imported platform refuses Datadog). */
function builtPlatformOf(service: TenantContext): PlatformContext {
  const platform = service.platform._built;
  if (!platform) throw new Error(`${service.node.path}: Datadog monitors need the platform's Datadog hierarchy, which a platform imported by name does not have`);
  return platform;
}
