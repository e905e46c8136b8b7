import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MaintenanceWeekday, MaintenanceWindow, PlatformEnvironment } from '../../../src';
import { SERVICE_ALARM_DEFAULTS } from '../../../src/monitoring/alarm-thresholds';
import { parseDefinition } from '../../../src/monitoring/datadog/model/desired-resource';
import { database, platformStack, tenant, withDatadog } from '../../support/platform';

/** The Datadog definitions of a template, by construct path below the stack. */
function datadogOf(template: Template): Map<string, any> {
  const all = Object.values(template.toJSON().Resources as Record<string, any>).filter(r => String(r.Type).startsWith('Custom::Datadog'));
  return new Map(all.map(r => {
    const d = parseDefinition(r.Properties.Definition);
    return [d.identity.path.split('/').slice(1).join('/'), d.body];
  }));
}

describe('MON-03: L0 and L2 monitors come with the platform and its database', () => {
  const app = new App();
  const { stack, platform } = platformStack(withDatadog({ loadBalancerShards: 2 }), app);
  const db = database(platform, { maxConnections: 200 });
  const shared = datadogOf(Template.fromStack(stack));

  test('L0: load balancers, cluster CPU and memory, NAT, WAF, and the database at the catalogue\'s thresholds', () => {
    const levels = [...shared.values()].filter(b => b.tags).map(b => b.tags.find((t: string) => t.startsWith('level:')));
    expect(levels.filter(l => l === 'level:l0')).toHaveLength(10);
    expect(shared.get('Platform/Datadog/ClusterCpu')).toMatchObject({
      query: 'avg(last_10m):avg:aws.ecs.cluster.cpuutilization{tenant-platform:shared-platform} > 85', options: { thresholds: { critical: 85, warning: 70 } },
    });
    expect(shared.get('Platform/Datadog/WafBlockedRequests').query).toBe('sum(last_5m):sum:aws.wafv2.blocked_requests{webacl:shared-web-acl,rule:all}.as_count() > 1000');
    expect(shared.get('Database/Datadog/Cpu').options.thresholds).toEqual({ critical: 85, warning: 70 });
    expect(shared.get('Database/Datadog/Connections')).toMatchObject({
      query: `avg(last_5m):max:aws.rds.database_connections{dbinstanceidentifier:${db.instanceIdentifier}} > 180`,
      options: { thresholds: { critical: 180, warning: 160 } },
    });
    const gib = 1024 ** 3;
    expect(shared.get('Database/Datadog/FreeStorage').options.thresholds).toEqual({ critical: Math.floor(100 * gib * 0.1), warning: Math.floor(100 * gib * 0.3) });
    expect(shared.get('Database/Datadog/ReplicaLag').options.thresholds).toEqual({ critical: 300, warning: 60 });
  });

  test('L2: the ALB 5XX rate, P99 latency and healthy targets of each shard, scoped by the shard tag, paging by themselves', () => {
    for (const shard of [1, 2]) {
      const scope = `tenant-platform:shared-platform,alb-shard:${shard}`;
      expect(shared.get(`Platform/Datadog/Shard${shard}ErrorRate`).query).toBe(
        `sum(last_5m):(sum:aws.applicationelb.httpcode_elb_5xx{${scope}}.as_count() + sum:aws.applicationelb.httpcode_target_5xx{${scope}}.as_count()) ` +
        `/ sum:aws.applicationelb.request_count{${scope}}.as_count() * 100 > ${SERVICE_ALARM_DEFAULTS.errorRateCriticalPercent}`);
      expect(shared.get(`Platform/Datadog/Shard${shard}LatencyP99`).query).toBe(`avg(last_5m):avg:aws.applicationelb.target_response_time.p99{${scope}} > 1`);
      expect(shared.get(`Platform/Datadog/Shard${shard}NoHealthyTargets`).query).toBe(`max(last_5m):max:aws.applicationelb.healthy_host_count{${scope}} < 1`);
      expect(shared.get(`Platform/Datadog/Shard${shard}ErrorRate`).tags).toEqual(expect.arrayContaining(['level:l2', `alb-shard:${shard}`, 'env:production']));
      expect(shared.get(`Platform/Datadog/Shard${shard}ErrorRate`).message).toContain('{{#is_alert}}@pagerduty-platform{{/is_alert}}');
    }
    // The load balancers carry the tags the queries filter on (imported by the Datadog AWS integration).
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Tags: [{ Key: 'alb-shard', Value: '2' }, { Key: 'env', Value: 'production' }, { Key: 'tenant-platform', Value: 'Shared-Platform' }],
    });
  });

  test('MON-07: one recurring downtime mutes every monitor of the platform during its maintenance window', () => {
    expect(shared.get('Platform/Datadog/MaintenanceWindow')).toMatchObject({
      monitor_identifier: { monitor_tags: ['tenant-platform:shared-platform'] },
      schedule: { recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-01-11T02:00', duration: '2h' }], timezone: 'Asia/Tokyo' },
      mute_first_recovery_notification: true,
    });
  });

  test('MON-05: one dashboard whose tenant widgets group by the service tag, so no tenant is listed in it', () => {
    const dashboard = shared.get('Platform/Datadog/Dashboard/Resource');
    const text = JSON.stringify(dashboard.widgets);
    expect(text).toContain('by {service}');
    expect(text).toContain('{tenant-platform:shared-platform,$service}');
    expect(dashboard.template_variables).toEqual([{ name: 'service', prefix: 'service', defaults: ['*'] }]);
  });
});

describe('MON-03, MON-05: L3 monitors, SLO and synthetics test per tenant', () => {
  test('the tenant\'s thresholds (alarmThresholds overrides included) and minimum task count set its monitors', () => {
    const { platform } = platformStack(withDatadog());
    const service = tenant(platform, 'acme', { alarmThresholds: { cpuWarningPercent: 60, latencyP99CriticalMs: 2000 }, minCapacity: 3 });
    const monitors = datadogOf(Template.fromStack(Stack.of(service)));
    const scope = 'tenant-platform:shared-platform,service:acme';
    expect(monitors.get('Service/Datadog/Cpu')).toMatchObject({ query: `avg(last_5m):avg:aws.ecs.service.cpuutilization{${scope}} > 85`, options: { thresholds: { critical: 85, warning: 60 } } });
    expect(monitors.get('Service/Datadog/LatencyP99')).toMatchObject({ query: `avg(last_5m):max:aws.applicationelb.target_response_time.p99{${scope}} > 2`, options: { thresholds: { critical: 2, warning: 0.5 } } });
    expect(monitors.get('Service/Datadog/ErrorRate').options.thresholds).toEqual({ critical: 1, warning: 0.1 });
    expect(monitors.get('Service/Datadog/Memory').options.thresholds).toEqual({ critical: 90, warning: 80 });
    expect(monitors.get('Service/Datadog/Tasks').query).toBe(`max(last_5m):min:aws.ecs.service.running{${scope}} < 3`);
    expect(monitors.get('Service/Datadog/Cpu').tags).toEqual(expect.arrayContaining(['level:l3', 'component:cpu', 'service:acme', 'tenant:acme', 'env:production', 'alb-shard:1']));
    expect(monitors.get('Service/Datadog/Availability')).toMatchObject({
      type: 'metric',
      thresholds: [{ timeframe: '30d', target: 99.9 }],
      query: { denominator: `sum:aws.applicationelb.request_count{${scope}}.as_count()` },
    });
    expect(monitors.get('Service/Datadog/HealthCheck').config.request.url).toBe('https://acme.example.com/health');
    // The tenant's AWS resources carry the tags its queries filter on.
    Template.fromStack(Stack.of(service)).hasResourceProperties('AWS::ECS::Service', {
      Tags: Match.arrayWith([
        { Key: 'alb-shard', Value: '1' }, { Key: 'env', Value: 'production' }, { Key: 'service', Value: 'acme' }, { Key: 'tenant-platform', Value: 'Shared-Platform' },
      ]),
    });
  });

  test('without a certificate (DEVELOPMENT) the health check is plain http, on the tenant\'s health check path; env follows the profile', () => {
    const { platform } = platformStack(withDatadog({ environment: PlatformEnvironment.DEVELOPMENT }));
    const service = tenant(platform, 'acme', { healthCheckPath: '/healthz' });
    const monitors = datadogOf(Template.fromStack(Stack.of(service)));
    expect(monitors.get('Service/Datadog/HealthCheck').config.request.url).toBe('http://acme.example.com/healthz');
    expect(monitors.get('Service/Datadog/Cpu').tags).toContain('env:development');
  });
});

test('MON-07: a custom maintenance window becomes the downtime\'s first occurrence and rule', () => {
  const window = MaintenanceWindow.monthly({ week: 1, weekday: MaintenanceWeekday.SATURDAY, startTime: '23:00', duration: Duration.minutes(30), timezone: 'UTC' });
  const { stack } = platformStack(withDatadog({ maintenanceWindow: window }));
  expect(datadogOf(Template.fromStack(stack)).get('Platform/Datadog/MaintenanceWindow').schedule)
    .toEqual({ recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=1SA', start: '2026-01-03T23:00', duration: '30m' }], timezone: 'UTC' });
});

test('Datadog off: no Datadog resource anywhere, the CloudWatch hierarchy (L2 alarms, suppressed tenant alarms) stays', () => {
  const app = new App();
  const { stack, platform } = platformStack({}, app);
  database(platform);
  const service = tenant(platform, 'acme');
  for (const s of [stack, Stack.of(service)]) {
    expect(datadogOf(Template.fromStack(s)).size).toBe(0);
    expect(JSON.stringify(Template.fromStack(s).toJSON())).not.toContain('"alb-shard"');
  }
  // Shard 1's "5XX rate or no healthy targets" and "any shared cause" suppressors; the tenant's one notifying composite.
  Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
  Template.fromStack(Stack.of(service)).resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
});
