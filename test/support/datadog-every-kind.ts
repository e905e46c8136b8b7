import { Duration, Stack } from 'aws-cdk-lib';
import { addMonitors } from './datadog-app';
import {
  DatadogCompositeMonitor, DatadogConnection, DatadogDashboard, DatadogDashboardWidget as Widget, DatadogDowntime, DatadogDowntimeSchedule,
  DatadogMonitor, DatadogMonitorType, DatadogSlo, DatadogSyntheticsApiTest,
} from '../../src';

/**
 * Adds one resource of every kind and every body shape the constructs write: threshold, log and
 * service-check monitors (with and without optional options), composites, monitor and metric
 * SLOs, a synthetics API test, recurring, one-time and tag-scoped downtimes, and a dashboard.
 * `revision` changes a field of each, so deploying revision 1 after 0 updates every resource.
 */
export function addEveryKind(stack: Stack, connection: DatadogConnection, revision = 0) {
  const { cpu, tenantErrors } = addMonitors(stack, connection, { cpuCritical: 85 + revision });
  const check = new DatadogMonitor(stack, 'AlbCheck', {
    connection,
    type: DatadogMonitorType.SERVICE_CHECK,
    name: `[L2] ALB reachable${revision ? ' (rev)' : ''}`,
    query: '"http.can_connect".over("instance:alb").by("url").last(3).count_by_status()',
    message: 'ALB unreachable @slack-ops',
    priority: 2,
    notifyNoData: true,
    noDataTimeframe: Duration.minutes(10),
    escalationMessage: 'Still unreachable',
    newGroupDelay: Duration.minutes(5),
    requireFullWindow: true,
    includeTags: false,
    autoResolveAfter: Duration.hours(revision + 24),
  });
  new DatadogCompositeMonitor(stack, 'AlbDownNotCpu', {
    connection,
    name: '[L2] ALB unreachable while the cluster is healthy',
    message: `ALB down on its own${revision ? ' (rev)' : ''} @slack-ops`,
    expression: 'check && !cpu',
    monitors: { check, cpu },
    priority: 2,
    renotifyInterval: Duration.minutes(30),
  });
  const health = new DatadogSyntheticsApiTest(stack, 'AcmeHealth', {
    connection,
    name: `[L3] acme health${revision ? ' (rev)' : ''}`,
    url: 'https://acme.example.com/health',
    message: 'acme /health fails @slack-ops',
    maxResponseTime: Duration.seconds(1 + revision),
  });
  new DatadogSlo(stack, 'AcmeAvailability', { connection, name: 'acme availability', monitors: [health], target: 99.9 - revision / 10 });
  new DatadogSlo(stack, 'AcmeSuccessRate', {
    connection,
    name: 'acme success rate',
    description: `Share of 2xx${revision ? ' (rev)' : ''}`,
    numerator: 'sum:aws.applicationelb.httpcode_target_2xx{service:acme}.as_count()',
    denominator: 'sum:aws.applicationelb.request_count{service:acme}.as_count()',
    warning: 99.95,
    tags: ['tenant:acme'],
  });
  new DatadogDowntime(stack, 'DatabaseMaintenance', {
    connection,
    monitor: cpu,
    schedule: DatadogDowntimeSchedule.recurring({
      rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-12-13T02:00', duration: Duration.hours(2 + revision), timezone: 'Asia/Tokyo',
    }),
  });
  new DatadogDowntime(stack, 'Migration', {
    connection,
    monitorTags: ['team:platform'],
    scope: 'env:prod',
    message: `Data migration${revision ? ' (rev)' : ''}`,
    schedule: DatadogDowntimeSchedule.oneTime({ start: '2026-12-20T01:00', end: '2026-12-20T03:00', timezone: 'Asia/Tokyo' }),
  });
  new DatadogDashboard(stack, 'Dashboard', {
    connection,
    title: `Platform${revision ? ' (rev)' : ''}`,
    description: 'Tenants appear by their service tag.',
    templateVariables: [{ name: 'service' }],
    widgets: [
      Widget.note('**L0** platform'),
      Widget.group({
        title: 'Tenants',
        widgets: [Widget.timeseries({ title: 'CPU by tenant', queries: ['avg:aws.ecs.service.cpuutilization{$service} by {service}'] })],
      }),
      Widget.monitorSummary({ title: 'L3 monitors', query: 'tag:"level:l3"' }),
      Widget.queryValue({ title: 'Requests', query: 'sum:aws.applicationelb.request_count{*}.as_count()' }),
      Widget.toplist({ title: 'Requests by tenant', query: 'sum:aws.applicationelb.request_count{$service} by {service}.as_count()' }),
    ],
  });
  return { cpu, tenantErrors, check, health };
}
