import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TenantDatadogMonitors } from './alerting/tenant-monitors';
import type { IMonitoredDatabase } from './imported-monitored-database';
import { addTenantOperations } from './operations/operations';
import type { ITenantPlatform } from './platform-context';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { wireTenantAlarms } from './tenant-alarm-wiring';
import { TenantDatabaseAuthentication, TenantDatabaseIdentity } from './tenant-database/tenant-database-identity';
import { routeTenantTraffic } from './tenant-load-balancing';
import { TENANT_SIGNALS, TenantTargetMetricSource, tenantServiceMetric, tenantTargetMetric } from './tenant-metrics';
import { importTenantPlatform } from './tenant-platform-imports';
import { addTenantRunbook } from './tenant-runbook-wiring';
import { scaleTenantService } from './tenant-scaling';
import { tenantServiceSettings } from './tenant-service-settings';
import { acknowledgeTenantTaskFindings, addTenantTask } from './tenant-task-definition';
import { acceptGeneratedInlinePolicies, acceptLogKeyFromAnotherStack, acceptLogRetention } from '../core/accepted-findings';


export * from './secure-tenant-service-props';


/**
 * One tenant of the platform, in its own stack (ECS-02..05, EDGE-04, MON-01): a Fargate service in
 * the platform's private subnets behind a host-header rule on an ALB shard, `/health` checks,
 * autoscaling on CPU and memory, circuit breaker and deployment alarms that roll back, secrets only
 * from Secrets Manager, a non-root read-only container, its own encrypted log group, and alarms
 * routed by severity. Adding or removing a tenant changes no other stack.
 */
export class SecureTenantService extends Construct implements ec2.IConnectable {
  public readonly tenantId: string;
  public readonly hostHeader: string;
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The target group serving traffic (blue, with blue/green). */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /**
   * The task's security group, default port the container port: `tenant.connections.allowDefaultPortFrom(peer)`
   * lets `peer` reach the tasks, `tenant.connections.allowTo(peer, port)` lets the tasks reach `peer`.
   * At creation only the tenant's ALB shard may reach them (NET-04).
   */
  public readonly connections: ec2.Connections;
  public readonly logGroup: logs.LogGroup;
  /** 1-based ALB shard the tenant is on. */
  public readonly loadBalancerShard: number;
  public readonly listenerRulePriority: number;
  /**
   * The MON-01 alarms. Warnings notify by themselves; critical ones notify through the tenant's one
   * composite alarm, which the tenant's ALB shard's shared causes suppress (MON-03; see the
   * suppression map in the README).
   */
  public readonly alarms: cloudwatch.IAlarm[];
  /** Alarms that roll a deployment back (ECS-03). */
  public readonly deploymentAlarms: cloudwatch.IAlarm[];
  /** The platform the tenant runs on. */
  public readonly platform: ITenantPlatform;
  /** The tenant's own database role and schema, with `database`. */
  public readonly databaseIdentity?: TenantDatabaseIdentity;
  /** The load balancer and target groups the `metric*()` methods and the alarms read. */
  private readonly targetMetrics: TenantTargetMetricSource;
  private readonly database?: IMonitoredDatabase;

  public constructor(scope: Construct, id: string, props: SecureTenantServiceProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const platform = props.platform;
    this.platform = platform;
    // Every prop is checked here, and all problems thrown at once, before any resource exists.
    const settings = tenantServiceSettings(this, props);
    const { datadog, minCapacity, maxCapacity, containerPort, logRetention, deployment } = settings;
    this.tenantId = props.tenantId;
    this.hostHeader = props.hostHeader;
    this.loadBalancerShard = settings.loadBalancerShard;
    this.listenerRulePriority = settings.listenerRulePriority;
    platform._tenants.register({
      tenantId: props.tenantId,
      path: this.node.path,
      hostHeaders: [props.hostHeader],
      shard: this.loadBalancerShard - 1,
      priority: this.listenerRulePriority,
      targetGroups: deployment.isBlueGreen ? 2 : 1,
    });
    const { vpc, cluster, platformKey, albSecurityGroupId, listener } = importTenantPlatform(this, platform, this.loadBalancerShard);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Tenant ${props.tenantId}: from its ALB shard on port ${containerPort} only`,
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(ec2.Peer.securityGroupId(albSecurityGroupId), ec2.Port.tcp(containerPort), `ALB shard ${this.loadBalancerShard} (NET-04)`);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(containerPort) });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logRetention,
      encryptionKey: platformKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acceptLogRetention(this.logGroup, logRetention);
    acceptLogKeyFromAnotherStack(this.logGroup, platformKey);

    this.database = props.database;
    const task = addTenantTask(this, props, settings, this.logGroup, this.securityGroup);
    this.taskDefinition = task.taskDefinition;
    this.databaseIdentity = task.databaseIdentity;
    const targetGroups = routeTenantTraffic(this, {
      vpc,
      listener,
      hostHeader: props.hostHeader,
      listenerRulePriority: this.listenerRulePriority,
      containerPort,
      healthCheckPath: settings.healthCheckPath,
      blueGreen: deployment.isBlueGreen,
    });
    this.targetGroup = targetGroups.targetGroup;

    this.service = new ecs.FargateService(this, 'Resource', {
      cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: minCapacity,
      assignPublicIp: false,
      vpcSubnets: { subnets: vpc.privateSubnets },
      securityGroups: [this.securityGroup],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      ...(deployment.isBlueGreen
        ? { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } }
        : { circuitBreaker: { enable: true, rollback: true } }),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    this.service.attachToApplicationTargetGroup(this.targetGroup);
    // The service starts once its database role exists, and stops before the role is retired.
    if (this.databaseIdentity) this.service.node.addDependency(this.databaseIdentity);

    const wiring = wireTenantAlarms(this, {
      ...targetGroups,
      platform,
      tenantId: props.tenantId,
      loadBalancerShard: this.loadBalancerShard,
      listener,
      service: this.service,
      thresholds: settings.thresholds,
      minCapacity,
      deployment,
    });
    this.targetMetrics = wiring.targetMetrics;
    this.alarms = wiring.alarms;
    this.deploymentAlarms = wiring.deploymentAlarms;
    const blueGreenDeploymentGroup = wiring.blueGreenDeploymentGroup;
    scaleTenantService(this, props, {
      platform,
      service: this.service,
      taskDefinition: this.taskDefinition,
      minCapacity,
      maxCapacity,
      alarms: wiring.alarms,
      blueGreenDeploymentGroup,
    });

    acknowledgeTenantTaskFindings(this.taskDefinition);
    addTenantRunbook(this, { targetGroup: this.targetGroup, database: props.database, minCapacity, maxCapacity, blueGreenDeploymentGroup });
    TenantDatadogMonitors.addTo(this, { thresholds: settings.thresholds, minCapacity, healthCheckPath: settings.healthCheckPath });
    addTenantOperations(this, datadog, props.dashboard ?? false);
  }

  /**
   * Requests the tenant's target group(s) received (`AWS/ApplicationELB` `RequestCount`): by default
   * the sum over one minute, as the MON-01 error-rate alarms read it. With blue/green, the sum over
   * both target groups.
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return tenantTargetMetric(this.targetMetrics, TENANT_SIGNALS.requestCount, props);
  }

  /**
   * 5XX responses of the tenant's tasks (`HTTPCode_Target_5XX_Count`; the load balancer's own 5XX are
   * the shard's): by default the sum over one minute, as the MON-01 5XX alarm reads it.
   */
  public metricHttp5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return tenantTargetMetric(this.targetMetrics, TENANT_SIGNALS.http5xxCount, props);
  }

  /**
   * Response time of the tenant's tasks in seconds (`TargetResponseTime`): by default the p99 over
   * one minute, as the MON-01 and ECS-03 latency alarms read it. With blue/green, the larger of the two
   * target groups.
   */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return tenantTargetMetric(this.targetMetrics, TENANT_SIGNALS.responseTimeP99, props);
  }

  /**
   * Running tasks of the service (Container Insights `RunningTaskCount`): by default the average
   * over one minute, as the tenant's dashboard graphs it.
   */
  public metricRunningTaskCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return tenantServiceMetric(this.service.cluster.clusterName, this.service.serviceName, 'RunningTaskCount', props);
  }

  /**
   * Lets `grantee` (a migration job, an operator's role...) sign in to the database as this tenant's
   * PostgreSQL role and no other, with IAM authentication (DB-05). The tenant needs `database` and
   * `TenantDatabaseAuthentication.IAM`; with PASSWORD, grant read of `databaseIdentity.passwordSecret` instead.
   */
  public grantDatabaseConnect(grantee: iam.IGrantable): iam.Grant {
    const identity = this.databaseIdentity;
    if (!this.database || !identity) {
      throw new Error(`${this.node.path}: grantDatabaseConnect needs the tenant's database; set database to a MonitoredDatabase (or MonitoredDatabase.fromDatabaseName)`);
    }
    if (identity.authentication !== TenantDatabaseAuthentication.IAM) {
      throw new Error(`${this.node.path}: grantDatabaseConnect needs databaseAuthentication IAM, got ${identity.authentication}; ` +
        'grant read of databaseIdentity.passwordSecret instead');
    }
    return this.database.grantConnect(grantee, identity.roleName);
  }
}
