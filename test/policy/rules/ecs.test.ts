import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

interface ServiceOptions {
  readonly service?: Partial<ecs.FargateServiceProps>;
  readonly container?: Partial<ecs.ContainerDefinitionOptions>;
  readonly cluster?: Partial<ecs.ClusterProps>;
}

/** A Fargate service in private subnets with the ECS-01/03/05 settings, unless `options` say otherwise. */
function service(stack: Stack, options: ServiceOptions = {}): ecs.FargateService {
  const vpc = newVpc(stack, { natGateways: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED, ...options.cluster });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    readonlyRootFilesystem: true,
    user: '1000',
    ...options.container,
  });
  return new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    circuitBreaker: { enable: true, rollback: true },
    deploymentAlarms: { alarmNames: ['tenant-a-error-rate'], behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
    ...options.service,
  });
}

describe('TenantPlatform-ECS1 (ECS-01)', () => {
  test('ECS-01: a cluster without Container Insights is flagged', () => {
    const stack = newStack();
    const svc = service(stack, { cluster: { containerInsightsV2: ecs.ContainerInsights.DISABLED } });
    expect(flagged(stack, 'ECS1')).toEqual([resourcePath(svc.cluster)]);
  });

  test('ECS-01: a cluster with enhanced Container Insights passes', () => {
    const stack = newStack();
    service(stack);
    expect(flagged(stack, 'ECS1')).toEqual([]);
  });
});

describe('TenantPlatform-ECS2 and ECS3 (NET-01)', () => {
  test('NET-01: tasks with public IPs in public subnets are flagged by both rules', () => {
    const stack = newStack();
    const svc = service(stack, { service: { assignPublicIp: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } } });
    expect(flagged(stack, 'ECS2')).toEqual([resourcePath(svc)]);
    expect(flagged(stack, 'ECS3')).toEqual([resourcePath(svc)]);
  });

  test('NET-01: tasks without public IPs in private subnets pass', () => {
    const stack = newStack();
    service(stack);
    expect(flagged(stack, 'ECS2')).toEqual([]);
    expect(flagged(stack, 'ECS3')).toEqual([]);
  });
});

describe('TenantPlatform-ECS4 and ECS5 (ECS-02)', () => {
  test('ECS-02: a service without auto scaling is flagged; a minimum of 1 task is flagged in production', () => {
    const stack = newStack();
    const svc = service(stack);
    expect(flagged(stack, 'ECS4')).toEqual([resourcePath(svc)]);
    svc.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 10 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 });
    expect(flagged(stack, 'ECS4')).toEqual([resourcePath(svc)]);
  });

  test('ECS-02: a scaling target without a policy is flagged by ECS5', () => {
    const stack = newStack();
    const svc = service(stack);
    svc.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    expect(flagged(stack, 'ECS5')).toEqual([resourcePath(svc)]);
  });

  test('ECS-02: min 2 / max 10 with CPU 70 % and memory 85 % target tracking passes', () => {
    const stack = newStack();
    const scaling = service(stack).autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70 });
    scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 85 });
    expect(flagged(stack, 'ECS4')).toEqual([]);
    expect(flagged(stack, 'ECS5')).toEqual([]);
  });
});

describe('TenantPlatform-ECS6, ECS7, ECS8 (ECS-03)', () => {
  test('ECS-03: no circuit breaker, 50 % minimum healthy and no deployment alarms are each flagged', () => {
    const stack = newStack();
    const svc = service(stack, { service: { circuitBreaker: undefined, minHealthyPercent: 50, deploymentAlarms: undefined } });
    expect(flagged(stack, 'ECS6')).toEqual([resourcePath(svc)]);
    expect(flagged(stack, 'ECS7')).toEqual([resourcePath(svc)]);
    expect(flagged(stack, 'ECS8')).toEqual([resourcePath(svc)]);
  });

  test('ECS-03: circuit breaker with rollback, 100/200 % and rollback alarms pass', () => {
    const stack = newStack();
    service(stack, { service: { minHealthyPercent: 100, maxHealthyPercent: 200 } });
    expect(flagged(stack, 'ECS6')).toEqual([]);
    expect(flagged(stack, 'ECS7')).toEqual([]);
    expect(flagged(stack, 'ECS8')).toEqual([]);
  });
});

describe('TenantPlatform-ECS9 (ECS-05)', () => {
  test('ECS-05: a password in the container environment is flagged by container and variable', () => {
    const stack = newStack();
    const svc = service(stack, { container: { environment: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' } } });
    expect(flagged(stack, 'ECS9')).toEqual([`${resourcePath(svc.taskDefinition)}[app:DB_PASSWORD]`]);
  });

  test('ECS-05: secrets from Secrets Manager and the secret ARN in the environment pass', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'DbSecret');
    service(stack, {
      container: {
        secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') },
        environment: { DB_SECRET_ARN: secret.secretArn, API_TOKEN_NAME: 'tenant-a/api-token' },
      },
    });
    expect(flagged(stack, 'ECS9')).toEqual([]);
  });
});

describe('TenantPlatform-ECS10, ECS11, ECS12 (ECS-05)', () => {
  test('ECS-05: a silent, writable root container is flagged by each rule', () => {
    const stack = newStack();
    const svc = service(stack, { container: { logging: undefined, readonlyRootFilesystem: false, user: 'root' } });
    const task = resourcePath(svc.taskDefinition);
    expect(flagged(stack, 'ECS10')).toEqual([`${task}[app]`]);
    expect(flagged(stack, 'ECS11')).toEqual([`${task}[app]`]);
    expect(flagged(stack, 'ECS12')).toEqual([`${task}[app]`]);
  });

  test('ECS-05: a logging, read-only, non-root container passes', () => {
    const stack = newStack();
    service(stack);
    expect(flagged(stack, 'ECS10')).toEqual([]);
    expect(flagged(stack, 'ECS11')).toEqual([]);
    expect(flagged(stack, 'ECS12')).toEqual([]);
  });
});

describe('TenantPlatform-ECS13 (ECS-05)', () => {
  test('ECS-05: a task role allowed s3:* on everything is flagged', () => {
    const stack = newStack();
    const svc = service(stack);
    svc.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    expect(flagged(stack, 'ECS13')).toEqual([resourcePath(svc.taskDefinition)]);
  });

  test('ECS-05: a task role scoped to one bucket passes', () => {
    const stack = newStack();
    const svc = service(stack);
    svc.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::tenant-a/*'] }));
    expect(flagged(stack, 'ECS13')).toEqual([]);
  });
});

describe('TenantPlatform-ECS14 (MON-01)', () => {
  test('MON-01: a service with only a CPU alarm is flagged for memory', () => {
    const stack = newStack();
    const svc = service(stack);
    svc.metricCpuUtilization().createAlarm(stack, 'Cpu', { threshold: 85, evaluationPeriods: 2 });
    expect(flagged(stack, 'ECS14')).toEqual([`${resourcePath(svc)}[MemoryUtilization]`]);
  });

  test('MON-01: CPU and memory alarms pass', () => {
    const stack = newStack();
    const svc = service(stack);
    svc.metricCpuUtilization().createAlarm(stack, 'Cpu', { threshold: 85, evaluationPeriods: 2 });
    svc.metricMemoryUtilization().createAlarm(stack, 'Memory', { threshold: 90, evaluationPeriods: 2 });
    expect(flagged(stack, 'ECS14')).toEqual([]);
  });
});
