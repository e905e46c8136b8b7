import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { datadogPlatform } from '../../support/datadog-platform';
import { database, tenant } from '../../support/platform';

/**
 * A dashboard body as CloudWatch gets it, with deploy-time values written `${Ref:Id}` /
 * `${GetAtt:Id.Attr}` / `${Ssm:ParameterName}` so tests can read the widgets.
 */
function dashboardBody(template: Template, name: string): any {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).find(d => d.Properties.DashboardName === name);
  if (!dashboard) throw new Error(`no dashboard ${name}`);
  const parameters = template.toJSON().Parameters ?? {};
  const text = (v: any): string => {
    if (typeof v === 'string') return v;
    if (v.Ref && parameters[v.Ref]?.Type === 'AWS::SSM::Parameter::Value<String>') return `\${Ssm:${parameters[v.Ref].Default}}`;
    if (v.Ref) return `\${Ref:${v.Ref}}`;
    if (v['Fn::GetAtt']) return `\${GetAtt:${v['Fn::GetAtt'].join('.')}}`;
    if (v['Fn::Join']) return v['Fn::Join'][1].map(text).join(v['Fn::Join'][0]);
    throw new Error(`unexpected ${JSON.stringify(v)}`);
  };
  return JSON.parse(text(dashboard.Properties.DashboardBody));
}

const titles = (body: any): string[] => body.widgets.map((w: any) => w.properties.title ?? w.properties.markdown?.split('\n')[0]).filter(Boolean);

describe('CloudWatch dashboards for the ops team', () => {
  const { platform, stack: shared } = datadogPlatform({ loadBalancerShards: 2 });
  database(platform);
  const acme = tenant(platform, 'acme', { loadBalancerShard: 1, dashboard: true });
  const bravo = tenant(platform, 'bravo', { loadBalancerShard: 2 });
  const sharedTemplate = Template.fromStack(shared);
  const body = dashboardBody(sharedTemplate, 'Shared-operations');
  const logicalId = (prefix: string, type: string) => Object.keys(sharedTemplate.findResources(type)).find(id => id.startsWith(prefix))!;

  test('MON-05: the platform dashboard has platform rows — ALB shards, WAF, cluster, NAT gateways, database — then the tenant rows', () => {
    expect(titles(body)).toEqual([
      '# Shared operations (production)', 'Platform alarms',
      'ALB shard 1: requests', 'ALB shard 1: 5XX', 'ALB shard 1: P99 response time (s)', 'ALB shard 1: connections',
      'ALB shard 2: requests', 'ALB shard 2: 5XX', 'ALB shard 2: P99 response time (s)', 'ALB shard 2: connections',
      'WAF: allowed and blocked requests', 'WAF: blocked requests by rule',
      'Cluster: CPU and memory %', 'Cluster: services and tasks',
      'NAT gateways: port allocation errors and dropped packets', 'NAT gateways: active connections',
      'Database shared-database: CPU %', 'Database shared-database: connections (max_connections 450)',
      'Database shared-database: free storage (bytes)', 'Database shared-database: latency (s)',
      '## Tenants',
      'Tenants: CPU % by service', 'Tenants: memory % by service', 'Tenants: running tasks by service',
      'Tenants on shard 1: requests', 'Tenants on shard 1: target 5XX', 'Tenants on shard 1: P99 response time (s)', 'Tenants on shard 1: healthy targets',
      'Tenants on shard 2: requests', 'Tenants on shard 2: target 5XX', 'Tenants on shard 2: P99 response time (s)', 'Tenants on shard 2: healthy targets',
    ]);
    const nat = body.widgets.find((w: any) => w.properties.title === 'NAT gateways: active connections').properties.metrics;
    expect(nat).toHaveLength(2); // one NAT gateway per AZ in production
  });

  test('MON-05: tenant rows are metric searches over the cluster\'s services and each shard\'s target groups, one line per tenant', () => {
    const metricsOf = (title: string) => body.widgets.find((w: any) => w.properties.title === title).properties.metrics;
    const cluster = logicalId('PlatformCluster', 'AWS::ECS::Cluster');
    expect(metricsOf('Tenants: CPU % by service')).toEqual([[{
      expression: `SEARCH('{AWS/ECS,ClusterName,ServiceName} MetricName="CPUUtilization" ClusterName="\${Ref:${cluster}}"', 'Average', 60)`,
      label: '${PROP(\'Dim.ServiceName\')}',
      period: 60,
    }]]);
    expect(metricsOf('Tenants: running tasks by service')[0][0].expression).toMatch(/^SEARCH\('\{ECS\/ContainerInsights,ClusterName,ServiceName\} MetricName="RunningTaskCount"/);
    [1, 2].forEach(shard => {
      const alb = logicalId(`PlatformLoadBalancer${shard}`, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(metricsOf(`Tenants on shard ${shard}: requests`)).toEqual([[{
        expression: `SEARCH('{AWS/ApplicationELB,LoadBalancer,TargetGroup} MetricName="RequestCount" LoadBalancer="\${GetAtt:${alb}.LoadBalancerFullName}"', 'Sum', 60)`,
        label: '${PROP(\'Dim.TargetGroup\')}',
        period: 60,
      }]]);
    });
    // Nothing in the platform's dashboard names a tenant.
    expect(JSON.stringify(body)).not.toMatch(/acme/);
  });

  test('MON-05: the tenant\'s own dashboard is in its stack: all its alarms, and each threshold drawn on its metric', () => {
    const tenantTemplate = Template.fromStack(Stack.of(acme));
    const tenantBody = dashboardBody(tenantTemplate, 'Tenant-acme-operations');
    const status = tenantBody.widgets.find((w: any) => w.type === 'alarm').properties;
    expect(status.alarms).toHaveLength(acme.alarms.length + acme.deploymentAlarms.length);
    const cpu = tenantBody.widgets.find((w: any) => w.properties.title === 'Tenant-acme-service-cpu').properties;
    expect(cpu.annotations.horizontal.map((a: any) => a.value)).toEqual([70, 85]);
    expect(cpu.metrics).toEqual([['AWS/ECS', 'CPUUtilization', 'ClusterName', '${Ssm:/cdk-tenant-platform/Shared-Platform/ClusterName}', 'ServiceName', expect.any(String), { period: 60 }]]);
    expect(titles(tenantBody)).toEqual(expect.arrayContaining(['Tenant-acme-service-latency-p99', 'Tenant-acme-service-error-rate', 'Tenant acme: running and desired tasks']));
    expect(titles(tenantBody)[0]).toBe('# Tenant acme (https://acme.example.com)');
  });

  test('MON-05: at defaults a tenant has no dashboard of its own (each costs $3 a month); the platform dashboard draws it', () => {
    Template.fromStack(Stack.of(bravo)).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    Template.fromStack(Stack.of(acme)).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // bravo's service and its target groups on shard 2 are lines of the platform's metric searches.
    expect(titles(body)).toEqual(expect.arrayContaining(['Tenants: CPU % by service', 'Tenants on shard 2: requests']));
  });
});
