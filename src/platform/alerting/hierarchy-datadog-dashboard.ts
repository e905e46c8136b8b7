import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MonitorLevel, MonitorScope, SHARD_TAG } from './monitor-scope';
import { DatadogConnection } from '../../monitoring/datadog/connection';
import { DatadogDashboard } from '../../monitoring/datadog/dashboard';
import { DatadogDashboardWidget as Widget } from '../../monitoring/datadog/dashboard-widget';
import type { PlatformContext } from '../platform-context';

/** Props of `HierarchyDatadogDashboard`. */
export interface HierarchyDatadogDashboardProps {
  readonly connection: DatadogConnection;
  readonly platform: PlatformContext;
  /** The platform's tag scope. */
  readonly scope: MonitorScope;
}

/**
 * The platform's Datadog dashboard (MON-05): one row per level. Tenant widgets group by the
 * `service` tag (the tenant id every tenant's AWS resources carry), so a tenant's lines appear when
 * its stack is deployed and its metrics arrive — the platform stack's template never lists
 * tenants. The `service` template variable narrows every tenant widget to one tenant.
 */
export class HierarchyDatadogDashboard extends Construct {
  public constructor(scope: Construct, id: string, props: HierarchyDatadogDashboardProps) {
    super(scope, id);
    const p = props.scope.filter;
    const tenants = `${p},$service`;
    const monitors = (level: MonitorLevel) => `tag:"${props.scope.platformTag}" tag:"level:${level}"`;
    const name = Stack.of(props.platform).stackName;
    new DatadogDashboard(this, 'Resource', {
      connection: props.connection,
      title: `${name}: platform, shared services and tenants`,
      description: `Monitoring hierarchy of ${name} (MON-03): L0 platform, L2 shared services per ALB shard, L3 tenants. ` +
        'Tenant rows group by the `service` tag, so new tenants appear without changing this dashboard.',
      templateVariables: [{ name: 'service', prefix: 'service', defaultValue: '*' }],
      widgets: [
        Widget.group({
          title: 'L0 platform',
          widgets: [
            Widget.monitorSummary({ title: 'L0 monitors', query: monitors(MonitorLevel.PLATFORM) }),
            Widget.timeseries({
              title: 'Requests and load balancer 5XX',
              queries: [`sum:aws.applicationelb.request_count{${p}} by {loadbalancer}.as_count()`, `sum:aws.applicationelb.httpcode_elb_5xx{${p}} by {loadbalancer}.as_count()`],
            }),
            Widget.timeseries({
              title: 'ECS cluster CPU and memory (%)',
              queries: [`avg:aws.ecs.cluster.cpuutilization{${p}}`, `avg:aws.ecs.cluster.memory_utilization{${p}}`],
            }),
            Widget.timeseries({
              title: 'Database CPU (%) and connections',
              queries: [`avg:aws.rds.cpuutilization{${p}} by {dbinstanceidentifier}`, `max:aws.rds.database_connections{${p}} by {dbinstanceidentifier}`],
            }),
          ],
        }),
        Widget.group({
          title: 'L2 shared services per ALB shard',
          widgets: [
            Widget.monitorSummary({ title: 'L2 monitors (an alerting one holds back its tenants\' notifications)', query: monitors(MonitorLevel.SHARED_SERVICE) }),
            Widget.timeseries({ title: 'P99 latency (s) by shard', queries: [`avg:aws.applicationelb.target_response_time.p99{${p}} by {${SHARD_TAG}}`] }),
            Widget.timeseries({ title: 'Healthy targets by shard', queries: [`sum:aws.applicationelb.healthy_host_count{${p}} by {${SHARD_TAG}}`] }),
          ],
        }),
        Widget.group({
          title: 'L3 tenants (one line per tenant, by the service tag)',
          widgets: [
            Widget.monitorSummary({ title: 'L3 monitors and their composites', query: monitors(MonitorLevel.TENANT) }),
            Widget.toplist({
              title: 'Error rate (%) by tenant',
              query: `sum:aws.applicationelb.httpcode_target_5xx{${tenants}} by {service}.as_count() / sum:aws.applicationelb.request_count{${tenants}} by {service}.as_count() * 100`,
            }),
            Widget.timeseries({ title: 'P99 latency (s) by tenant', queries: [`max:aws.applicationelb.target_response_time.p99{${tenants}} by {service}`] }),
            Widget.timeseries({ title: 'CPU (%) by tenant', queries: [`avg:aws.ecs.service.cpuutilization{${tenants}} by {service}`] }),
            Widget.timeseries({ title: 'Memory (%) by tenant', queries: [`avg:aws.ecs.service.memory_utilization{${tenants}} by {service}`] }),
            Widget.timeseries({ title: 'Running tasks by tenant', queries: [`min:aws.ecs.service.running{${tenants}} by {service}`] }),
          ],
        }),
      ],
    });
  }
}
