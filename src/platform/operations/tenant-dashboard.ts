import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { tenantServiceMetric } from '../tenant-metrics';

/** What a tenant's dashboard shows. */
export interface TenantDashboardProps {
  /** Its name, unique in the account and region (`<tenant stack>-operations`); a token lets CloudFormation name it. */
  readonly dashboardName: string;
  readonly tenantId: string;
  readonly hostHeader: string;
  readonly service: ecs.FargateService;
  /** The tenant's notifying alarms (MON-01): a graph per metric with every threshold on it. */
  readonly alarms: cloudwatch.IAlarm[];
  /** The alarms that roll a deployment back (ECS-03). */
  readonly deploymentAlarms: cloudwatch.IAlarm[];
  /** The platform's dashboard, linked from the header. */
  readonly platformDashboardName: string;
}

/**
 * One tenant's CloudWatch dashboard, in the tenant's stack (MON-05): the state of all its alarms,
 * then one graph per watched metric with the warning and critical thresholds drawn on it, and its
 * running tasks. It lives and dies with the tenant; the platform's dashboard shows all tenants side
 * by side.
 */
export class TenantDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  public constructor(scope: Construct, id: string, props: TenantDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: Token.isUnresolved(props.dashboardName) ? undefined : props.dashboardName,
      start: '-PT6H',
    });
    this.dashboard.addWidgets(new cloudwatch.TextWidget({
      markdown: `# Tenant ${props.tenantId} (https://${props.hostHeader})\n` +
        `Alarms, then each watched metric with its alarm thresholds. All tenants side by side: dashboard \`${props.platformDashboardName}\`.`,
      width: 24,
      height: 2,
    }));
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
      title: `Tenant ${props.tenantId}: alarms`, alarms: [...props.alarms, ...props.deploymentAlarms], width: 24, height: 4,
    }));
    const graphs = byMetric([...props.alarms, ...props.deploymentAlarms]).map(alarms => new cloudwatch.GraphWidget({
      title: titleOf(alarms[0]),
      left: [alarms[0].metric],
      leftAnnotations: alarms.map(a => a.toAnnotation()),
      width: 8,
      height: 6,
    }));
    graphs.push(new cloudwatch.GraphWidget({
      title: `Tenant ${props.tenantId}: running and desired tasks`,
      left: ['RunningTaskCount', 'DesiredTaskCount'].map(metricName =>
        tenantServiceMetric(props.service.cluster.clusterName, props.service.serviceName, metricName, { label: metricName })),
      width: 8,
      height: 6,
    }));
    for (let i = 0; i < graphs.length; i += 3) this.dashboard.addWidgets(...graphs.slice(i, i + 3));
  }
}

/** Alarms grouped by the metric they watch (a warning and a critical alarm share one), in order. */
function byMetric(alarms: cloudwatch.IAlarm[]): cloudwatch.Alarm[][] {
  const groups = new Map<cloudwatch.IMetric, cloudwatch.Alarm[]>();
  for (const alarm of alarms) {
    if (!(alarm instanceof cloudwatch.Alarm)) continue;
    groups.set(alarm.metric, [...groups.get(alarm.metric) ?? [], alarm]);
  }
  return [...groups.values()];
}

/** The alarm's name without its severity: `Tenant-acme-service-cpu`. */
function titleOf(alarm: cloudwatch.Alarm): string {
  const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
  return name && !Token.isUnresolved(name) ? name.replace(/-(warning|critical)$/, '') : alarm.node.id;
}
