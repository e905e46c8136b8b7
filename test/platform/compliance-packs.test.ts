import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { buildSaasPlatform, exampleConfig, readTenants } from '../../examples/saas-platform/system';
import { MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform, TenantPlatformChecks } from '../../src';
import { CERT_ARN, ENV, IMAGE } from '../support/platform';

/** The packs teams in regulated industries run beside AwsSolutions: cdk-nag's and AWS Control Tower's proactive controls (cfn-guard). */
function addCompliancePacks(app: App): void {
  Validations.of(app).addPlugins(new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app), new CfnGuardValidator());
}

interface Finding { readonly plugin: string; readonly rule: string; readonly path: string }
interface Outcome { readonly errors: Finding[]; readonly accepted: Map<string, string> }

/** Synthesizes `app` (policy failures are read from the report, not thrown) into its errors and its acknowledged findings with their reasons. */
function validate(app: App): Outcome {
  try {
    app.synth();
  } catch (e) {
    if (!/Validation ?failed/i.test(String(e))) throw e;
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const errors = report.pluginReports.flatMap((p: any) => p.violations
    .filter((v: any) => v.severity !== 'warning' && v.severity !== 'info')
    .flatMap((v: any) => v.violatingConstructs.map((c: any) => ({ plugin: p.pluginName, rule: v.ruleName, path: c.constructPath }))));
  const accepted = new Map<string, string>(report.pluginReports.flatMap((p: any) => (p.suppressedViolations ?? [])
    .map((v: any) => [`${p.pluginName}::${v.ruleName}`, v.reason])));
  return { errors, accepted };
}

/** The README's defaults-only production app (platform, database, two tenants) with every pack registered; `extra` adds to the shared stack. */
function defaultsOnlyApp(extra: (stack: Stack) => void = () => {}): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-')) });
  Validations.of(app).addPlugins(new TenantPlatformChecks(app), new AwsSolutionsChecks(app));
  addCompliancePacks(app);
  const shared = new Stack(app, 'Shared', { env: ENV });
  const platform = new TenantPlatform(shared, 'Platform', {
    environment: PlatformEnvironment.PRODUCTION,
    certificate: acm.Certificate.fromCertificateArn(shared, 'Cert', CERT_ARN),
    notifications: { criticalEmails: ['oncall@example.com'] },
  });
  const database = new MonitoredDatabase(shared, 'Database', { platform });
  for (const tenantId of ['acme', 'globex']) {
    new SecureTenantService(new Stack(app, `Tenant-${tenantId}`, { env: ENV }), 'Service', {
      platform, tenantId, hostHeader: `${tenantId}.example.com`, image: IMAGE, database,
    });
  }
  extra(shared);
  return app;
}

function exampleApp(): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-example-')) });
  addCompliancePacks(app);
  buildSaasPlatform(app, exampleConfig(readTenants(path.join(__dirname, '../../examples/saas-platform/tenants.json'))));
  return app;
}

describe('compliance packs', () => {
  const defaultsOnly = validate(defaultsOnlyApp());
  const example = validate(exampleApp());

  test('a defaults-only production app has no unacknowledged error in AwsSolutions, NIST 800-53 R5, HIPAA, PCI DSS 3.2.1, Control Tower or TenantPlatformChecks', () => {
    expect(defaultsOnly.errors).toEqual([]);
  });

  test('the saas-platform example has no unacknowledged error in any of those packs', () => {
    expect(example.errors).toEqual([]);
  });

  test('every compliance pack really ran: each accepted some findings, so a clean report is not an unregistered pack', () => {
    const plugins = new Set([...defaultsOnly.accepted.keys()].map(id => id.split('::')[0]));
    expect([...plugins]).toEqual(expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'cdk-validator-cfnguard']));
  });

  test('a careless resource next to the platform still gets its findings in every pack', () => {
    const careless = validate(defaultsOnlyApp(stack => {
      new s3.CfnBucket(stack, 'CarelessBucket');
      new iam.Role(stack, 'CarelessRole', { assumedBy: new iam.AccountRootPrincipal() })
        .addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    }));
    const rulesFor = (resource: string) => new Set(careless.errors.filter(e => e.path.startsWith(`Shared/${resource}`)).map(e => `${e.plugin}::${e.rule}`));
    expect([...rulesFor('CarelessBucket')]).toEqual(expect.arrayContaining([
      'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS', 'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3BucketSSLRequestsOnly', 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'AwsSolutions::AwsSolutions-S1',
    ]));
    expect([...rulesFor('CarelessRole')]).toEqual(expect.arrayContaining([
      'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy', 'PCI.DSS.321::PCI.DSS.321-IAMNoInlinePolicy',
    ]));
  });

  test('every finding the library accepts in the regulated packs and Control Tower is listed in the README with its reason', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const accepted = new Map([...defaultsOnly.accepted, ...example.accepted]);
    const regulated = [...accepted].filter(([id]) => !/^(AwsSolutions|TenantPlatform|CloudFormation)/.test(id));
    expect(regulated.length).toBeGreaterThan(10);
    for (const [id, reason] of regulated) {
      const rule = id.split('::')[1].replace(/\[.*\]$/, '').replace(/^(NIST\.800\.53\.R5|HIPAA\.Security|PCI\.DSS\.321)-/, '');
      expect({ rule, listed: readme.includes(rule) }).toEqual({ rule, listed: true });
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
