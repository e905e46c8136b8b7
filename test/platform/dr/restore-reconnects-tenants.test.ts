import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureTenantService, TenantDatabaseAuthentication } from '../../../src';
import { protectedFixture } from '../../support/dr';
import { tenant } from '../../support/platform';
import { sectionOf, shellBlocks, stepsOf } from '../../support/runbooks';

/**
 * Issue 11's regression: the database restore procedure must really reconnect tenants. Each claim
 * of the procedure is checked against the templates it acts on, as deployment-claims.test.ts does
 * for the deployment behaviours.
 */
describe('DR-05: the database restore procedure reconnects the tenants the templates define', () => {
  const { app, stack, db } = protectedFixture();
  const iamTenant = tenant(db._platform, 'acme', { database: db });
  const passwordTenant = tenant(db._platform, 'bravo', { database: db, databaseAuthentication: TenantDatabaseAuthentication.PASSWORD });
  const assembly = app.synth();
  const en = fs.readFileSync(path.join(assembly.directory, 'runbooks', 'en', 'Shared.md'), 'utf8');
  const section = sectionOf(en, 'dr-l2-database-shared-database');
  const scripts = shellBlocks(section).map(b => b.script);
  const shared = Template.fromStack(stack);
  const [instanceId] = Object.keys(shared.findResources('AWS::RDS::DBInstance'));

  const putParameter = scripts.map(s => s.match(/aws ssm put-parameter --region ap-northeast-1 --name (\S+) --value "\$NEW_HOST" --overwrite/)).filter(Boolean);
  const hostParameter = putParameter[0]![1];
  const scriptIndex = (pattern: RegExp) => scripts.findIndex(s => pattern.test(s));

  const container = (service: SecureTenantService) => Object.values(Template.fromStack(Stack.of(service)).findResources('AWS::ECS::TaskDefinition'))[0]
    .Properties.ContainerDefinitions.find((c: any) => c.Name === 'App');
  const statements = (service: SecureTenantService) => Object.values(Template.fromStack(Stack.of(service)).findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  const parameterArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:ap-northeast-1:123456789012:parameter${hostParameter}`]] };

  test('the parameter the procedure points at the new instance is the one the shared stack publishes the instance\'s endpoint as', () => {
    // Twice: to the restored instance, and back to the original name after the rename.
    expect(putParameter).toHaveLength(2);
    expect(hostParameter).toBe('/cdk-tenant-platform/Shared-Platform/databases/Database/Endpoint');
    shared.hasResourceProperties('AWS::SSM::Parameter', { Name: hostParameter, Type: 'String', Value: { 'Fn::GetAtt': [instanceId, 'Endpoint.Address'] } });
    expect(scripts.find(s => s.includes('put-parameter'))).toContain(
      'NEW_HOST=$(aws rds describe-db-instances --region ap-northeast-1 --db-instance-identifier shared-database-restored --query "DBInstances[0].Endpoint.Address" --output text)');
  });

  test('every tenant task injects DB_HOST from that parameter when it starts, and its execution role may read it', () => {
    for (const service of [iamTenant, passwordTenant]) {
      const c = container(service);
      expect(c.Secrets).toContainEqual({ Name: 'DB_HOST', ValueFrom: parameterArn });
      expect(c.Environment.map((e: any) => e.Name)).not.toContain('DB_HOST');
      expect(statements(service)).toContainEqual(expect.objectContaining({ Action: expect.arrayContaining(['ssm:GetParameters']), Effect: 'Allow', Resource: parameterArn }));
    }
  });

  test('the IAM grant survives the restore: rds-db:connect names the tenant\'s role on any instance, not the old DbiResourceId', () => {
    const connect = statements(iamTenant).filter((s: any) => s.Action === 'rds-db:connect');
    expect(connect).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:ap-northeast-1:123456789012:dbuser:*/tenant_acme']] },
    })]);
    expect(JSON.stringify(Template.fromStack(Stack.of(iamTenant)).toJSON())).not.toContain('Database/ResourceId');
  });

  test('the procedure rewrites the host of exactly the password secrets the tenants of this database carry', () => {
    const script = scripts.find(s => s.includes('put-parameter'))!;
    const filter = script.match(/--filters Key=tag-key,Values=(\S+) Key=tag-value,Values=(\S+) /)!;
    const [, secret] = Object.entries(Template.fromStack(Stack.of(passwordTenant)).findResources('AWS::SecretsManager::Secret'))[0];
    expect(secret.Properties.Tags).toContainEqual({ Key: filter[1], Value: filter[2] });
    expect(script).toContain('jq --arg host "$NEW_HOST" \'.host = $host\' > "$WORK/tenant.json"');
  });

  test('then it starts new tasks in the cluster the tenant services run in; no step claims a redeployment reads the connection', () => {
    const restart = scriptIndex(/--force-new-deployment/);
    expect(restart).toBeGreaterThan(scriptIndex(/put-parameter/));
    const [clusterId] = Object.keys(shared.findResources('AWS::ECS::Cluster'));
    expect(scripts[restart]).toMatch(new RegExp(`CLUSTER=.*--logical-resource-id ${clusterId}`));
    for (const service of [iamTenant, passwordTenant]) {
      const cluster = Object.values(Template.fromStack(Stack.of(service)).findResources('AWS::ECS::Service'))[0].Properties.Cluster;
      const read = Template.fromStack(Stack.of(service)).toJSON().Parameters[cluster.Ref];
      expect(read.Default).toBe('/cdk-tenant-platform/Shared-Platform/ClusterName');
      shared.hasResourceProperties('AWS::SSM::Parameter', { Name: read.Default, Value: { Ref: clusterId } });
    }
    const steps = stepsOf(section).join('\n');
    expect(steps).not.toMatch(/so it reads the new connection/);
    expect(steps).toMatch(/Start new tasks of every tenant service so they read the new DB_HOST/);
  });
});
