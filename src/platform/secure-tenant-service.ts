import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DATADOG_TWINS } from './alerting/paging';
import { TenantAlarmSuppression } from './alerting/tenant-alarm-suppression';
import { TenantDatadogMonitors } from './alerting/tenant-monitors';
import { checkPlainEnvironment, checkSecretsManagerOnly } from './container-settings';
import { TenantDatadogSidecars } from './datadog-sidecars';
import { fargateSizeProblem } from './fargate-sizes';
import { checkHostHeader } from './host-header';
import type { IMonitoredDatabase } from './imported-monitored-database';
import { addTenantOperations } from './operations/operations';
import type { ITenantPlatform } from './platform-context';
import { automationDocumentPrefix } from './platform-parameters';
import { TenantServiceRunbookSections } from './runbooks/tenant-sections';
import { grantDecryptThroughSecretsManager } from './secret-keys';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { createTenantAlarms } from './tenant-alarms';
import { databaseHostSecret } from './tenant-database/database-connection';
import { TenantDatabaseAuthentication, TenantDatabaseIdentity } from './tenant-database/tenant-database-identity';
import { TenantDeployment } from './tenant-deployment';
import { TenantDeploymentAutomation } from './tenant-deployment-automation';
import { TENANT_SIGNALS, TenantTargetMetricSource, tenantServiceMetric, tenantTargetMetric } from './tenant-metrics';
import { defaultShard, listenerPriority } from './tenant-placement';
import { acceptGeneratedInlinePolicies, acceptLogKeyFromAnotherStack, acceptLogRetention } from '../core/accepted-findings';
import { AlarmSeverity } from '../core/severity';
import { PropValidation } from '../core/validation';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { resolveThresholds, SERVICE_ALARM_DEFAULTS } from '../monitoring/alarm-thresholds';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { ResourceLookup } from '../runbooks/resource-lookup';
import { DeploymentTopology } from '../runbooks/runbook';
import { TenantServiceAutomation } from '../runbooks/tenant-service-automation';


export * from './secure-tenant-service-props';


const TENANT_ID = /^[a-z][a-z0-9-]{1,30}$/;

/** What a tenant's task gets from `SecureTenantServiceProps.database`. */
interface TenantDatabaseConnection {
  readonly identity: TenantDatabaseIdentity;
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
  /** Keys of the injected secrets, for the execution role. */
  readonly secretKeys: kms.IKey[];
}

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
    const check: PropValidation = new PropValidation(this.node.path);
    const platform = props.platform;
    const profile = platform.profile;
    this.platform = platform;

    check.matches('tenantId', props.tenantId, TENANT_ID, 'lower-case letters, digits and hyphens, 2 to 31 characters, starting with a letter');
    checkHostHeader(check, props.hostHeader);
    this.tenantId = props.tenantId;
    this.hostHeader = props.hostHeader;
    const datadog = new TenantDatadogSidecars(this, platform, props.tenantId, props, check);
    const { cpu, memoryLimitMiB } = datadog.taskSize(props.cpu, props.memoryLimitMiB);
    const sizeProblem = fargateSizeProblem(cpu, memoryLimitMiB);
    if (sizeProblem) check.fail('cpu/memoryLimitMiB', `${cpu}/${memoryLimitMiB}`, `is not a Fargate size: ${sizeProblem}`);
    const minCapacity = props.minCapacity ?? profile.minCapacity;
    const maxCapacity = props.maxCapacity ?? Math.max(profile.maxCapacity, minCapacity);
    check.integerBetween('minCapacity', minCapacity, profile.minCapacityFloor, 1000);
    check.integerBetween('maxCapacity', maxCapacity, 1, 1000);
    if (minCapacity > maxCapacity) check.fail('minCapacity', minCapacity, `must not exceed maxCapacity (${maxCapacity})`);
    const containerPort = props.containerPort ?? 8080;
    check.integerBetween('containerPort', containerPort, 1, 65535);
    check.integerBetween('cpuTargetUtilizationPercent', props.cpuTargetUtilizationPercent, 10, 95);
    check.integerBetween('memoryTargetUtilizationPercent', props.memoryTargetUtilizationPercent, 10, 95);
    const healthCheckPath = props.healthCheckPath ?? '/health';
    check.matches('healthCheckPath', healthCheckPath, /^\/[\x21-\x7e]*$/, 'a path starting with /');
    const logRetention = props.logRetention ?? platform.logRetention;
    if (logRetention !== logs.RetentionDays.INFINITE && logRetention < profile.minLogRetentionDays) {
      check.fail('logRetention', logRetention, `days is below the ${profile.minLogRetentionDays}-day floor of ${profile.environment} (LOG-01)`);
    }
    const userEnvironment = props.environment ?? {};
    checkPlainEnvironment(check, userEnvironment);
    checkSecretsManagerOnly(this, check, props.secrets ?? {});
    const thresholds = resolveThresholds(check, 'alarmThresholds', SERVICE_ALARM_DEFAULTS, props.alarmThresholds, [
      ['cpuWarningPercent', 'cpuCriticalPercent', 'above'],
      ['memoryWarningPercent', 'memoryCriticalPercent', 'above'],
      ['latencyP99WarningMs', 'latencyP99CriticalMs', 'above'],
      ['errorRateWarningPercent', 'errorRateCriticalPercent', 'above'],
    ]);
    const deployment = props.deployment ?? TenantDeployment.rolling();

    const shardCount = platform.loadBalancerShardCount;
    check.integerBetween('loadBalancerShard', props.loadBalancerShard, 1, shardCount);
    this.loadBalancerShard = props.loadBalancerShard ?? defaultShard(props.tenantId, shardCount) + 1;
    check.integerBetween('listenerRulePriority', props.listenerRulePriority, 1, 50_000);
    this.listenerRulePriority = props.listenerRulePriority ?? listenerPriority(props.tenantId);
    platform._tenants.register({
      tenantId: props.tenantId,
      path: this.node.path,
      hostHeaders: [props.hostHeader],
      shard: this.loadBalancerShard - 1,
      priority: this.listenerRulePriority,
      targetGroups: deployment.isBlueGreen ? 2 : 1,
    });

    // Platform resources as this stack refers to them (stable exports, see SharedValues).
    const value = (key: string) => platform._value(this, key);
    const shard = `Shard${this.loadBalancerShard}`;
    const vpc = platform._vpcIn(this);
    const cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', { clusterName: value('ClusterName'), vpc });
    const platformKey = platform._keyIn(this);
    const albSecurityGroupId = value(`${shard}SecurityGroupId`);
    const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(this, 'Listener', {
      listenerArn: value(`${shard}ListenerArn`),
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(this, 'LoadBalancerSecurityGroup', albSecurityGroupId, { mutable: false }),
    });

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

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const secrets: Record<string, ecs.Secret> = { ...props.secrets };
    const secretKeys = [...props.secretEncryptionKeys ?? []];
    const databaseEnvironment: Record<string, string> = {};
    this.database = props.database;
    if (props.database) {
      const connection = this.connectDatabase(props.database, props);
      this.databaseIdentity = connection.identity;
      Object.assign(databaseEnvironment, connection.environment);
      Object.assign(secrets, connection.secrets);
      secretKeys.push(...connection.secretKeys);
    }
    // ECS-05: the execution role can decrypt every secret it injects.
    grantDecryptThroughSecretsManager(this.taskDefinition.obtainExecutionRole(), secretKeys);
    const readonlyRoot = props.readonlyRootFilesystem ?? true;
    const container = this.taskDefinition.addContainer('App', {
      image: props.image,
      essential: true,
      portMappings: [{ containerPort, name: 'http' }],
      environment: {
        TENANT_ID: props.tenantId,
        PLATFORM_ENVIRONMENT: profile.environment,
        // LOG-02: JSON structured logs, DEBUG only outside production.
        LOG_FORMAT: 'json',
        LOG_LEVEL: profile.environment === 'production' ? 'info' : 'debug',
        ...userEnvironment,
        ...databaseEnvironment,
      },
      secrets,
      memoryLimitMiB: datadog.applicationMemoryLimitMiB(memoryLimitMiB),
      user: props.user ?? '1000:1000',
      readonlyRootFilesystem: readonlyRoot,
      logging: datadog.applicationLogging(this.logGroup),
    });
    if (readonlyRoot) {
      (props.writablePaths ?? ['/tmp']).forEach((containerPath, i) => {
        const sourceVolume = `scratch-${i}`;
        this.taskDefinition.addVolume({ name: sourceVolume });
        container.addMountPoints({ containerPath, sourceVolume, readOnly: false });
      });
    }
    datadog.addTo(this.taskDefinition, container, this.logGroup);

    const targetGroup = (targetGroupId: string) => new elbv2.ApplicationTargetGroup(this, targetGroupId, {
      vpc,
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    this.targetGroup = targetGroup('TargetGroup');
    const greenTargetGroup = deployment.isBlueGreen ? targetGroup('GreenTargetGroup') : undefined;
    new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
      listener,
      priority: this.listenerRulePriority,
      conditions: [elbv2.ListenerCondition.hostHeaders([props.hostHeader])],
      targetGroups: [this.targetGroup],
    });

    const subnets = { subnets: vpc.privateSubnets };
    this.service = new ecs.FargateService(this, 'Resource', {
      cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: minCapacity,
      assignPublicIp: false,
      vpcSubnets: subnets,
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

    const suppression = new TenantAlarmSuppression(this, platform, this.loadBalancerShard);
    const factory = new AlarmFactory(this, platform._alarmRouting, suppression, platform._pagingOf(DATADOG_TWINS.tenant));
    this.targetMetrics = {
      loadBalancerFullName: value(`${shard}FullName`),
      targetGroupFullNames: [this.targetGroup, ...greenTargetGroup ? [greenTargetGroup] : []].map(tg => tg.targetGroupFullName),
    };
    const tenantAlarms = createTenantAlarms(factory, {
      ...this.targetMetrics, service: this.service, tenantId: props.tenantId,
    }, thresholds, minCapacity);
    this.alarms = tenantAlarms.alarms;
    this.deploymentAlarms = tenantAlarms.deploymentAlarms;

    let blueGreenDeploymentGroup: codedeploy.EcsDeploymentGroup | undefined;
    if (greenTargetGroup) {
      blueGreenDeploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'BlueGreen', {
        service: this.service,
        deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
        blueGreenDeploymentConfig: {
          listener,
          blueTargetGroup: this.targetGroup,
          greenTargetGroup,
          terminationWaitTime: deployment.blueGreenOptions!.bakeTime ?? Duration.minutes(5),
        },
        alarms: tenantAlarms.deploymentAlarms,
        autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
      });
    } else {
      this.service.enableDeploymentAlarms(tenantAlarms.deploymentAlarms.map(a => factory.nameOf(a)), {
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      });
    }

    const scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity });
    const cooldown = props.scalingCooldown ?? Duration.seconds(300);
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.cpuTargetUtilizationPercent ?? 70, scaleInCooldown: cooldown, scaleOutCooldown: cooldown,
    });
    scaling.scaleOnMemoryUtilization('Memory', {
      targetUtilizationPercent: props.memoryTargetUtilizationPercent ?? 85, scaleInCooldown: cooldown, scaleOutCooldown: cooldown,
    });
    // Seed 001 §4: step scale-out at memory 90 % / CPU 85 %, and failed deployments announced.
    new TenantDeploymentAutomation(this, 'DeploymentAutomation', {
      tenantId: props.tenantId,
      service: this.service,
      taskDefinition: this.taskDefinition,
      scaling,
      cooldown,
      warningTopic: platform._alarmRouting.topicFor(this, AlarmSeverity.WARNING),
      alarms: tenantAlarms.alarms,
      blueGreenDeploymentGroup,
    });

    this.acknowledgeFindings();
    this.addRunbook(props.database, minCapacity, maxCapacity, blueGreenDeploymentGroup);
    TenantDatadogMonitors.addTo(this, { thresholds, minCapacity, healthCheckPath });
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

  /**
   * The tenant's runbook sections (OPS-01, OPS-03), which run the platform's SSM Automation
   * documents for rolling deployments, and its place in the deployment diagram.
   */
  private addRunbook(database: IMonitoredDatabase | undefined, minCapacity: number, maxCapacity: number,
    blueGreenDeploymentGroup: codedeploy.EcsDeploymentGroup | undefined): void {
    const platform = this.platform;
    // CodeDeploy owns the deployments of a blue/green service, so ECS UpdateService cannot roll it back.
    // The platform's documents, named after the platform name (also for a platform of another app),
    // run with this tenant's cluster and service as parameters.
    const automation = blueGreenDeploymentGroup ? undefined : TenantServiceAutomation.documentNames(automationDocumentPrefix(platform.platformName));
    if (automation) TenantServiceAutomation.retainRevisions(this.service);
    TenantServiceRunbookSections.addTo(this, {
      tenantId: this.tenantId,
      service: this.service,
      cluster: platform._built?.cluster,
      // The cluster of a platform of another app: its name as this stack read it, in an output the runbook reads.
      clusterLookup: platform._built ? undefined : ResourceLookup.stackOutput(new CfnOutput(this, 'ClusterName', {
        value: this.service.cluster.clusterName, description: 'ECS cluster of the tenant service (the platform\'s)',
      })),
      logGroup: this.logGroup,
      targetGroup: this.targetGroup,
      hostHeader: this.hostHeader,
      minCapacity,
      maxCapacity,
      automation,
      blueGreenDeploymentGroup,
      platformStack: platform._built && Stack.of(platform._built),
    });
    const topology = DeploymentTopology.of(this);
    topology.addNode(this.service, { kind: TopologyNodeKind.TENANT, label: { ja: `テナント ${this.tenantId}`, en: `Tenant ${this.tenantId}` } });
    // A platform of another app is drawn in that app's diagram.
    const built = platform._built;
    if (built) {
      topology.connect(built.loadBalancers[this.loadBalancerShard - 1], this.service, { label: { ja: this.hostHeader, en: this.hostHeader } });
      topology.connect(built.cluster, this.service, { label: { ja: 'ECS Fargate', en: 'ECS Fargate' } });
    }
    // A database of another app is drawn in that app's diagram.
    if (database?._instance) topology.connect(this.service, database._instance, { label: { ja: 'SQL (TLS)', en: 'SQL (TLS)' } });
  }

  /**
   * Network path, the tenant's own role and schema (DB-05), and how the task signs in: IAM
   * `rds-db:connect` as that role, or the password of the tenant's own secret.
   */
  private connectDatabase(db: IMonitoredDatabase, props: SecureTenantServiceProps): TenantDatabaseConnection {
    if (db.platform !== this.platform) {
      throw new Error(`${this.node.path}: database ${db.node.path} belongs to another platform (${db.platform.node.path})`);
    }
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseIngress', {
      groupId: db._value(this, 'SecurityGroupId'),
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: db.port,
      toPort: db.port,
      description: `Tenant ${this.tenantId} to PostgreSQL (NET-04)`,
    });
    const platformKey = this.platform._keyIn(this);
    const identity = new TenantDatabaseIdentity(this, 'DatabaseIdentity', {
      database: db,
      tenantId: this.tenantId,
      authentication: props.databaseAuthentication,
      isolation: props.databaseIsolation,
      dropOnRemoval: props.dropDatabaseOnRemoval,
      rotationNetwork: {
        vpc: this.platform._vpcIn(this),
        securityGroup: this.securityGroup,
        encryptionKey: platformKey,
        rotation: this.platform.profile.secretRotation,
      },
    });
    const environment = {
      DB_PORT: String(db.port),
      DB_NAME: identity.databaseName,
      DB_USER: identity.roleName,
      DB_SCHEMA: identity.schemaName,
    };
    // Read when a task starts, so a database restore reconnects tenants without redeploying them (DR-05).
    const host = { DB_HOST: databaseHostSecret(this, db) };
    if (identity.passwordSecret) {
      return { identity, environment, secrets: { ...host, DB_PASSWORD: ecs.Secret.fromSecretsManager(identity.passwordSecret, 'password') }, secretKeys: [platformKey] };
    }
    db.grantConnect(this.taskDefinition.taskRole, identity.roleName);
    return { identity, environment, secrets: host, secretKeys: [] };
  }

  private acknowledgeFindings(): void {
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'Only non-secret configuration is passed as plain environment variables: names that look like secrets are rejected at synth and secrets come from Secrets Manager (ECS-05).',
    });
  }
}
