/** Small raw-CDK deployments (no constructs of this library besides runbook links) that runbook tests describe. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmRunbookSection, AlarmSeverity, Runbook } from '../../src';

export const ENV = { account: '123456789012', region: 'ap-northeast-1' };

/** A fresh temporary directory for a cloud assembly. */
export function tempDir(prefix = 'runbooks-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The shared part: VPC, cluster, one ALB shard with an HTTPS listener, the critical topic. */
export interface PlatformFixture {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly criticalTopic: sns.Topic;
  readonly certificate: acm.ICertificate;
}

export function platformFixture(app: App, id = 'Shared'): PlatformFixture {
  const stack = new Stack(app, id, { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate',
    'arn:aws:acm:ap-northeast-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789');
  const listener = alb.addListener('Https', {
    port: 443,
    certificates: [certificate],
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  const criticalTopic = new sns.Topic(stack, 'Critical');
  return { stack, vpc, cluster, alb, listener, criticalTopic, certificate };
}

/** One tenant: a Fargate service behind a listener rule, its log group and a CPU alarm. */
export interface TenantFixture {
  readonly stack: Stack;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly cpuAlarm: cloudwatch.Alarm;
}

export function tenantFixture(app: App, platform: PlatformFixture, tenantId: string, priority: number): TenantFixture {
  const stack = new Stack(app, `Tenant-${tenantId}`, { env: ENV });
  const logGroup = new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    portMappings: [{ containerPort: 80 }],
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: tenantId }),
  });
  const service = new ecs.FargateService(stack, 'Service', { cluster: platform.cluster, taskDefinition, desiredCount: 2 });
  const targetGroup = new elbv2.ApplicationTargetGroup(stack, 'Targets', {
    vpc: platform.vpc,
    port: 80,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [service],
    healthCheck: { path: '/health' },
  });
  new elbv2.ApplicationListenerRule(stack, 'Rule', {
    listener: platform.listener,
    priority,
    conditions: [elbv2.ListenerCondition.hostHeaders([`${tenantId}.example.com`])],
    targetGroups: [targetGroup],
  });
  const cpuAlarmAnchor = `alarm-${tenantId}-cpu-critical`;
  const cpuAlarm = new cloudwatch.Alarm(stack, 'CpuCritical', {
    metric: service.metricCpuUtilization({ period: Duration.minutes(1) }),
    threshold: 85,
    evaluationPeriods: 2,
    alarmDescription: `CRITICAL [MON-01] CPU above 85 %. Runbook: ${Runbook.linkFor(stack, cpuAlarmAnchor)}`,
  });
  // What an alarm factory does for every alarm: a section at the anchor the description links to.
  Runbook.of(stack).addSection(AlarmRunbookSection.create({
    anchor: cpuAlarmAnchor,
    alarm: cpuAlarm,
    severity: AlarmSeverity.CRITICAL,
    requirement: 'MON-01',
    // Link the operating rules when the platform runbook has them.
    policyStack: Runbook.of(platform.stack).hasSection('escalation') ? platform.stack : undefined,
    title: { ja: `CPU 使用率 異常 (${tenantId})`, en: `CPU utilisation critical (${tenantId})` },
    meaning: { ja: 'タスクの CPU が上限に近く、応答が遅くなります。', en: 'Tasks are close to their CPU limit; responses slow down.' },
  }));
  return { stack, service, logGroup, targetGroup, cpuAlarm };
}

/** A PostgreSQL instance in the platform stack. */
export function databaseFixture(platform: PlatformFixture, multiAz = true): rds.DatabaseInstance {
  return new rds.DatabaseInstance(platform.stack, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc: platform.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    multiAz,
    storageEncrypted: true,
  });
}
