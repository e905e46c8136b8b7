import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { main } from '../../src/cli/main';
import { newApp, synthWithPlugins } from '../support/policy';

/** Runs `tenant-platform report ...` in-process with `cwd` as working directory. */
async function report(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['report', ...args], { out: t => { out += t; }, err: t => { err += t; }, env: {}, cwd });
  return { code, out, err };
}

const ACK_REASON = 'Flow logs are enabled by the organization for every VPC.';

/**
 * An app with findings from every kind of plugin: TenantPlatform (an error in a nested stage, an
 * error and a warning in the shared stack), AwsSolutions (errors, one acknowledged with a reason),
 * and CDK's built-in CloudFormation Validate (a warning).
 */
function appWithViolations(): App {
  const app = newApp(true);
  // Without creation traces each location is the template line, whatever Node's frame limit lets a
  // trace reach (test/cli/sarif-source.test.ts covers the traces).
  app.node.setContext('aws:cdk:disable-creation-stack-traces', true);
  const shared = new Stack(app, 'Shared');
  new sqs.Queue(shared, 'Jobs');
  const vpc = new ec2.CfnVPC(shared, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  new ec2.CfnSubnet(shared, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24', availabilityZone: 'ap-northeast-1a' });
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions::AwsSolutions-VPC7', reason: ACK_REASON });
  new logs.LogGroup(new Stack(new Stage(app, 'Prod'), 'Tenant'), 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
  return app;
}

describe('tenant-platform report on an assembly with violations', () => {
  let assembly: string;
  let cwd: string;
  let result: { code: number; out: string; err: string };
  const read = (file: string) => fs.readFileSync(path.join(assembly, 'reports', file), 'utf8');

  beforeAll(async () => {
    const app = appWithViolations();
    const synthesized = synthWithPlugins(app, {}, new AwsSolutionsChecks(app));
    expect(synthesized.error).toBeDefined(); // errors remain: the synth failed, and wrote the report
    assembly = synthesized.outdir;
    cwd = path.dirname(assembly);
    result = await report(cwd, path.basename(assembly), '--format', 'sarif,junit', '--format', 'markdown', '-f', 'csv', '--out', path.join(path.basename(assembly), 'reports'));
  });

  test('exits 1 because errors remain, says where each report went on stdout, progress on stderr', () => {
    expect(result.err).toMatch(/^read 7 findings from tenant-platform-policy-\w+\/validation-report\.json\n$/);
    expect(result.code).toBe(1);
    for (const file of ['validation-report.sarif', 'validation-report.junit.xml', 'validation-report.md', 'validation-report.csv']) {
      expect(result.out).toContain(path.join(path.basename(assembly), 'reports', file));
    }
    const plugins = /plugins reporting: (.*)\)/.exec(result.out)![1].split(', ').sort();
    expect(plugins).toEqual(['AwsSolutions', 'CloudFormation Validate', 'TenantPlatform']);
  });

  test('SARIF 2.1.0: one rule per rule id with help and requirement, one result per construct at its template line', () => {
    const sarif = JSON.parse(read('validation-report.sarif'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['TenantPlatform-LOG1', 'TenantPlatform-VPC2', 'AwsSolutions-VPC7', 'AwsSolutions-SQS4', 'CloudFormation-Validate::W3010']));
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);

    const rule = run.tool.driver.rules.find((r: any) => r.id === 'TenantPlatform-LOG1');
    expect(rule.help.text).toContain('Requirement: LOG-01');
    expect(rule.help.text).toContain('Fix: Set RetentionInDays to 30 or more');
    expect(rule.helpUri).toMatch(/RULES\.md#tenantplatform-log1$/);

    const logResult = run.results.find((r: any) => r.ruleId === 'TenantPlatform-LOG1');
    const location = logResult.locations[0];
    expect(logResult.level).toBe('error');
    expect(location.logicalLocations[0]).toMatchObject({ fullyQualifiedName: 'Prod/Tenant/Logs/Resource', kind: 'resource' });
    const template = fs.readFileSync(path.join(cwd, decodeURIComponent(location.physicalLocation.artifactLocation.uri)), 'utf8').split('\n');
    expect(location.physicalLocation.artifactLocation.uri).toMatch(/\/assembly-Prod\/ProdTenant[0-9A-F]+\.template\.json$/);
    expect(template[location.physicalLocation.region.startLine - 1].trim()).toBe(`"${location.logicalLocations[0].name}": {`);

    const acknowledged = run.results.find((r: any) => r.ruleId === 'AwsSolutions-VPC7');
    expect(acknowledged.suppressions).toEqual([{ kind: 'external', justification: ACK_REASON }]);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^TenantPlatform checked \d+ CloudFormation resources/);
  });

  test('JUnit: a test case per rule × resource; errors fail, acknowledged findings are skipped', () => {
    const junit = read('validation-report.junit.xml');
    expect(junit).toMatch(/<testcase classname="TenantPlatform\.TenantPlatform-LOG1" name="TenantPlatform-LOG1 Prod\/Tenant\/Logs\/Resource"><failure type="error"/);
    expect(junit).toContain(`<testcase classname="AwsSolutions.AwsSolutions-VPC7" name="AwsSolutions-VPC7 Shared/Vpc"><skipped message="Acknowledged: ${ACK_REASON}"/>`);
    expect(junit).toMatch(/<testcase classname="TenantPlatform" name="TenantPlatform summary"><system-out>TenantPlatform checked/);
    const cases = junit.match(/<testcase /g)!.length;
    const suites = [...junit.matchAll(/<testsuite name="[^"]+" tests="(\d+)"/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(cases).toBe(suites);
  });

  test('Markdown: counts by pack and severity, then the findings table', () => {
    const markdown = read('validation-report.md');
    expect(markdown).toContain('**4 errors remain**');
    expect(markdown).toContain('| TenantPlatform | 2 | 1 | 0 | 0 |');
    expect(markdown).toContain('| AwsSolutions | 2 | 0 | 0 | 1 |');
    expect(markdown).toContain('| CloudFormation Validate | 0 | 1 | 0 | 0 |');
    expect(markdown).toMatch(/\| error \| `TenantPlatform-LOG1` \| LOG-01 \| `Prod\/Tenant\/Logs\/Resource` \| `assembly-Prod\/ProdTenant[0-9A-F]+\.template\.json#Logs[0-9A-F]+` \|/);
    expect(markdown).toContain(`| \`AwsSolutions-VPC7\` | \`Shared/Vpc\` | ${ACK_REASON} |`);
  });

  test("CSV: cdk-nag v2's columns, non-compliant and suppressed rows", () => {
    const csv = read('validation-report.csv').split('\n');
    expect(csv[0]).toBe('"Rule ID","Resource ID","Compliance","Exception Reason","Rule Level","Rule Info"');
    expect(csv).toContain('"TenantPlatform-LOG1","Prod/Tenant/Logs/Resource","Non-Compliant","N/A","Error","LOG-01: The log group keeps logs for fewer than 30 days."');
    expect(csv).toContain(`"AwsSolutions-VPC7","Shared/Vpc","Suppressed","${ACK_REASON}","Error","The VPC does not have an associated Flow Log."`);
  });
});

describe('tenant-platform report on other assemblies', () => {
  test('a clean assembly: exit 0, and the reports still show that TenantPlatform ran', async () => {
    const app = newApp();
    new sns.Topic(new Stack(app, 'Shared'), 'Alerts');
    const { error, outdir } = synthWithPlugins(app);
    expect(error).toBeUndefined();
    const result = await report(outdir, '.', '--format', 'markdown,junit');
    expect(result.code).toBe(0);
    const markdown = fs.readFileSync(path.join(outdir, 'validation-report.md'), 'utf8');
    expect(markdown).toContain('**No errors remain.**');
    expect(markdown).toMatch(/- TenantPlatform checked 1 CloudFormation resources against 70 rules with the PRODUCTION profile: 0 errors, 0 warnings\./);
  });

  test('no validation report: CDK writes none when no plugin ran, so the command fails instead of reporting "nothing"', async () => {
    const app = newApp();
    new sns.Topic(new Stack(app, 'Shared'), 'Alerts');
    app.synth();
    expect(fs.existsSync(path.join(app.outdir, 'validation-report.json'))).toBe(false);
    const result = await report(app.outdir, '.', '--format', 'sarif');
    expect(result.code).toBe(2);
    expect(result.err).toContain('validation-report.json does not exist. CDK writes it whenever a validation plugin runs');
  });

  test('bad usage names the problem and the accepted values', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-platform-report-'));
    expect((await report(dir, '.', '--format', 'pdf')).err).toBe('tenant-platform report: --format "pdf" is unknown; accepted: sarif, junit, markdown, csv (see tenant-platform report --help)\n');
    expect((await report(dir, '.')).err).toContain('--format is required; accepted: sarif, junit, markdown, csv');
    expect((await report(dir, 'a', 'b', '--format', 'csv')).err).toContain('tenant-platform report: too many arguments. Expected 1 argument but got 2.');
  });
});
