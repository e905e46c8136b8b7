import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  ITenantPlatform, MaintenanceWindow, MonitoredDatabase, PlatformEnvironment, SecureTenantService, SecureTenantServiceProps,
  TenantDatabaseAuthentication, TenantPlatform, TenantPlatformAttributes,
} from '../../src';
import { TENANT_DATABASE_SECRET_TAG } from '../../src/platform/tenant-database/tenant-database-provider';
import { database, ENV, IMAGE, platformStack, readsParameter, resolvesParameter, sharedParameter, tenant } from '../support/platform';

/** The platform `Shared-Platform` of `platformStack()` as another app knows it. */
const ATTRIBUTES: TenantPlatformAttributes = {
  platformName: 'Shared-Platform',
  platformStackName: 'Shared',
  environment: PlatformEnvironment.PRODUCTION,
};

/** A tenant in an app of its own, with the platform imported by name. */
function importedTenant(
  tenantId: string, attrs: Partial<TenantPlatformAttributes> = {},
  props: Partial<SecureTenantServiceProps> | ((platform: ITenantPlatform) => Partial<SecureTenantServiceProps>) = {},
): SecureTenantService {
  const stack = new Stack(new App(), `Tenant-${tenantId}`, { env: ENV });
  const platform = TenantPlatform.fromPlatformName(stack, 'Platform', { ...ATTRIBUTES, ...attrs });
  const overrides = typeof props === 'function' ? props(platform) : props;
  return new SecureTenantService(stack, 'Service', { platform, tenantId, hostHeader: `${tenantId}.example.com`, image: IMAGE, ...overrides });
}

/** The `MonitoredDatabase` `Database` of `platformStack()` as another app's tenant refers to it. */
function importedDatabase(platform: ITenantPlatform, databaseId = 'Database'): Partial<SecureTenantServiceProps> {
  return { database: MonitoredDatabase.fromDatabaseName(Stack.of(platform), 'Database', { platform, databaseId }) };
}

/** The template without the CDK metadata (construct paths), which differ by the app's construct tree. */
function templateJson(service: SecureTenantService): any {
  const json = Template.fromStack(Stack.of(service)).toJSON();
  for (const resource of Object.values<any>(json.Resources)) delete resource.Metadata;
  return json;
}

describe('TenantPlatform.fromPlatformName', () => {
  const shared = templateJson(tenant(platformStack().platform, 'acme'));
  const imported = templateJson(importedTenant('acme'));
  const typeCounts = (json: any) => Object.values<any>(json.Resources).reduce<Record<string, number>>(
    (counts, r) => ({ ...counts, [r.Type]: (counts[r.Type] ?? 0) + 1 }), {});

  test('a tenant of an app without the platform has the same resources, of the same types and counts, as in the shared app', () => {
    expect(typeCounts(imported)).toEqual(typeCounts(shared));
    expect(Object.keys(imported.Resources).sort()).toEqual(Object.keys(shared.Resources).sort());
  });

  test('its task definition, service, listener rule and alarms are those of the shared app, property for property', () => {
    for (const type of ['AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
      const of = (json: any) => Object.fromEntries(Object.entries<any>(json.Resources).filter(([, r]) => r.Type === type));
      expect(Object.keys(of(imported)).length).toBeGreaterThan(0);
      expect(of(imported)).toEqual(of(shared));
    }
    expect(imported.Resources).toEqual(shared.Resources);
  });

  test('it reads the platform from the same SSM parameters at deploy time, and imports no export', () => {
    expect(imported.Parameters).toEqual(shared.Parameters);
    const template = Template.fromJSON(imported);
    readsParameter(template, sharedParameter('Shard1ListenerArn'));
    expect(JSON.stringify(imported)).not.toContain('Fn::ImportValue');
  });

  test('the platform VPC of a tenant stack, shared or imported, has its private subnets\' route tables, so aws-cdk-lib warns nothing per tenant', () => {
    const { platform: sharedPlatform } = platformStack();
    let importedPlatform: ITenantPlatform | undefined;
    const importedService = importedTenant('acme', {}, p => (importedPlatform = p, {}));
    for (const [service, platform] of [[tenant(sharedPlatform, 'acme'), sharedPlatform], [importedService, importedPlatform!]] as const) {
      const stack = Stack.of(service);
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('routeTableId'))).toEqual([]);
      const routeTables = platform._vpcIn(service).privateSubnets.map(subnet => stack.resolve(subnet.routeTable.routeTableId));
      expect(routeTables).toEqual([1, 2].map(i => resolvesParameter(sharedParameter(`PrivateRouteTable${i}`))));
    }
  });

  test('MON-07, OPS-01: its maintenance schedules join the platform\'s group and its runbook finds the group and the cluster through outputs of the parameters read', () => {
    const template = Template.fromJSON(imported);
    expect(imported.Outputs).toEqual({
      ...shared.Outputs,
      MaintenanceAlarmActionsScheduleGroupNameE041DD37: expect.objectContaining({ Value: readsParameter(template, sharedParameter('MaintenanceScheduleGroup')) }),
      ServiceClusterName2634F75D: expect.objectContaining({ Value: readsParameter(template, sharedParameter('ClusterName')) }),
    });
    const app = Stack.of(importedTenant('acme')).node.root as App;
    const runbook = fs.readFileSync(path.join(app.synth().directory, 'runbooks', 'en', 'Tenant-acme.md'), 'utf8');
    expect(runbook).toContain("--stack-name Tenant-acme --query \"Stacks[0].Outputs[?OutputKey=='ServiceClusterName2634F75D'].OutputValue\"");
    expect(runbook).toContain("Outputs[?OutputKey=='MaintenanceAlarmActionsScheduleGroupNameE041DD37'].OutputValue");
  });

  test('OPS-03: its runbook runs the SSM Automation documents the platform of that name creates, on its own cluster and service', () => {
    const documents = Object.values<any>(Template.fromStack(Stack.of(platformStack().platform)).findResources('AWS::SSM::Document'))
      .map(d => d.Properties.Name).sort();
    const app = Stack.of(importedTenant('acme')).node.root as App;
    const runbook = fs.readFileSync(path.join(app.synth().directory, 'runbooks', 'en', 'Tenant-acme.md'), 'utf8');
    const run = [...runbook.matchAll(/start-automation-execution --document-name (\S+) --parameters "ClusterName=\$CLUSTER,ServiceName=\$\{SERVICE##\*\/\}/g)]
      .map(m => m[1]);
    expect([...new Set(run)].sort()).toEqual(documents);
    expect(documents).toEqual(['TenantPlatform-Shared-Platform-ForceNewDeployment', 'TenantPlatform-Shared-Platform-RollbackService']);
  });

  test('the facts given at synth set the same defaults as the platform: shard placement, log retention, maintenance window', () => {
    const service = importedTenant('zeta', { loadBalancerShards: 3, environment: PlatformEnvironment.STAGING, maintenanceWindow: MaintenanceWindow.secondSundayJst() });
    const { platform } = platformStack({ loadBalancerShards: 3, environment: PlatformEnvironment.STAGING });
    const same = tenant(platform, 'zeta');
    expect(service.loadBalancerShard).toBe(same.loadBalancerShard);
    Template.fromStack(Stack.of(service)).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('bad facts fail at synth, each named with its value and what is accepted', () => {
    expect(() => importedTenant('acme', { platformName: 'a/b', loadBalancerShards: 0, availabilityZones: ['ap-northeast-1a'] }))
      .toThrow(/3 problems:\n- platformName "a\/b" .*letters, digits.*\n- loadBalancerShards 0 .*\n- availabilityZones \["ap-northeast-1a"\] must name at least two zones/);
    expect(() => importedTenant('acme', { httpsEnabled: false })).toThrow(/httpsEnabled false cannot be false in production/);
  });

  test('what an imported platform cannot do yet is refused, naming the prop: Datadog', () => {
    expect(() => importedTenant('acme', { datadogEnabled: true })).toThrow(/datadogEnabled true is not supported by a platform imported by name yet/);
  });

  test('placement checks see the tenants of this app: two tenants on one imported platform cannot share a host name', () => {
    const stack = new Stack(new App(), 'Tenants', { env: ENV });
    const platform = TenantPlatform.fromPlatformName(stack, 'Platform', ATTRIBUTES);
    new SecureTenantService(stack, 'A', { platform, tenantId: 'alpha', hostHeader: 'shop.example.com', image: IMAGE });
    expect(() => new SecureTenantService(stack, 'B', { platform, tenantId: 'beta', hostHeader: 'shop.example.com', image: IMAGE }))
      .toThrow(/hostHeader "shop.example.com" of tenant "beta" is already routed to tenant "alpha"/);
  });
});

describe('MonitoredDatabase.fromDatabaseName', () => {
  const { platform } = platformStack();
  const shared = templateJson(tenant(platform, 'acme', { database: database(platform) }));
  const imported = templateJson(importedTenant('acme', {}, importedDatabase));

  test('DB-05: a tenant with a database in an app without the platform is the tenant of the shared app, resource for resource', () => {
    expect(Object.keys(imported.Resources)).toEqual(expect.arrayContaining(['ServiceDatabaseIdentityFC2406A1', 'ServiceDatabaseIngress29B09A7F']));
    expect(imported.Resources).toEqual(shared.Resources);
  });

  test('it reads the database from the same SSM parameters at deploy time, and imports no export', () => {
    expect(imported.Parameters).toEqual(shared.Parameters);
    expect(JSON.stringify(imported)).not.toContain('Fn::ImportValue');
    const template = Template.fromJSON(imported);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: readsParameter(template, sharedParameter('SecurityGroupId', 'Database')), FromPort: 5432, ToPort: 5432,
    });
    const [task] = Object.values<any>(imported.Resources).filter(r => r.Type === 'AWS::ECS::TaskDefinition');
    expect(task.Properties.ContainerDefinitions[0].Secrets).toEqual([{
      Name: 'DB_HOST',
      ValueFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:${ENV.region}:${ENV.account}:parameter${sharedParameter('Endpoint', 'Database')}`]] },
    }]);
  });

  test('DB-05: the tenant identity custom resource calls the provider whose service token it reads from the database\'s parameter', () => {
    const template = Template.fromJSON(imported);
    template.hasResourceProperties('Custom::TenantDatabaseIdentity', {
      ServiceToken: readsParameter(template, sharedParameter('TenantIdentityServiceToken', 'Database')),
      TenantId: 'acme',
      Authentication: 'IAM',
    });
  });

  test('DB-05: with PASSWORD, the tenant\'s secret is tagged for the database\'s provider as in the shared app', () => {
    const props = { databaseAuthentication: TenantDatabaseAuthentication.PASSWORD };
    const { platform: own } = platformStack();
    const same = templateJson(tenant(own, 'acme', { ...props, database: database(own) }));
    const json = templateJson(importedTenant('acme', {}, p => ({ ...props, ...importedDatabase(p) })));
    expect(json.Resources).toEqual(same.Resources);
    Template.fromJSON(json).hasResourceProperties('AWS::SecretsManager::Secret', {
      Tags: Match.arrayWith([{ Key: TENANT_DATABASE_SECRET_TAG, Value: 'Shared-Database' }]),
    });
  });

  test('bad attributes fail at synth, each named with its value and what is accepted', () => {
    const badAttributes = (p: ITenantPlatform) => ({
      database: MonitoredDatabase.fromDatabaseName(Stack.of(p), 'Db', { platform: p, databaseId: 'a/b', databaseName: 'App' }),
    });
    expect(() => importedTenant('acme', {}, badAttributes))
      .toThrow(/2 problems:\n- databaseId "a\/b" .*letters, digits.*\n- databaseName "App" .*PostgreSQL identifier/);
    const { platform: own } = platformStack();
    expect(() => MonitoredDatabase.fromDatabaseName(Stack.of(own), 'Db', { platform: own, databaseId: 'Database' }))
      .toThrow(/platform "Shared\/Platform" is a TenantPlatform of this app; accepted: a platform imported with TenantPlatform.fromPlatformName/);
  });
});
