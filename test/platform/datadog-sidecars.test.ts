import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DatadogSite, PlatformEnvironment } from '../../src';
import { versionOf } from '../../src/platform/datadog-sidecars';
import { datadogPlatform } from '../support/datadog-platform';
import { database, IMAGE, platformStack, readsParameter, resolvesParameter, sharedParameter, tenant } from '../support/platform';
import { findings } from '../support/policy';

/** The API key field of the platform's API-key secret, as `template` reads the secret's ARN from its SSM parameter. */
const apiKeyFromSecret = (template: Template) => ({ 'Fn::Join': ['', [readsParameter(template, sharedParameter('DatadogApiKeySecretArn')), ':apiKey::']] });

/** The container definitions of the only task definition of `scope`'s stack, by name. */
function containers(scope: { node: any }): Record<string, any> {
  const task = Object.values(Template.fromStack(Stack.of(scope as any)).findResources('AWS::ECS::TaskDefinition'))[0].Properties;
  return Object.fromEntries(task.ContainerDefinitions.map((c: any) => [c.Name, c]));
}

function environmentOf(container: any): Record<string, unknown> {
  return Object.fromEntries((container.Environment ?? []).map((v: any) => [v.Name, v.Value]));
}

describe('Datadog sidecars of a tenant (platform with Datadog, log forwarding on)', () => {
  const { platform } = datadogPlatform();
  const service = tenant(platform, 'acme', {
    database: database(platform), image: ecs.ContainerImage.fromRegistry('registry.example.com/acme/web:1.4.2'), datadogLogForwarding: true,
  });
  const template = Template.fromStack(Stack.of(service));
  const byName = containers(service);
  const task = () => Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties;

  test('MON-05: the Datadog agent sidecar runs from public ECR with ECS_FARGATE, APM on and the platform\'s Datadog site', () => {
    const agent = byName['datadog-agent'];
    expect(agent.Image).toBe('public.ecr.aws/datadog/agent:7');
    expect(environmentOf(agent)).toMatchObject({ ECS_FARGATE: 'true', DD_APM_ENABLED: 'true', DD_SITE: 'ap1.datadoghq.com', DD_TAGS: 'tenant:acme' });
    expect(agent.Essential).toBe(false);
    expect(agent.HealthCheck.Command).toEqual(['CMD-SHELL', 'agent health']);
    expect(agent.PortMappings).toBeUndefined(); // the application reaches it on 127.0.0.1:8126 inside the task
  });

  test('MON-05: unified service tagging — DD_ENV, DD_SERVICE, DD_VERSION and com.datadoghq.tags.* on the application and the agent', () => {
    const tags = { env: 'production', service: 'acme', version: '1.4.2' };
    for (const name of ['App', 'datadog-agent']) {
      expect(environmentOf(byName[name])).toMatchObject({ DD_ENV: tags.env, DD_SERVICE: tags.service, DD_VERSION: tags.version });
      expect(byName[name].DockerLabels).toEqual({
        'com.datadoghq.tags.env': tags.env, 'com.datadoghq.tags.service': tags.service, 'com.datadoghq.tags.version': tags.version,
      });
    }
    expect(environmentOf(byName.App).DD_LOGS_INJECTION).toBe('true');
  });

  test('LOG-03: the application logs through FireLens (aws-for-fluent-bit) to Datadog Log Management at the site\'s intake', () => {
    expect(byName.App.LogConfiguration).toEqual({
      LogDriver: 'awsfirelens',
      Options: {
        Name: 'datadog',
        Host: 'http-intake.logs.ap1.datadoghq.com',
        TLS: 'on',
        compress: 'gzip',
        provider: 'ecs',
        dd_service: 'acme',
        dd_tags: 'env:production,tenant:acme',
        retry_limit: '5',
      },
      SecretOptions: [{ Name: 'apikey', ValueFrom: apiKeyFromSecret(template) }],
    });
    const router = byName['log-router'];
    expect(router.Image).toBe('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable');
    expect(router.FirelensConfiguration).toEqual({ Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } });
    expect(router.Essential).toBe(true);
  });

  test('LOG-01/02: the router\'s and the agent\'s own logs stay in the tenant\'s KMS-encrypted, retained CloudWatch log group', () => {
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    for (const name of ['log-router', 'datadog-agent', 'datadog-agent-init']) {
      expect(byName[name].LogConfiguration).toEqual({
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': { Ref: logGroupId }, 'awslogs-stream-prefix': name, 'awslogs-region': 'ap-northeast-1' },
      });
    }
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90, KmsKeyId: resolvesParameter(sharedParameter('KeyArn')) },
      DeletionPolicy: 'Retain',
    });
  });

  test('ECS-05: no secret value or key is in any container environment or log option; the API key comes from the secret\'s apiKey field through Secrets Manager', () => {
    for (const container of Object.values(byName)) {
      for (const [name, value] of Object.entries(environmentOf(container))) {
        expect(name).not.toMatch(/API_?KEY|APP_?KEY|SECRET|TOKEN/i);
        expect(JSON.stringify(value)).not.toMatch(/DatadogCredentials|secretsmanager|resolve:/);
      }
      expect(JSON.stringify(container.LogConfiguration?.Options ?? {})).not.toMatch(/apikey|DatadogCredentials/i);
    }
    expect(byName['datadog-agent'].Secrets).toEqual([{ Name: 'DD_API_KEY', ValueFrom: apiKeyFromSecret(template) }]);
    // The sidecars' execution role reads only the API-key secret; only the Datadog provider (the tenant's monitors, MON-03) reads the
    // credentials with the application key.
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map(p => p.Properties);
    const readersOf = (exportName: string) => policies.filter(p => JSON.stringify(p.PolicyDocument.Statement).includes(exportName));
    expect(readersOf('DatadogCredentialsArn').map(p => p.Roles[0].Ref)).toEqual([expect.stringMatching(/^TenantPlatformDatadogProviderHandlerServiceRole/)]);
    expect(readersOf('DatadogApiKeySecretArn').map(p => p.Roles[0].Ref)).toEqual([expect.stringMatching(/^ServiceTaskDefinitionExecutionRole/)]);
    for (const exportName of ['DatadogCredentialsArn', 'DatadogApiKeySecretArn']) {
      for (const policy of readersOf(exportName)) {
        expect(policy.PolicyDocument.Statement.filter((s: any) => JSON.stringify(s.Resource).includes(exportName))).toEqual([{
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: readsParameter(template, sharedParameter(exportName)),
        }]);
      }
    }
    expect(findings(service, { environment: PlatformEnvironment.PRODUCTION }).filter(f => f.ruleName.startsWith('TenantPlatform-ECS9'))).toEqual([]);
  });

  test('ECS-05: the agent runs with a read-only root filesystem, its configuration copied into a task volume by an init container first', () => {
    const agent = byName['datadog-agent'];
    expect(agent.ReadonlyRootFilesystem).toBe(true);
    expect(agent.DependsOn).toEqual([{ ContainerName: 'datadog-agent-init', Condition: 'SUCCESS' }]);
    expect(agent.MountPoints.map((m: any) => m.ContainerPath).sort()).toEqual(['/etc/datadog-agent', '/opt/datadog-agent/run', '/tmp', '/var/log/datadog', '/var/run/datadog']);
    const init = byName['datadog-agent-init'];
    expect(init).toMatchObject({ Essential: false, ReadonlyRootFilesystem: true, Image: 'public.ecr.aws/datadog/agent:7' });
    expect(init.MountPoints).toEqual([{ ContainerPath: '/agent-config', SourceVolume: 'datadog-config', ReadOnly: false }]);
    expect(task().Volumes.map((v: any) => v.Name)).toEqual(expect.arrayContaining(['datadog-config', 'datadog-run', 'datadog-sockets', 'datadog-logs', 'datadog-tmp']));
  });

  test('ECS-05: where a sidecar must run as root or write its root filesystem, the finding is acknowledged with the reason; the application stays non-root and read-only', () => {
    expect(byName.App).toMatchObject({ User: '1000:1000', ReadonlyRootFilesystem: true });
    const acknowledged = service.taskDefinition.node.metadata
      .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.map(([id]) => id).filter(id => /ECS1[12]/.test(id)).sort()).toEqual([
      'TenantPlatform::TenantPlatform-ECS11[log-router]',
      'TenantPlatform::TenantPlatform-ECS12[datadog-agent-init]',
      'TenantPlatform::TenantPlatform-ECS12[datadog-agent]',
      'TenantPlatform::TenantPlatform-ECS12[log-router]',
    ]);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(80);
    const ids = new Set(acknowledged.map(([id]) => id));
    const unacknowledged = findings(service, { environment: PlatformEnvironment.PRODUCTION })
      .filter(f => f.severity === 'error' && f.constructPath.startsWith('Tenant-acme/Service/') && !ids.has(`TenantPlatform::${f.ruleName}`));
    expect(unacknowledged).toEqual([]);
  });

  test('ECS-02: with the sidecars the default task is 512 CPU / 1024 MiB, leaving the application at least 256 / 512', () => {
    expect(task()).toMatchObject({ Cpu: '512', Memory: '1024' });
    const sidecars = Object.values(byName).filter(c => c.Name !== 'App');
    expect(512 - sidecars.reduce((sum, c) => sum + (c.Cpu ?? 0), 0)).toBeGreaterThanOrEqual(256);
    expect(1024 - sidecars.reduce((sum, c) => sum + c.Memory, 0)).toBeGreaterThanOrEqual(512);
  });

  test('ECS-02: every container has a hard memory limit; the application\'s is all the memory the sidecars do not reserve (Control Tower CT.ECS.PR.7)', () => {
    expect(Object.values(byName).every(c => typeof c.Memory === 'number')).toBe(true);
    expect(Object.values(byName).reduce((sum, c) => sum + c.Memory, 0)).toBe(1024);
  });
});

describe('Datadog sidecar options and bad input', () => {
  test('without Datadog on the platform a tenant has only its application container, logging to CloudWatch, at 256 / 512', () => {
    const { platform } = platformStack();
    const service = tenant(platform, 'plain');
    expect(Object.keys(containers(service))).toEqual(['App']);
    expect(containers(service).App.LogConfiguration.LogDriver).toBe('awslogs');
    expect(environmentOf(containers(service).App).DD_ENV).toBeUndefined();
    Template.fromStack(Stack.of(service)).hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512' });
  });

  test('LOG-01: with Datadog on, the application still logs to its retained CloudWatch log group unless datadogLogForwarding opts in', () => {
    const service = tenant(datadogPlatform().platform, 'default-logs');
    const byName = containers(service);
    expect(Object.keys(byName).sort()).toEqual(['App', 'datadog-agent', 'datadog-agent-init']);
    const logGroupId = Object.keys(Template.fromStack(Stack.of(service)).findResources('AWS::Logs::LogGroup'))[0];
    expect(byName.App.LogConfiguration).toEqual({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: logGroupId }, 'awslogs-stream-prefix': 'default-logs', 'awslogs-region': 'ap-northeast-1' },
    });
  });

  test('MON-05: datadogAgent: false with forwarding keeps FireLens only; neither leaves the plain task', () => {
    const logsOnly = containers(tenant(datadogPlatform().platform, 'logs-only', { datadogAgent: false, datadogLogForwarding: true }));
    expect(Object.keys(logsOnly).sort()).toEqual(['App', 'log-router']);
    const neither = tenant(datadogPlatform().platform, 'neither', { datadogAgent: false });
    expect(Object.keys(containers(neither))).toEqual(['App']);
    Template.fromStack(Stack.of(neither)).hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512' });
  });

  test('MON-05: DD_VERSION is the image tag or digest, `latest` without one, a CloudFormation split for deploy-time names; serviceVersion overrides it', () => {
    expect(versionOf('public.ecr.aws/nginx/nginx:stable')).toBe('stable');
    expect(versionOf('registry.example.com:5000/acme/web')).toBe('latest');
    expect(versionOf('acme/web@sha256:0123abcd')).toBe('sha256:0123abcd');
    const { platform } = datadogPlatform();
    const fromEcr = tenant(platform, 'from-ecr', { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(platform, 'Repository', 'acme'), 'v7') });
    expect(environmentOf(containers(fromEcr).App).DD_VERSION).toEqual({ 'Fn::Select': [1, { 'Fn::Split': [':', expect.objectContaining({ 'Fn::Join': expect.anything() })] }] });
    expect(environmentOf(containers(tenant(datadogPlatform().platform, 'pinned', { serviceVersion: '2026.11.3' })).App).DD_VERSION).toBe('2026.11.3');
  });

  test('ECS-02: a task size the sidecars do not fit in is refused at synth, naming one that fits', () => {
    const { platform } = datadogPlatform();
    expect(() => tenant(platform, 'tiny', { cpu: 256, memoryLimitMiB: 512, datadogLogForwarding: true })).toThrow(
      'Tenant-tiny/Service: cpu/memoryLimitMiB "256/512" leaves the application 64 CPU units / 64 MiB next to the Datadog sidecars (192 / 448); ' +
      'it needs at least 256 / 512 (ECS-02): use 512/1024 or larger, or set datadogAgent / datadogLogForwarding to false');
    expect(() => tenant(platform, 'small', { cpu: 256 })).toThrow(/cpu\/memoryLimitMiB "256\/512" leaves the application 128 CPU units \/ 192 MiB next to the Datadog sidecars \(128 \/ 320\)/);
    expect(() => tenant(platform, 'big', { cpu: 1024 })).not.toThrow();
    Template.fromStack(Stack.of(platform.node.root.node.findChild('Tenant-big') as Stack)).hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048' });
    // Fargate's own rule still comes first.
    expect(() => tenant(platform, 'odd', { cpu: 256, memoryLimitMiB: 4096 })).toThrow(/is not a Fargate size/);
  });

  test('ECS-02: a task size the sidecars do not fit in is reported together with the other bad props', () => {
    const { platform } = datadogPlatform();
    expect(() => tenant(platform, 'tiny', { cpu: 256, memoryLimitMiB: 512, serviceVersion: 'v 1', minCapacity: 0 })).toThrow(
      /^Tenant-tiny\/Service: 3 problems:\n- serviceVersion "v 1" must match .*\n- cpu\/memoryLimitMiB "256\/512" leaves the application 128 CPU units \/ 192 MiB next to the Datadog sidecars .*\n- minCapacity 0 must be an integer from 2 to 1000$/);
  });

  test('a custom Datadog API URL is refused for sidecars, with the opt-out; serviceVersion must be a Datadog tag value', () => {
    const { platform } = datadogPlatform({}, new App(), DatadogSite.fromApiUrl('https://datadog-proxy.internal'));
    expect(() => tenant(platform, 'proxied', { image: IMAGE }))
      .toThrow(/platform datadog.site "https:\/\/datadog-proxy.internal" is a custom API URL: the agent and FireLens need a Datadog site .*set datadogAgent and datadogLogForwarding to false/);
    const { platform: ok } = datadogPlatform();
    expect(() => tenant(ok, 'bad-version', { serviceVersion: 'v 1' })).toThrow(/serviceVersion "v 1" must match/);
  });
});
