import { Construct } from 'constructs';
import { MonitorScope } from './monitor-scope';
import { PlatformDatadogMonitors } from './platform-monitors';
import { createShardAlarms } from './shard-alarms';
import { SharedMonitorReference } from './shared-monitor-reference';
import { SharedCause } from './suppression-map';
import { suppressorExportKey, TenantAlarmSuppression } from './tenant-alarm-suppression';
import { AlarmFactory, AlarmSuppression } from '../../monitoring/alarm-factory';
import { IDatadogMonitor } from '../../monitoring/datadog/monitor-reference';
import type { PlatformContext } from '../platform-context';
import type { SharedValues } from '../shared-values';

const ALERTING = new WeakMap<PlatformContext, PlatformAlerting>();

/** The export (shared value) of the Datadog monitor level L2 monitor of `cause` on `shard`. */
function sharedCauseExportKey(shard: number, cause: SharedCause): string {
  return `Shard${shard}Datadog${cause}MonitorId`;
}

/**
 * The platform's part of the monitoring hierarchy (MON-03), made once with the platform: the monitor level L2
 * CloudWatch alarms of every ALB shard and, with Datadog, the monitor level L0/L2 monitors, downtime and
 * dashboard. Everything tenants refer to is exported up front, so a tenant's composites and
 * suppressed alarms import it and adding a tenant never changes the platform stack.
 */
export class PlatformAlerting {
  /** Builds the platform's part; `TenantPlatform` calls it once with its alarm factory and shared values. */
  public static addTo(platform: PlatformContext, factory: AlarmFactory, shared: SharedValues): PlatformAlerting {
    const hierarchy = new PlatformAlerting(platform, factory, shared);
    ALERTING.set(platform, hierarchy);
    return hierarchy;
  }

  /** The hierarchy of `platform`. */
  public static of(platform: PlatformContext): PlatformAlerting {
    const hierarchy = ALERTING.get(platform);
    if (!hierarchy) throw new Error(`${platform.node.path}: the platform's monitoring hierarchy is not built yet`);
    return hierarchy;
  }

  /** The platform's tag scope in Datadog; `undefined` without Datadog. */
  public readonly scope?: MonitorScope;
  /** The platform's Datadog monitors; `undefined` without Datadog. */
  public readonly datadog?: PlatformDatadogMonitors;

  private constructor(private readonly platform: PlatformContext, factory: AlarmFactory, shared: SharedValues) {
    const routing = platform._alarmRouting;
    platform._shardLoadBalancers.forEach((loadBalancer, i) => {
      const shard = i + 1;
      for (const [key, alarm] of createShardAlarms(platform, factory, routing, loadBalancer, shard).suppressors) {
        shared.export(suppressorExportKey(shard, key), alarm.alarmArn, `Alarm holding back tenant notifications on ALB shard ${shard} (MON-03)`);
      }
    });
    const datadog = platform._datadog;
    if (!datadog) return;
    this.scope = new MonitorScope({ platform: MonitorScope.platformTagValue(platform), env: datadog.env });
    this.datadog = new PlatformDatadogMonitors(platform, 'Datadog', platform, this.scope);
    for (const [shard, causes] of this.datadog.sharedCauses) {
      for (const [cause, monitor] of Object.entries(causes)) {
        shared.export(sharedCauseExportKey(shard, cause as SharedCause), monitor.monitorId, `Datadog L2 monitor ${cause} of ALB shard ${shard} (MON-03)`);
      }
    }
  }

  /** The suppression of the alarms of a tenant on `shard` (1-based), created in `tenant`'s stack. */
  public alarmSuppression(tenant: Construct, shard: number): AlarmSuppression {
    return new TenantAlarmSuppression(tenant, this.platform, shard);
  }

  /** The Datadog monitor level L2 monitor of `cause` on `shard` as `tenant`'s stack refers to it (imported by its export). */
  public sharedCauseMonitorIn(tenant: Construct, shard: number, cause: SharedCause): IDatadogMonitor {
    const monitor = this.requireDatadog().sharedCauses.get(shard)![cause];
    const key = sharedCauseExportKey(shard, cause);
    return this.platform._cached(tenant, key, () => new SharedMonitorReference(tenant, `Shard${shard}${cause}Monitor`, {
      identityId: monitor.identityId,
      monitorId: this.platform._value(tenant, key),
    }));
  }

  /** The runbook anchor of the Datadog monitor level L2 monitor of `cause` on `shard` (in the platform stack's runbook). */
  public sharedCauseAnchor(shard: number, cause: SharedCause): string {
    return this.requireDatadog().anchorOf(`Shard${shard}${cause}`);
  }

  private requireDatadog(): PlatformDatadogMonitors {
    if (!this.datadog) throw new Error(`${this.platform.node.path}: Datadog is not enabled on the platform (TenantPlatformProps.datadog)`);
    return this.datadog;
  }
}
