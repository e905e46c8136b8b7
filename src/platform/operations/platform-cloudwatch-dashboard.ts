import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { metricSearch } from './metric-search';
import { DATABASE_SIGNALS, databaseMetric, DatabaseSignal } from '../database-metrics';
import type { DatabaseContext, PlatformContext } from '../platform-context';

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
/** CloudWatch dynamic labels: each search result is named by its dimension. */
const BY_SERVICE = '${PROP(\'Dim.ServiceName\')}';
const BY_TARGET_GROUP = '${PROP(\'Dim.TargetGroup\')}';

/**
 * The ops team's CloudWatch dashboard of a platform (MON-05), in the platform's stack: platform rows
 * (ALB shards, WAF, cluster, NAT gateways, database) and tenant rows drawn by metric searches
 * (`SEARCH()`), so a new tenant appears as one more line and the platform's template stays the same.
 * Why: README, "Dashboards (MON-05)".
 */
export class PlatformCloudWatchDashboard extends Construct {
  /** The dashboard's name, `<stack>-operations`. */
  public readonly dashboardName: string;
  private readonly platformRows: cloudwatch.IWidget[][] = [];
  private readonly databaseRows: cloudwatch.IWidget[][] = [];
  private readonly tenantRows: cloudwatch.IWidget[][] = [];

  public constructor(scope: Construct, id: string, private readonly platform: PlatformContext) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dashboardName = platformDashboardName(stack.stackName);
    new cloudwatch.CfnDashboard(this, 'Resource', {
      dashboardName: Token.isUnresolved(stack.stackName) ? undefined : this.dashboardName,
      // Rendered at synth: databases add their rows after the platform is built, above the tenant rows.
      dashboardBody: Lazy.string({ produce: () => this.render() }),
    });

    this.platformRows.push([new cloudwatch.TextWidget({ markdown: this.header(), width: 24, height: 4 })]);
    if (platform.alarms.length > 0) {
      this.platformRows.push([new cloudwatch.AlarmStatusWidget({ title: 'Platform alarms', alarms: platform.alarms, width: 24, height: 3 })]);
    }
    platform.loadBalancers.forEach((alb, i) => this.platformRows.push(loadBalancerRow(alb, i + 1)));
    this.platformRows.push(this.wafRow(), this.clusterRow(), this.natRow());
    this.tenantRows.push(
      [new cloudwatch.TextWidget({
        markdown: '## Tenants\nOne line per tenant: ECS services of the cluster and target groups of each ALB shard, found by metric search when the dashboard opens.',
        width: 24,
        height: 2,
      })],
      this.tenantServiceRow(),
      ...platform._shardLoadBalancers.map((alb, i) => tenantTargetGroupRow(alb, i + 1)),
    );
  }

  /** Adds the database's row: CPU, connections, free storage and latency (DB-06). */
  public addDatabase(database: DatabaseContext): void {
    // The identifier is a literal, so a database in another stack adds no cross-stack reference.
    const m = (signal: DatabaseSignal, label?: string) => databaseMetric(database.instanceIdentifier, signal, { label });
    const title = (what: string) => `Database ${database.instanceIdentifier}: ${what}`;
    this.databaseRows.push([
      graph(title('CPU %'), [m(DATABASE_SIGNALS.cpu)], 6),
      graph(title(`connections (max_connections ${database.maxConnections})`), [m(DATABASE_SIGNALS.connections)], 6, {
        leftAnnotations: [{ value: database.maxConnections, label: 'max_connections' }],
      }),
      graph(title('free storage (bytes)'), [m(DATABASE_SIGNALS.freeStorage)], 6),
      graph(title('latency (s)'), [m(DATABASE_SIGNALS.readLatency, 'read'), m(DATABASE_SIGNALS.writeLatency, 'write')], 6),
    ]);
  }

  private render(): string {
    const column = new cloudwatch.Column(...[...this.platformRows, ...this.databaseRows, ...this.tenantRows].map(row => new cloudwatch.Row(...row)));
    column.position(0, 0);
    return Stack.of(this).toJsonString({ start: '-PT6H', widgets: column.toJson() });
  }

  private header(): string {
    const p = this.platform;
    const runbooks = p.runbookBaseUrl ? ` Runbooks: [${p.runbookBaseUrl}](${p.runbookBaseUrl}).` : '';
    return `# ${Stack.of(this).stackName} operations (${p.environment})\n` +
      'Platform rows first, then the database, then the tenants. Tenant rows are metric searches: a tenant added later appears as a new line ' +
      'without a change to this dashboard. Each tenant stack has its own dashboard, `<tenant stack>-operations`.\n\n' +
      `Planned maintenance: ${p.maintenanceWindow} (alarm actions muted).${runbooks}`;
  }

  private wafRow(): cloudwatch.IWidget[] {
    const webAclMetric = Stack.of(this).resolve(this.platform.webAcl.visibilityConfig) as { metricName: string };
    const region = Stack.of(this).region;
    const m = (metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      statistic: 'Sum',
      period: FIVE_MINUTES,
      label: metricName,
      dimensionsMap: { WebACL: webAclMetric.metricName, Region: region, Rule: 'ALL' },
    });
    return [
      graph('WAF: allowed and blocked requests', [m('AllowedRequests'), m('BlockedRequests')], 12),
      graph('WAF: blocked requests by rule', [metricSearch({
        namespace: 'AWS/WAFV2',
        dimensions: ['Region', 'Rule', 'WebACL'],
        metricName: 'BlockedRequests',
        filters: { WebACL: webAclMetric.metricName },
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label: '${PROP(\'Dim.Rule\')}',
      })], 12),
    ];
  }

  private clusterRow(): cloudwatch.IWidget[] {
    const clusterName = this.platform.cluster.clusterName;
    const metric = (namespace: string, metricName: string, label: string) => new cloudwatch.Metric({
      namespace,
      metricName,
      statistic: 'Average',
      period: MINUTE,
      label,
      dimensionsMap: { ClusterName: clusterName },
    });
    const insights = (metricName: string) => metric('ECS/ContainerInsights', metricName, metricName);
    // The cluster's service-wide utilization, as ecs.Cluster's metricCpuUtilization()/metricMemoryUtilization() define it.
    const ecs = (metricName: string, label: string) => metric('AWS/ECS', metricName, label);
    return [
      graph('Cluster: CPU and memory %', [
        ecs('CPUUtilization', 'CPU'),
        ecs('MemoryUtilization', 'memory'),
      ], 12),
      graph('Cluster: services and tasks', [insights('ServiceCount'), insights('TaskCount')], 12),
    ];
  }

  private natRow(): cloudwatch.IWidget[] {
    const gateways = this.platform.vpc.node.findAll().filter((c): c is ec2.CfnNatGateway => c instanceof ec2.CfnNatGateway);
    const m = (gateway: ec2.CfnNatGateway, metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/NATGateway',
      metricName,
      statistic,
      period: FIVE_MINUTES,
      label: `${gateway.node.scope!.node.id} ${metricName}`,
      dimensionsMap: { NatGatewayId: gateway.ref },
    });
    return [
      graph('NAT gateways: port allocation errors and dropped packets', gateways.flatMap(g => [m(g, 'ErrorPortAllocation', 'Sum'), m(g, 'PacketsDropCount', 'Sum')]), 12),
      graph('NAT gateways: active connections', gateways.map(g => m(g, 'ActiveConnectionCount', 'Maximum')), 12),
    ];
  }

  private tenantServiceRow(): cloudwatch.IWidget[] {
    const clusterName = this.platform.cluster.clusterName;
    const ecsSearch = (namespace: string, metricName: string, statistic: string) => metricSearch({
      namespace, dimensions: ['ClusterName', 'ServiceName'], metricName, filters: { ClusterName: clusterName }, statistic, period: MINUTE, label: BY_SERVICE,
    });
    return [
      graph('Tenants: CPU % by service', [ecsSearch('AWS/ECS', 'CPUUtilization', 'Average')], 8),
      graph('Tenants: memory % by service', [ecsSearch('AWS/ECS', 'MemoryUtilization', 'Average')], 8),
      graph('Tenants: running tasks by service', [ecsSearch('ECS/ContainerInsights', 'RunningTaskCount', 'Average')], 8),
    ];
  }
}

function loadBalancerRow(alb: elbv2.IApplicationLoadBalancer, shard: number): cloudwatch.IWidget[] {
  const metrics = alb.metrics;
  const sum = { period: MINUTE, statistic: 'Sum' };
  return [
    graph(`ALB shard ${shard}: requests`, [metrics.requestCount({ ...sum, label: 'requests' })], 6),
    graph(`ALB shard ${shard}: 5XX`, [
      metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { ...sum, label: 'load balancer 5XX' }),
      metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { ...sum, label: 'target 5XX' }),
    ], 6),
    graph(`ALB shard ${shard}: P99 response time (s)`, [metrics.targetResponseTime({ period: MINUTE, statistic: 'p99', label: 'P99' })], 6),
    graph(`ALB shard ${shard}: connections`, [
      metrics.activeConnectionCount({ ...sum, label: 'active' }),
      metrics.rejectedConnectionCount({ ...sum, label: 'rejected' }),
    ], 6),
  ];
}

/** One line per tenant target group of the shard (blue/green tenants have two). */
function tenantTargetGroupRow(alb: elbv2.ApplicationLoadBalancer, shard: number): cloudwatch.IWidget[] {
  const search = (metricName: string, statistic: string) => metricSearch({
    namespace: 'AWS/ApplicationELB',
    dimensions: ['LoadBalancer', 'TargetGroup'],
    metricName,
    filters: { LoadBalancer: alb.loadBalancerFullName },
    statistic,
    period: MINUTE,
    label: BY_TARGET_GROUP,
  });
  return [
    graph(`Tenants on shard ${shard}: requests`, [search('RequestCount', 'Sum')], 6),
    graph(`Tenants on shard ${shard}: target 5XX`, [search('HTTPCode_Target_5XX_Count', 'Sum')], 6),
    graph(`Tenants on shard ${shard}: P99 response time (s)`, [search('TargetResponseTime', 'p99')], 6),
    graph(`Tenants on shard ${shard}: healthy targets`, [search('HealthyHostCount', 'Minimum')], 6),
  ];
}

function graph(title: string, left: cloudwatch.IMetric[], width: number, more: Partial<cloudwatch.GraphWidgetProps> = {}): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width, height: 6, ...more });
}

/** The name of the operations dashboard of the platform in stack `platformStackName`. */
export function platformDashboardName(platformStackName: string): string {
  return `${platformStackName}-operations`;
}
