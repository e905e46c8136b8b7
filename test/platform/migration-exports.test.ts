import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildSaasPlatform, exampleConfig, readTenants } from '../../examples/saas-platform/system';
import { PlatformEnvironment, TenantDatabaseAuthentication, TenantDeployment } from '../../src';
import { database, platformStack, tenant } from '../support/platform';

/**
 * Every `Fn::ImportValue` name of tenant templates synthesized by main at c4fc238, before tenants read
 * SSM parameters: the saas-platform example and a DEVELOPMENT platform with two shards (blue/green
 * and PASSWORD tenants). Deployed tenant stacks keep importing these until they are redeployed.
 */
const OLD_IMPORTS: { example: Record<string, string[]>; development: Record<string, string[]> } =
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'tenant-imports-c4fc238.json'), 'utf8'));

/** Export name → the value the shared template exports under it. */
function exportsOf(stack: Stack): Map<string, unknown> {
  return new Map(Object.values(Template.fromStack(stack).findOutputs('*')).filter(o => o.Export).map(o => [o.Export.Name, o.Value]));
}

/** SSM parameter name → the value the shared template publishes under it. */
function parametersOf(stack: Stack): Map<string, unknown> {
  return new Map(Object.values(Template.fromStack(stack).findResources('AWS::SSM::Parameter')).map(p => [p.Properties.Name, p.Properties.Value]));
}

/** `<stack>-<owner>-<key>` → the parameter the same owner publishes the key as. */
function parameterOf(exportName: string, stackName: string, platformName: string): string {
  const [owner, key] = exportName.slice(stackName.length + 1).split(/-(.*)/s);
  return owner === 'Platform' ? `/cdk-tenant-platform/${platformName}/${key}` : `/cdk-tenant-platform/${platformName}/databases/${owner}/${key}`;
}

describe('migration from exports to SSM parameters: tenant stacks deployed before keep resolving while the new ones roll out', () => {
  const example = buildSaasPlatform(new App(), exampleConfig(readTenants(path.join(__dirname, '../../examples/saas-platform/tenants.json'))));
  const development = platformStack({ environment: PlatformEnvironment.DEVELOPMENT, loadBalancerShards: 2 });
  const db = database(development.platform);
  tenant(development.platform, 'blue-green', { database: db, loadBalancerShard: 2, deployment: TenantDeployment.blueGreen() });
  tenant(development.platform, 'password', { database: db, loadBalancerShard: 1, databaseAuthentication: TenantDatabaseAuthentication.PASSWORD });

  test.each([
    ['the example', OLD_IMPORTS.example, example.shared as Stack, 'SaasPlatform-Shared-Platform'],
    ['the development platform', OLD_IMPORTS.development, development.stack, 'Shared-Platform'],
  ])('%s: every name an old tenant template imports is still exported, with the value its SSM parameter now carries', (_, old, shared, platformName) => {
    const exported = exportsOf(shared);
    const published = parametersOf(shared);
    const names = [...new Set(Object.values(old).flat())];
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) {
      expect([name, exported.has(name)]).toEqual([name, true]);
      expect(exported.get(name)).toEqual(published.get(parameterOf(name, shared.stackName, platformName)));
    }
  });

  test('the new tenant templates import nothing: they read the same values from SSM parameters', () => {
    for (const stack of [...example.tenants, ...development.app.node.children.filter((c): c is Stack => c instanceof Stack && c.stackName.startsWith('Tenant-'))]) {
      const template = JSON.stringify(Template.fromStack(stack).toJSON());
      expect(template).not.toContain('Fn::ImportValue');
      expect(template).toContain('/cdk-tenant-platform/');
    }
  });

  test('publishLegacyExports: false, the documented last step, drops the exports and keeps the parameters', () => {
    const { stack, platform } = platformStack({ publishLegacyExports: false });
    database(platform);
    const template = Template.fromStack(stack);
    expect(Object.values(template.findOutputs('*')).filter(o => o.Export)).toEqual([]);
    expect(parametersOf(stack).get('/cdk-tenant-platform/Shared-Platform/Shard1ListenerArn')).toBeDefined();
    expect(parametersOf(stack).get('/cdk-tenant-platform/Shared-Platform/databases/Database/Endpoint')).toBeDefined();
  });
});
