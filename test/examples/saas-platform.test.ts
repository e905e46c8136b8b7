import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { countDatadogByStack } from '../../examples/saas-platform/datadog-counts';
import { buildSaasPlatform, exampleConfig, readTenants, TenantConfig } from '../../examples/saas-platform/system';
import { alarmsWithoutRunbookSection, anchorsOf, datadogMonitorsWithoutRunbookSection, runbookPlaceholders, templateFiles } from '../support/runbooks';
import { bashSyntaxErrors, commandBlocks, shellcheckFindings, SKIP_SHELLCHECK } from '../support/shell-check';

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

  test('synthesizes a shared stack, its copy-vault stack in Osaka and one stack per tenant with zero unacknowledged policy errors', () => {
    expect(assembly.stacks.map(s => s.stackName).sort()).toEqual([
      'SaasPlatform-Shared', 'SaasPlatform-Shared-Dr-ap-northeast-3',
      'SaasPlatform-Tenant-tenant-a', 'SaasPlatform-Tenant-tenant-b', 'SaasPlatform-Tenant-tenant-c',
    ]);
    expect(assembly.getStackByName('SaasPlatform-Shared-Dr-ap-northeast-3').environment.region).toBe('ap-northeast-3');
    const errors = report.pluginReports.flatMap((p: any) => p.violations).filter((v: any) => v.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('TenantPlatformChecks runs on the example; its errors (SRV-01 framework tracing, root Datadog sidecars) are acknowledged with reasons', () => {
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    expect(pack.violations.find((v: any) => v.ruleName === 'TenantPlatform-Summary').description)
      .toMatch(/^TenantPlatform checked \d+ CloudFormation resources against \d+ rules with the PRODUCTION profile: 0 errors, /);
    const acknowledged = new Map<string, string>(pack.suppressedViolations.map((v: any) => [v.ruleName, v.reason]));
    expect([...acknowledged.keys()].sort()).toEqual([
      'TenantPlatform-ECS11[log-router]',
      'TenantPlatform-ECS12[datadog-agent-init]', 'TenantPlatform-ECS12[datadog-agent]', 'TenantPlatform-ECS12[log-router]',
      'TenantPlatform-LMB2',
    ]);
    expect(acknowledged.get('TenantPlatform-LMB2')).toContain('only relays CloudFormation events to the Datadog handler');
    // One Datadog provider per stack with Datadog resources: the shared stack and each tenant's.
    const withDatadog = assembly.stacks.filter(st => Object.values<any>(st.template.Resources).some(r => r.Type.startsWith('Custom::Datadog')));
    expect(withDatadog).toHaveLength(1 + tenants.length);
    // ...and the database's tenant identity provider (DB-05), in the shared stack.
    const lmb2 = pack.suppressedViolations.filter((v: any) => v.ruleName === 'TenantPlatform-LMB2');
    expect(lmb2).toHaveLength(withDatadog.length + 1);
    expect(lmb2.filter((v: any) => v.reason.includes('only relays CloudFormation events to the tenant database handler'))).toHaveLength(1);
    // ECS-05: each tenant's three sidecars, once per tenant stack; the application container itself is non-root and read-only.
    expect(pack.suppressedViolations.filter((v: any) => /ECS1[12]/.test(v.ruleName))).toHaveLength(4 * tenants.length);
  });

  test('MON-02: PagerDuty\'s integration key is nowhere in cdk.out; the critical topic subscribes it through a Secrets Manager reference', () => {
    const everyFile = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap(e => (e.isDirectory() ? everyFile(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = everyFile(assembly.directory);
    expect(files.map(f => path.basename(f))).toEqual(expect.arrayContaining(['tree.json', 'manifest.json', 'SaasPlatform-Shared.template.json']));
    // Templates, logical ids, metadata, tree.json, assets and runbooks alike: no endpoint, no key.
    expect(files.filter(f => /pagerduty\.com\/integration|0123456789abcdef0123456789abcdef/i.test(fs.readFileSync(f, 'latin1')))).toEqual([]);
    const subscriptions = assembly.stacks.flatMap(st => Object.values<any>(st.template.Resources))
      .filter(r => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'https');
    expect(subscriptions.map(r => r.Properties.Endpoint)).toEqual([
      '{{resolve:secretsmanager:arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:saas-platform/pagerduty-MnOpQr:SecretString:endpoint::}}',
    ]);
  });

  test('MON-05: only the Datadog providers read the secret with the application key; task execution roles and Firehose read the API-key-only secret', () => {
    const readers = (arnPart: string) => assembly.stacks.flatMap(st => Object.entries<any>(st.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes(arnPart))
      .map(([, r]) => `${st.stackName}/${r.Properties.Roles[0].Ref.replace(/[0-9A-F]{8}$/, '')}`)).sort();
    // Tenant stacks refer to the secrets by export ("...DatadogCredentialsArn"), the shared stack by ARN.
    expect(readers('saas-platform/datadog-AbCdEf').concat(readers('DatadogCredentialsArn')).every(r => /DatadogProviderHandlerServiceRole$/.test(r))).toBe(true);
    expect(readers('saas-platform/datadog-AbCdEf').concat(readers('DatadogCredentialsArn'))).toHaveLength(1 + tenants.length);
    const apiKeyReaders = readers('saas-platform/datadog-api-key-GhIjKl').concat(readers('DatadogApiKeySecretArn'));
    expect(apiKeyReaders.filter(r => /ExecutionRole$/.test(r))).toHaveLength(tenants.length);
    expect(apiKeyReaders.filter(r => !/ExecutionRole$/.test(r))).toEqual([expect.stringMatching(/^SaasPlatform-Shared\/PlatformFlowLogForwarding.*Role$/)]);
  });

  test('MON-08: every alarm in the synthesized templates links to a runbook section in both locales', () => {
    const alarms = templateFiles(assembly.directory).flatMap(f => Object.values<any>(JSON.parse(fs.readFileSync(f, 'utf8')).Resources))
      .filter(r => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(40);
    expect(alarmsWithoutRunbookSection(assembly.directory)).toEqual([]);
  });

  test('MON-08: every Datadog monitor, composite, synthetics test and SLO links to a runbook section in both locales', () => {
    expect(countDatadogByStack(assembly.directory).total.l3).toBeGreaterThan(0);
    expect(datadogMonitorsWithoutRunbookSection(assembly.directory)).toEqual([]);
  });

  test('OPS-06: the runbooks have the same sections in Japanese and English, and no placeholder in any command', () => {
    const runbooks = path.join(assembly.directory, 'runbooks');
    const index = JSON.parse(fs.readFileSync(path.join(runbooks, 'index.json'), 'utf8'));
    // Every stack has a runbook but the copy vault's, whose checks are in the shared stack's DR sections.
    expect(index.runbooks.map((r: any) => r.stackName).sort())
      .toEqual(assembly.stacks.map(s => s.stackName).filter(name => name !== 'SaasPlatform-Shared-Dr-ap-northeast-3').sort());
    for (const { file } of index.runbooks) {
      const ja = anchorsOf(path.join(runbooks, 'ja', file));
      expect(ja.size).toBeGreaterThan(10);
      expect(anchorsOf(path.join(runbooks, 'en', file))).toEqual(ja);
    }
    expect(runbookPlaceholders(runbooks)).toEqual([]);
    expect(fs.readFileSync(path.join(runbooks, 'en', 'README.md'), 'utf8')).toMatch(/```mermaid\nflowchart LR\n/);
  });

  test('OPS-01: every command of every section the example renders parses with bash -n and passes shellcheck', () => {
    const blocks = commandBlocks(path.join(assembly.directory, 'runbooks'));
    expect(blocks.length).toBeGreaterThan(300);
    expect(bashSyntaxErrors(blocks)).toEqual([]);
    if (!SKIP_SHELLCHECK) expect(shellcheckFindings(blocks)).toEqual([]);
  });

  test('the runbook excerpt in README.md is what the example really renders', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const excerpt = /An excerpt of the example's `runbooks\/ja\/([^`]+)`[\s\S]*?````markdown\n([\s\S]*?)````/.exec(readme)!;
    expect(excerpt).not.toBeNull();
    expect(fs.readFileSync(path.join(assembly.directory, 'runbooks', 'ja', excerpt[1]), 'utf8')).toContain(excerpt[2]);
  });

  test('DR-04, DR-05: the shared stack\'s runbook has the recovery levels, failed-job alerts, restore test and drills', () => {
    const index = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'runbooks', 'index.json'), 'utf8'));
    const shared = index.runbooks.find((r: any) => r.stackName === 'SaasPlatform-Shared');
    expect(shared.sections.map((s: any) => s.anchor).filter((a: string) => a.startsWith('dr-'))).toEqual([
      'dr-overview', 'dr-l1-service-partial', 'dr-l2-database-saasplatform-shared-database', 'dr-l2-bucket-saas-platform-shared-uploads',
      'dr-l3-region-failure', 'dr-backup-job-failed', 'dr-copy-job-failed', 'dr-restore-test-failed', 'dr-monthly-restore-test', 'dr-quarterly-drills',
    ]);
  });

  test('DR-01: the database and the uploads bucket meet the seed objectives, and the table is in the cloud assembly', () => {
    const table = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'dr', 'SaasPlatform-Shared-Dr.objectives.json'), 'utf8'));
    expect(table.resources.map((r: any) => r.label)).toEqual(['RDS instance saasplatform-shared-database', 'S3 bucket SaasPlatform-Shared/Uploads']);
    for (const resource of table.resources) {
      expect(resource.recoveries.map((r: any) => r.met)).toEqual([true, true, true, true]);
      expect(resource.recoveries.every((r: any) => r.objectiveRto !== null)).toBe(true);
    }
    expect(fs.existsSync(path.join(assembly.directory, 'dr', 'SaasPlatform-Shared-Dr.objectives.ja.md'))).toBe(true);
  });

  test('adding a tenant to tenants.json adds its stack and changes no other template', () => {
    const grown = synthesize([...tenants, { tenantId: 'tenant-d', hostHeader: 'tenant-d.saas.example.com' }]).assembly;
    expect(grown.stacks).toHaveLength(assembly.stacks.length + 1);
    for (const stack of assembly.stacks) {
      expect(grown.getStackByName(stack.stackName).template).toEqual(stack.template);
    }
  });

  test('DB-05, ECS-05: each tenant signs in as its own database role; no tenant task receives the master secret; no injected secret is undecryptable', () => {
    for (const { tenantId } of tenants) {
      const template = assembly.getStackByName(`SaasPlatform-Tenant-${tenantId}`).template;
      const resources = Object.values<any>(template.Resources);
      expect(resources.filter(r => r.Type === 'Custom::TenantDatabaseIdentity').map(r => r.Properties))
        .toEqual([expect.objectContaining({ TenantId: tenantId, Authentication: 'IAM', Isolation: 'SCHEMA', OnRemoval: 'RETAIN' })]);
      const app = resources.find(r => r.Type === 'AWS::ECS::TaskDefinition').Properties.ContainerDefinitions.find((c: any) => c.Name === 'App');
      expect(app.Environment).toContainEqual({ Name: 'DB_USER', Value: `tenant_${tenantId.replace(/-/g, '_')}` });
      // The only injected value of the database is DB_HOST, from its endpoint parameter (read when a task starts).
      expect(app.Secrets.map((secret: any) => secret.Name)).toEqual(['DB_HOST']);
      expect(JSON.stringify(app.Secrets)).toMatch(/:parameter\/cdk-tenant-platform\/SaasPlatform-Shared-Platform\/databases\/Database\/Endpoint"/);
      expect(JSON.stringify(template)).not.toMatch(/Database-SecretArn/);
    }
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    const findingsOf = (id: string) => [...pack.violations, ...pack.suppressedViolations ?? []].filter((v: any) => v.ruleName.startsWith(`TenantPlatform-${id}`));
    expect(findingsOf('ECS15')).toEqual([]);
    // KMS1 finds no error. The one secret it cannot judge is the Datadog key secret, which the example
    // imports by ARN from outside the app (SaasPlatformConfig.datadogCredentialsArn): its key is not in any template.
    const kms1 = findingsOf('KMS1');
    expect(kms1.map((v: any) => [v.ruleName, v.severity]))
      .toEqual([['TenantPlatform-KMS1[Unresolved:ContainerDefinitions.LogConfiguration.SecretOptions.ValueFrom]', 'warning']]);
    expect(kms1[0].violatingConstructs.map((c: any) => c.constructPath).sort())
      .toEqual(tenants.map(t => `SaasPlatform-Tenant-${t.tenantId}/Service/TaskDefinition/Resource`));
  });

  test('AwsSolutionsChecks runs on the example too: it writes no report while clean, and a careless bucket added to it fails the synth', () => {
    expect(report.pluginReports.map((p: any) => p.pluginName)).not.toContain('AwsSolutions');
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'saas-platform-')) });
    const { shared } = buildSaasPlatform(app, exampleConfig(tenants));
    new s3.CfnBucket(shared, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions::AwsSolutions-S10/);
    const failed = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    const awsSolutions = failed.pluginReports.find((p: any) => p.pluginName === 'AwsSolutions');
    const flagged = awsSolutions.violations
      .filter((v: any) => v.violatingConstructs.some((c: any) => c.constructPath === 'SaasPlatform-Shared/CarelessBucket'))
      .map((v: any) => v.ruleName);
    expect(flagged).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
