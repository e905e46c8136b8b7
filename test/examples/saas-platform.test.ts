import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildSaasPlatform, exampleConfig, readTenants, TenantConfig } from '../../examples/saas-platform/system';

const TENANTS_FILE = path.join(__dirname, '../../examples/saas-platform/tenants.json');

/** Synthesizes the example with `tenants` into a fresh directory, policy packs included. */
function synthesize(tenants: TenantConfig[]) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'saas-platform-')) });
  buildSaasPlatform(app, exampleConfig(tenants));
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  return { assembly, report };
}

describe('examples/saas-platform', () => {
  const tenants = readTenants(TENANTS_FILE);
  const { assembly, report } = synthesize(tenants);

  test('starts with the three pilot tenants of seed 000', () => {
    expect(tenants.map(t => t.tenantId)).toEqual(['tenant-a', 'tenant-b', 'tenant-c']);
  });

  test('synthesizes a shared stack and one stack per tenant with zero unacknowledged policy errors', () => {
    expect(assembly.stacks.map(s => s.stackName).sort())
      .toEqual(['SaasPlatform-Shared', 'SaasPlatform-Tenant-tenant-a', 'SaasPlatform-Tenant-tenant-b', 'SaasPlatform-Tenant-tenant-c']);
    const errors = report.pluginReports.flatMap((p: any) => p.violations).filter((v: any) => v.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('TenantPlatformChecks runs on the example; its errors (DR-02 backup plan, SRV-01 framework tracing) are acknowledged with reasons', () => {
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    expect(pack.violations.find((v: any) => v.ruleName === 'TenantPlatform-Summary').description)
      .toMatch(/^TenantPlatform checked \d+ CloudFormation resources against \d+ rules with the PRODUCTION profile: 0 errors, /);
    expect(pack.suppressedViolations.map((v: any) => [v.ruleName, v.reason]).sort()).toEqual([
      ['TenantPlatform-BAK1', expect.stringContaining('comes with DrPlan')],
      ['TenantPlatform-LMB2', expect.stringContaining('only relays CloudFormation events to the Datadog handler')],
    ]);
  });

  test('adding a tenant to tenants.json adds its stack and changes no other template', () => {
    const grown = synthesize([...tenants, { tenantId: 'tenant-d', hostHeader: 'tenant-d.saas.example.com' }]).assembly;
    expect(grown.stacks).toHaveLength(assembly.stacks.length + 1);
    for (const stack of assembly.stacks) {
      expect(grown.getStackByName(stack.stackName).template).toEqual(stack.template);
    }
  });
});
