import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { SecureTenantService, TenantDatabaseAuthentication, TenantDatabaseIsolation } from '../../../src';
import { database, ENV, IMAGE, platformStack, readsParameter, resolvesParameter, sharedParameter, tenant } from '../../support/platform';
import { flagged } from '../../support/policy';

/** A platform with its database and one tenant `acme` with `overrides`; the templates of both stacks. */
function setup(overrides: Parameters<typeof tenant>[2] = {}) {
  const { stack, platform } = platformStack();
  const db = database(platform);
  const service = tenant(platform, 'acme', { database: db, ...overrides });
  return { shared: Template.fromStack(stack), tenantTemplate: Template.fromStack(Stack.of(service)), service, sharedStack: stack };
}

const appContainer = (t: Template) => Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions
  .find((c: any) => c.Name === 'App');
const statements = (t: Template) => Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);

describe('TenantDatabaseIdentity (DB-05)', () => {
  const { shared, tenantTemplate, service } = setup();

  test('DB-05: each tenant has a Custom::TenantDatabaseIdentity served by the database\'s provider, IAM and its own schema by default, data kept on removal', () => {
    tenantTemplate.hasResource('Custom::TenantDatabaseIdentity', {
      Properties: {
        ServiceToken: readsParameter(tenantTemplate, sharedParameter('TenantIdentityServiceToken', 'Database')),
        TenantId: 'acme',
        Isolation: 'SCHEMA',
        Authentication: 'IAM',
        OnRemoval: 'RETAIN',
      },
      DeletionPolicy: 'Delete', // the Delete event retires the role (NOLOGIN) and keeps the schema
    });
    expect(service.databaseIdentity).toMatchObject({ roleName: 'tenant_acme', schemaName: 'tenant_acme', databaseName: 'app' });
    // The service starts once the role exists.
    const [serviceId] = Object.keys(tenantTemplate.findResources('AWS::ECS::Service'));
    const [identityId] = Object.keys(tenantTemplate.findResources('Custom::TenantDatabaseIdentity'));
    expect(tenantTemplate.toJSON().Resources[serviceId].DependsOn).toContain(identityId);
  });

  test('DB-05: the provider runs in the private subnets and is the only function that reads the master secret besides its rotation', () => {
    const functions = shared.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { MASTER_SECRET_ARN: Match.anyValue() } } } });
    expect(Object.keys(functions)).toHaveLength(1);
    const fn = Object.values(functions)[0].Properties;
    expect(fn.VpcConfig.SubnetIds.length).toBeGreaterThan(0);
    expect(JSON.stringify(fn.VpcConfig.SubnetIds)).toMatch(/PrivateSubnet/);
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
    const [secretId] = Object.keys(shared.findResources('AWS::SecretsManager::SecretTargetAttachment'));
    const readers = Object.values(shared.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.PolicyDocument.Statement.some((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue')
        && JSON.stringify(s.Resource).includes(secretId)))
      .map((p: any) => JSON.stringify(p.Properties.Roles));
    expect(readers).toHaveLength(1);
    expect(readers[0]).toMatch(/TenantIdentitiesHandlerServiceRole/);
  });

  test('DB-05: the tenant gets DB_HOST (from the database\'s SSM parameter, read when a task starts), DB_PORT, DB_NAME, DB_USER and DB_SCHEMA, no secret of the database, and rds-db:connect as its own role', () => {
    const c = appContainer(tenantTemplate);
    const host = sharedParameter('Endpoint', 'Database');
    expect(c.Secrets).toEqual([{ Name: 'DB_HOST', ValueFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:ap-northeast-1:123456789012:parameter${host}`]] } }]);
    const env = Object.fromEntries(c.Environment.map((e: any) => [e.Name, e.Value]));
    expect(env).toMatchObject({ DB_PORT: '5432', DB_NAME: 'app', DB_USER: 'tenant_acme', DB_SCHEMA: 'tenant_acme' });
    expect(env.DB_HOST).toBeUndefined();
    const connect = statements(tenantTemplate).find((s: any) => s.Action === 'rds-db:connect');
    // arn:aws:rds-db:<region>:<account>:dbuser:*/<user>: any instance id, so a restored instance (a new DbiResourceId) accepts the same grant.
    expect(connect.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:ap-northeast-1:123456789012:dbuser:*/tenant_acme']] });
  });

  test('the DB_HOST parameter adds no template parameter to the tenant stack: its value, if read, is a dynamic reference (aws-cdk-lib 2.269 would add an unused one)', () => {
    const fresh = setup();
    const host = sharedParameter('Endpoint', 'Database');
    expect(() => readsParameter(fresh.tenantTemplate, host)).toThrow(/reads no SSM parameter/);
    const parameter = fresh.service.node.findChild('SharedParameterEndpoint') as ssm.IStringParameter;
    expect(parameter.parameterName).toBe(host);
    expect(Stack.of(fresh.service).resolve(parameter.stringValue)).toBe(resolvesParameter(host));
  });

  test('DB-05: rotating the master password touches no tenant: no tenant template refers to the master secret', () => {
    expect(JSON.stringify(tenantTemplate.toJSON())).not.toMatch(/Database-SecretArn|DatabaseSecret/);
    expect(flagged(Stack.of(service), 'ECS15')).toEqual([]);
  });

  test('DB-05: PASSWORD authentication gives the tenant its own rotated secret, as DB_PASSWORD, decryptable by the execution role (ECS-05)', () => {
    const { tenantTemplate: t, service: s } = setup({ databaseAuthentication: TenantDatabaseAuthentication.PASSWORD });
    const [secretId, secret] = Object.entries(t.findResources('AWS::SecretsManager::Secret'))[0];
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.Properties.KmsKeyId).toEqual(resolvesParameter(sharedParameter('KeyArn')));
    expect(secret.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'cdk-tenant-platform:tenant-database', Value: 'Shared-Database' }]));
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId }, RotationRules: { ScheduleExpression: 'rate(90 days)' }, HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
    });
    t.hasResourceProperties('Custom::TenantDatabaseIdentity', { Authentication: 'PASSWORD', PasswordSecretArn: { Ref: secretId } });
    expect(appContainer(t).Secrets).toEqual([
      { Name: 'DB_HOST', ValueFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:ap-northeast-1:123456789012:parameter${sharedParameter('Endpoint', 'Database')}`]] } },
      { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: secretId }, ':password::']] } },
    ]);
    expect(statements(t).some((st: any) => st.Action === 'rds-db:connect')).toBe(false);
    expect(statements(t)).toContainEqual({
      Action: 'kms:Decrypt',
      Effect: 'Allow',
      Resource: resolvesParameter(sharedParameter('KeyArn')),
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-1.amazonaws.com' } },
    });
    expect(flagged(Stack.of(s), 'KMS1')).toEqual([]);
  });

  test('DB-05: a database of its own, and dropping on removal, are explicit options', () => {
    const { tenantTemplate: t, service: s } = setup({ databaseIsolation: TenantDatabaseIsolation.DATABASE, dropDatabaseOnRemoval: true });
    t.hasResourceProperties('Custom::TenantDatabaseIdentity', { Isolation: 'DATABASE', OnRemoval: 'DROP' });
    expect(s.databaseIdentity?.databaseName).toBe('tenant_acme');
    expect(appContainer(t).Environment).toContainEqual({ Name: 'DB_NAME', Value: 'tenant_acme' });
  });

  test('ECS-05: a user secret under a customer managed key is decryptable only when its key is passed in secretEncryptionKeys', () => {
    const keyArn = 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const build = (withKey: boolean) => {
      const { app, platform } = platformStack();
      const stack = new Stack(app, 'Tenant-acme', { env: ENV });
      const key = kms.Key.fromKeyArn(stack, 'AppKey', keyArn);
      const appSecret = new secretsmanager.Secret(stack, 'AppSecret', { encryptionKey: key });
      new SecureTenantService(stack, 'Service', {
        platform,
        tenantId: 'acme',
        hostHeader: 'acme.example.com',
        image: IMAGE,
        secrets: { API_KEY: ecs.Secret.fromSecretsManager(appSecret) },
        secretEncryptionKeys: withKey ? [key] : undefined,
      });
      return flagged(stack, 'KMS1');
    };
    expect(build(false)).toEqual(['Tenant-acme/Service/TaskDefinition/Resource[App:API_KEY]']);
    expect(build(true)).toEqual([]);
  });
});
