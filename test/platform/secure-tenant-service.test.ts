import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PlatformEnvironment, SecureTenantService, TenantDeployment, TenantPlatform } from '../../src';
import { database, ENV, IMAGE, platformStack, readsParameter, resolvesParameter, sharedParameter, tenant } from '../support/platform';

describe('SecureTenantService defaults', () => {
  const { platform } = platformStack();
  const db = database(platform);
  const service = tenant(platform, 'acme', { database: db, environment: { FEATURE_FLAGS: 'beta' } });
  const template = Template.fromStack(Stack.of(service));
  const container = () => Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0];

  test('ECS-02: 256 CPU / 512 MiB, 2 tasks, autoscaling 2..10 on CPU 70 % and memory 85 % with 300 s cooldowns', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512', RequiresCompatibilities: ['FARGATE'] });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2, LaunchType: 'FARGATE' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 70,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 300,
      },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, TargetValue: 85 },
    });
  });

  test('ECS-02: the memory step scale-out (> 90 % for 2 minutes) runs from the critical memory alarm, which watches exactly that; CPU (85 % for 5 minutes) has an alarm of its own', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const stepPolicies = Object.entries(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
      .filter(([, p]) => p.Properties.PolicyType === 'StepScaling');
    expect(stepPolicies).toHaveLength(2);
    const runs = (policyId: string) => Object.values(alarms)
      .filter(a => (a.Properties.AlarmActions ?? []).some((x: any) => x.Ref === policyId)).map(a => a.Properties);
    const [memory, cpu] = ['Memory', 'Cpu'].map(kind => stepPolicies.find(([id]) => id.includes(`${kind}ScaleOut`))!);
    expect(runs(memory[0]).map(a => a.AlarmName)).toEqual(['Tenant-acme-service-memory-critical']);
    expect(memory[1].Properties.StepScalingPolicyConfiguration).toMatchObject({
      AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    expect(runs(cpu[0])).toEqual([expect.objectContaining({ MetricName: 'CPUUtilization', Threshold: 85, EvaluationPeriods: 5 })]);
  });

  test('ECS-02: with another critical memory threshold, the memory step scale-out keeps an alarm of its own at 90 %', () => {
    const other = tenant(platformStack().platform, 'other', { alarmThresholds: { memoryCriticalPercent: 95 } });
    const alarms = Object.values(Template.fromStack(Stack.of(other)).findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties);
    expect(alarms.find(a => a.AlarmName === 'Tenant-other-service-memory-critical')).toMatchObject({ Threshold: 95 });
    expect(alarms.filter(a => a.MetricName === 'MemoryUtilization' && a.Threshold === 90 && a.AlarmName === undefined)).toHaveLength(1);
  });

  test('NET-01: tasks run in the platform private subnets without a public IP', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          Subnets: [
            resolvesParameter(sharedParameter('PrivateSubnet1')), resolvesParameter(sharedParameter('PrivateSubnet2')),
          ],
        },
      },
    });
  });

  test('ECS-03: rolling 200 % / 100 %, circuit breaker with rollback, and deployment alarms that roll back', () => {
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0].Properties;
    expect(svc.DeploymentConfiguration.MaximumPercent).toBe(200);
    expect(svc.DeploymentConfiguration.MinimumHealthyPercent).toBe(100);
    expect(svc.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(svc.DeploymentConfiguration.Alarms).toEqual({
      Enable: true,
      Rollback: true,
      AlarmNames: [
        'Tenant-acme-service-deployment-error-rate', 'Tenant-acme-service-deployment-unhealthy-targets', 'Tenant-acme-service-deployment-latency',
        'Tenant-acme-service-deployment-memory',
      ],
    });
    const alarm = (name: string) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(a => a.Properties.AlarmName === name)!.Properties;
    expect(alarm('Tenant-acme-service-deployment-error-rate')).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    expect(alarm('Tenant-acme-service-deployment-error-rate').Metrics.find((m: any) => m.Expression).Expression).toBe('100 * errors / IF(requests > 0, requests, 1)');
    expect(alarm('Tenant-acme-service-deployment-unhealthy-targets')).toMatchObject({ Threshold: 50, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 1 });
    expect(alarm('Tenant-acme-service-deployment-latency')).toMatchObject({ Threshold: 1, EvaluationPeriods: 10, ExtendedStatistic: 'p99' });
  });

  test('EDGE-04: the target group checks /health; the listener rule routes the host header on the shard', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health', Matcher: { HttpCode: '200' }, TargetType: 'ip', Port: 8080, Protocol: 'HTTP',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: readsParameter(template, sharedParameter('Shard1ListenerArn')),
      Priority: service.listenerRulePriority,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['acme.example.com'] } }],
    });
  });

  test('ECS-05: non-root, read-only root filesystem with a writable /tmp, secrets from Secrets Manager, logs to its own log group', () => {
    const c = container();
    expect(c.User).toBe('1000:1000');
    expect(c.ReadonlyRootFilesystem).toBe(true);
    expect(c.MountPoints).toEqual([{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'scratch-0' }]);
    expect(c.LogConfiguration.LogDriver).toBe('awslogs');
    // DB-05: no secret from the master credentials; the tenant's own role signs in with IAM tokens.
    expect(c.Secrets.map((secret: any) => secret.Name)).toEqual(['DB_HOST']);
    expect(JSON.stringify(template.toJSON())).not.toContain('Shared-Database-SecretArn');
    expect(c.Environment).toEqual(expect.arrayContaining([{ Name: 'FEATURE_FLAGS', Value: 'beta' }, { Name: 'TENANT_ID', Value: 'acme' }]));
    expect(c.Environment).toEqual(expect.arrayContaining([
      { Name: 'DB_PORT', Value: '5432' }, { Name: 'DB_NAME', Value: 'app' },
      { Name: 'DB_USER', Value: 'tenant_acme' }, { Name: 'DB_SCHEMA', Value: 'tenant_acme' },
    ]));
  });

  test('LOG-01, LOG-02: JSON logs at INFO in production, kept 90 days in a log group encrypted with the platform key and retained', () => {
    expect(container().Environment).toEqual(expect.arrayContaining([{ Name: 'LOG_FORMAT', Value: 'json' }, { Name: 'LOG_LEVEL', Value: 'info' }]));
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 90, KmsKeyId: resolvesParameter(sharedParameter('KeyArn')) },
    });
  });

  test('NET-04: the task is reachable only from its ALB shard; it reaches the database on 5432', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: readsParameter(template, sharedParameter('Shard1SecurityGroupId')), Description: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: readsParameter(template, sharedParameter('SecurityGroupId', 'Database')), FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp',
    });
  });

  test('DB-05: the task role may connect to the database with IAM authentication as tenant_acme only', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(p => p.Properties.PolicyDocument.Statement);
    const connect = statements.find(s => s.Action === 'rds-db:connect');
    expect(JSON.stringify(connect.Resource)).toContain(':dbuser:*/tenant_acme');
  });

  test('MON-01, MON-03: CPU, memory, 5XX, healthy hosts, P99 and error-rate alarms at the REQUIREMENTS thresholds, routed by severity: warnings to chat, critical ones through one composite the shard\'s L2 alarms suppress', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties);
    const composites = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')).map(a => a.Properties);
    const byName = (suffix: string) => alarms.find(a => a.AlarmName === `Tenant-acme-service-${suffix}`)!;
    const notification = composites.find(c => c.AlarmName === 'Tenant-acme-service-critical-notify')!;
    expect(notification.AlarmActions).toEqual([readsParameter(template, sharedParameter('TopicCriticalArn'))]);
    expect(JSON.stringify(notification.ActionsSuppressor)).toMatch(/cdktenantplatformSharedPlatformShard1Suppressor\w+Arn/);
    expect(notification.AlarmDescription).toMatch(/Runbook: runbooks\/en\/Tenant-acme\.md#alarm-service-critical-notification$/);
    const expectAlarm = (suffix: string, threshold: number, op: string, topic: 'Critical' | 'Warning') => {
      const a = byName(suffix);
      expect([a.Threshold, a.ComparisonOperator]).toEqual([threshold, op]);
      expect(a.AlarmDescription).toMatch(new RegExp(`Runbook: runbooks/en/Tenant-acme\\.md#alarm-service-${suffix}$`));
      const [rawId] = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([, r]) => r.Properties === a)!;
      if (topic === 'Warning') {
        expect(a.AlarmActions).toEqual([readsParameter(template, sharedParameter('TopicWarningArn'))]);
      } else {
        // No notification of its own; its only action may be a step scale-out policy (ECS-02).
        const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
        expect((a.AlarmActions ?? []).filter((x: any) => !(x.Ref in policies))).toEqual([]);
        expect(JSON.stringify(notification.AlarmRule)).toContain(JSON.stringify({ 'Fn::GetAtt': [rawId, 'Arn'] }));
      }
    };
    expectAlarm('cpu-warning', 70, 'GreaterThanThreshold', 'Warning');
    expectAlarm('cpu-critical', 85, 'GreaterThanThreshold', 'Critical');
    expectAlarm('memory-warning', 80, 'GreaterThanThreshold', 'Warning');
    expectAlarm('memory-critical', 90, 'GreaterThanThreshold', 'Critical');
    expectAlarm('http5xx', 10, 'GreaterThanOrEqualToThreshold', 'Critical');
    expectAlarm('healthy-hosts-low', 2, 'LessThanThreshold', 'Critical');
    expectAlarm('latency-p99-warning', 0.5, 'GreaterThanThreshold', 'Warning');
    expectAlarm('latency-p99-critical', 1, 'GreaterThanThreshold', 'Critical');
    expectAlarm('error-rate-warning', 0.1, 'GreaterThanThreshold', 'Warning');
    expectAlarm('error-rate-critical', 1, 'GreaterThanThreshold', 'Critical');
    expect(byName('cpu-critical').EvaluationPeriods).toBe(2);
    expect(service.alarms).toHaveLength(10);
    expect(service.deploymentAlarms).toHaveLength(4);
  });

});

describe('SecureTenantService options', () => {
  test('MON-01: per-tenant threshold overrides', () => {
    const { platform } = platformStack();
    const other = tenant(platform, 'tuned', { alarmThresholds: { cpuWarningPercent: 60, latencyP99CriticalMs: 2000 } });
    const alarms = Object.values(Template.fromStack(Stack.of(other)).findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties);
    expect(alarms.find(a => a.AlarmName?.endsWith('cpu-warning'))!.Threshold).toBe(60);
    expect(alarms.find(a => a.AlarmName?.endsWith('latency-p99-critical'))!.Threshold).toBe(2);
  });

  test('ECS-04: blue/green through CodeDeploy with two target groups, a 5-minute bake and alarm rollback', () => {
    const { platform } = platformStack();
    const service = tenant(platform, 'bluegreen', { deployment: TenantDeployment.blueGreen() });
    const template = Template.fromStack(Stack.of(service));
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentController: { Type: 'CODE_DEPLOY' } });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 5 } },
      AlarmConfiguration: { Enabled: true, Alarms: Match.arrayWith([{ Name: Match.anyValue() }]) },
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']) },
    });
  });

  test('ECS-04: a custom bake time', () => {
    const { platform } = platformStack();
    const service = tenant(platform, 'bake', { deployment: TenantDeployment.blueGreen({ bakeTime: Duration.minutes(15) }) });
    Template.fromStack(Stack.of(service)).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { TerminationWaitTimeInMinutes: 15 } },
    });
  });

  test('ECS-07: DEVELOPMENT runs one task, scales to 2 and logs at DEBUG', () => {
    const { platform } = platformStack({ environment: PlatformEnvironment.DEVELOPMENT });
    const service = tenant(platform, 'dev');
    const template = Template.fromStack(Stack.of(service));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
    const env = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0].Environment;
    expect(env).toEqual(expect.arrayContaining([{ Name: 'LOG_LEVEL', Value: 'debug' }]));
  });

  test('ECS-05: user secrets are injected from Secrets Manager and readable by the execution role only', () => {
    const { platform } = platformStack();
    const stack = new Stack(Stack.of(platform).node.root as App, 'Secrets', { env: ENV });
    const apiKey = new secretsmanager.Secret(stack, 'ApiKey');
    new SecureTenantService(stack, 'Service', {
      platform,
      tenantId: 'secrets',
      hostHeader: 'secrets.example.com',
      image: IMAGE,
      secrets: { PAYMENT_API_KEY: ecs.Secret.fromSecretsManager(apiKey) },
    });
    const template = Template.fromStack(stack);
    const apiKeyId = stack.getLogicalId(apiKey.node.defaultChild as secretsmanager.CfnSecret);
    const c = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0];
    expect(c.Secrets).toEqual([{ Name: 'PAYMENT_API_KEY', ValueFrom: { Ref: apiKeyId } }]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ServiceTaskDefinitionExecutionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: apiKeyId } })]) },
    });
  });
});

describe('SecureTenantService bad input fails at synth', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['tenant id with a space', { tenantId: 'Tenant A' }, /tenantId "Tenant A" must match \/\^\[a-z\]\[a-z0-9-\]\{1,30\}\$\//],
    ['host header', { hostHeader: 'ACME' }, /hostHeader "ACME" must match .* \(one exact lower-case DNS host name of at most 128 characters, such as acme.example.com; ALB host matching ignores case/],
    ['upper-case host header', { hostHeader: 'Acme.example.com' }, /hostHeader "Acme.example.com" must match .*ALB host matching ignores case, so upper-case letters are refused/],
    ['wildcard host header', { hostHeader: '*.example.com' }, /hostHeader "\*.example.com" is a wildcard pattern: an ALB treats \* and \? as wildcards, so it could match another tenant's host; accepted: one exact lower-case DNS host name/],
    ['single-character wildcard', { hostHeader: 'acm?.example.com' }, /hostHeader "acm\?.example.com" is a wildcard pattern/],
    ['host header with a path', { hostHeader: 'acme.example.com/$(id)' }, /hostHeader "acme.example.com\/\$\(id\)" must match/],
    ['impossible Fargate size', { cpu: 256, memoryLimitMiB: 4096 }, /cpu\/memoryLimitMiB "256\/4096" is not a Fargate size: memoryLimitMiB 4096 is not valid with cpu 256; accepted: 512, 1024 or 2048/],
    ['unknown Fargate CPU', { cpu: 300 }, /cpu 300 is not a Fargate CPU value; accepted: 256, 512, 1024, 2048, 4096, 8192, 16384/],
    ['min above max', { minCapacity: 5, maxCapacity: 3 }, /minCapacity 5 must not exceed maxCapacity \(3\)/],
    ['min below the production floor', { minCapacity: 1 }, /minCapacity 1 must be an integer from 2 to 1000/],
    ['plain secret', { environment: { DB_PASSWORD: 'hunter2' } }, /environment "DB_PASSWORD" looks like a secret; pass it in `secrets` from Secrets Manager .*\(ECS-05\)/],
    ['log retention below floor', { logRetention: 14 }, /logRetention 14 days is below the 30-day floor of production \(LOG-01\)/],
    ['shard out of range', { loadBalancerShard: 2 }, /loadBalancerShard 2 must be an integer from 1 to 1/],
    ['unordered thresholds', { alarmThresholds: { cpuWarningPercent: 90 } }, /alarmThresholds.cpuWarningPercent 90 must be below alarmThresholds.cpuCriticalPercent \(85\)/],
  ];
  test.each(cases)('%s', (_, overrides, message) => {
    const { platform } = platformStack();
    expect(() => tenant(platform, (overrides.tenantId as string) ?? 'acme', overrides)).toThrow(message);
  });

  test('ECS-07: every bad prop is reported in one error before any resource is built, each naming its prop, value and what is accepted', () => {
    const { platform } = platformStack();
    expect(() => tenant(platform, 'acme', { cpu: 256, memoryLimitMiB: 4096, minCapacity: 1, logRetention: 14 })).toThrow(
      'Tenant-acme/Service: 3 problems:\n' +
      '- cpu/memoryLimitMiB "256/4096" is not a Fargate size: memoryLimitMiB 4096 is not valid with cpu 256; accepted: 512, 1024 or 2048\n' +
      '- minCapacity 1 must be an integer from 2 to 1000\n' +
      '- logRetention 14 days is below the 30-day floor of production (LOG-01)');
    expect(Stack.of(platform).node.root.node.tryFindChild('Tenant-acme')?.node.tryFindChild('Service')?.node.children.length).toBe(0);
  });

  test('a database of another platform is refused', () => {
    const { app, platform } = platformStack();
    const other = new TenantPlatform(new Stack(app, 'Other', { env: ENV }), 'Platform', {
      environment: PlatformEnvironment.DEVELOPMENT, notifications: { criticalEmails: ['oncall@example.com'] },
    });
    expect(() => tenant(platform, 'acme', { database: database(other) }))
      .toThrow('Tenant-acme/Service: database "Other/Database" belongs to another platform (Other/Platform); accepted: a database of the tenant\'s platform (Shared/Platform)');
  });

  test('a variable that only names a secret is allowed', () => {
    const { platform } = platformStack();
    expect(() => tenant(platform, 'acme', { environment: { API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:x' } })).not.toThrow();
  });

  test('an SSM parameter passed as a secret is rejected (ECS-05)', () => {
    const { platform } = platformStack();
    const stack = Stack.of(platform);
    const param = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/app/token' });
    expect(() => tenant(platform, 'acme', { secrets: { TOKEN: ecs.Secret.fromSsmParameter(param) } }))
      .toThrow(/secrets.TOKEN .* is not a Secrets Manager secret; use ecs.Secret.fromSecretsManager \(ECS-05\)/);
  });

  test('duplicate tenant ids and host headers', () => {
    const { platform } = platformStack();
    tenant(platform, 'acme');
    const other = new Stack(Stack.of(platform).node.root as App, 'Other', { env: ENV });
    expect(() => new SecureTenantService(other, 'A', { platform, tenantId: 'acme', hostHeader: 'x.example.com', image: IMAGE }))
      .toThrow(/Other\/A: tenantId "acme" is already used by Tenant-acme\/Service; tenant ids must be unique on a platform/);
    expect(() => new SecureTenantService(other, 'B', { platform, tenantId: 'globex', hostHeader: 'acme.example.com', image: IMAGE }))
      .toThrow(/Other\/B: hostHeader "acme.example.com" of tenant "globex" is already routed to tenant "acme" \(Tenant-acme\/Service\); host headers must be unique/);
  });

  test('wildcard and token host headers are refused: neither can be proven not to match another tenant\'s host', () => {
    const { platform } = platformStack();
    tenant(platform, 'acme');
    const other = new Stack(Stack.of(platform).node.root as App, 'Other', { env: ENV });
    expect(() => new SecureTenantService(other, 'W', { platform, tenantId: 'wild', hostHeader: '*.example.com', image: IMAGE }))
      .toThrow(/Other\/W: hostHeader "\*.example.com" is a wildcard pattern/);
    expect(() => new SecureTenantService(other, 'T', { platform, tenantId: 'token', hostHeader: Lazy.string({ produce: () => 'x.example.com' }), image: IMAGE }))
      .toThrow(/Other\/T: hostHeader ".*" is a token; the host header must be known at synth/);
  });

  test('a tenant stack in another region cannot import the platform', () => {
    const { platform } = platformStack();
    const far = new Stack(Stack.of(platform).node.root as App, 'Far', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new SecureTenantService(far, 'S', { platform, tenantId: 'far', hostHeader: 'far.example.com', image: IMAGE }))
      .toThrow(/stack Far \(123456789012\/us-east-1\) must be in the same account and region as Shared\/Platform/);
  });
});
