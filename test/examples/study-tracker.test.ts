import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { cheaperOptions, renderCostReport, studyTrackerCosts, total } from '../../examples/study-tracker/cost-estimate';
import { STUDY_TRACKER_METRICS } from '../../examples/study-tracker/metrics';
import { buildStudyTracker, exampleConfig } from '../../examples/study-tracker/system';
import { DisruptionType } from '../../src';
import { alarmsWithoutRunbookSection, anchorsOf, runbookPlaceholders } from '../support/runbooks';

const EXAMPLE = path.join(__dirname, '../../examples/study-tracker');

/** Synthesizes the example into a fresh directory, policy packs included. */
function synthesize() {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'study-tracker-')) });
  const stacks = buildStudyTracker(app, exampleConfig());
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  return { app, stacks, assembly, report };
}

describe('examples/study-tracker', () => {
  const { stacks, assembly, report } = synthesize();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template);

  test('synthesizes the development and production profiles, each an API stack in Tokyo and a site stack in us-east-1 (production: and the DR copy vault in Osaka), with zero unacknowledged policy errors', () => {
    expect(assembly.stacks.map(s => `${s.stackName} ${s.environment.region}`).sort()).toEqual([
      'StudyTracker-Dev-Api ap-northeast-1', 'StudyTracker-Dev-Site us-east-1',
      'StudyTracker-Prod-Api ap-northeast-1', 'StudyTracker-Prod-Api-Dr-ap-northeast-3 ap-northeast-3', 'StudyTracker-Prod-Site us-east-1',
    ]);
    const errors = report.pluginReports.flatMap((p: any) => p.violations).filter((v: any) => v.severity === 'error');
    expect(errors).toEqual([]);
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    expect(pack.violations.find((v: any) => v.ruleName === 'TenantPlatform-Summary').description)
      .toMatch(/^TenantPlatform checked \d+ CloudFormation resources against \d+ rules with the PRODUCTION profile: 0 errors, 0 warnings/);
    // Only the application secret's hand rotation (DB-05: SM3, a warning) is acknowledged, with its reason, in each API stack.
    expect((pack.suppressedViolations ?? []).map((v: any) => v.ruleName)).toEqual(['TenantPlatform-SM3', 'TenantPlatform-SM3']);
  });

  test('AwsSolutionsChecks runs on the example: a careless public bucket added to the site stack fails the synth', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'study-tracker-')) });
    const [dev] = buildStudyTracker(app, exampleConfig());
    new s3.CfnBucket(dev.site, 'CarelessBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions::AwsSolutions-S10/);
  });

  test('SRV-01: the example\'s function runs Python 3.11 in isolated subnets with X-Ray, 512 MiB / 30 s in development and 1024 MiB / 60 s in production', () => {
    for (const [name, memory, timeout] of [['StudyTracker-Dev-Api', 512, 30], ['StudyTracker-Prod-Api', 1024, 60]] as const) {
      template(name).hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'python3.11', Handler: 'study_tracker.handler.handler', MemorySize: memory, Timeout: timeout, TracingConfig: { Mode: 'Active' },
      });
      template(name).resourceCountIs('AWS::EC2::NatGateway', 0);
      template(name).resourceCountIs('AWS::EC2::InternetGateway', 0);
    }
    template('StudyTracker-Prod-Api').hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', SubnetIds: [{}, {}] });
    template('StudyTracker-Dev-Api').hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', SubnetIds: [{}] });
  });

  test('SRV-02: the API is a REST API with access logs and a WAF; the site is CloudFront with OAC, WAF and the profile\'s host name', () => {
    template('StudyTracker-Prod-Api').resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template('StudyTracker-Prod-Site').hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Aliases: ['study-tracker.com'] },
    });
    template('StudyTracker-Dev-Site').hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Aliases: ['dev.study-tracker.com'] },
    });
  });

  test('SRV-03: the sessions table is on demand in development and provisioned with auto scaling in production, both with PITR and a daily backup', () => {
    template('StudyTracker-Dev-Api').hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    template('StudyTracker-Prod-Api').hasResourceProperties('AWS::DynamoDB::Table', { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    template('StudyTracker-Prod-Api').resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    for (const stack of stacks) Template.fromStack(stack.api).resourceCountIs('AWS::Backup::BackupSelection', 1);
  });

  test('DR-01: the DrPlan of each profile protects the sessions table and reports its RPO/RTO against seed 004 (MTTR 30 minutes, daily backups)', () => {
    for (const { profile, api } of stacks) {
      const [sessions] = api.dr.recoveries;
      expect(sessions.description).toBe(`DynamoDB table ${api.stackName}/Sessions/Resource`);
      const software = sessions.recoveries.find(r => r.disruption === DisruptionType.SOFTWARE)!;
      expect([software.achievableRpo!.toMinutes(), software.achievableRto!.toMinutes()]).toEqual([5, 30]);
      expect(sessions.recoveries.flatMap(r => r.problems)).toEqual([]);
      const region = sessions.recoveries.find(r => r.disruption === DisruptionType.REGION)!;
      expect(region.achievableRpo?.toDays()).toEqual(profile.drCopyRegion ? 1 : undefined);
      const objectives = JSON.parse(fs.readFileSync(path.join(assembly.directory, api.dr.objectivesReportFile.replace(/\.md$/, '.json')), 'utf8'));
      expect(objectives.resources[0].recoveries.every((r: any) => r.met)).toBe(true);
    }
  });

  test('SRV-01: the ten custom metrics the construct declares are the ten the handler writes, with alarms at the seed\'s 100 ms and 1 s targets', () => {
    const run = spawnSync('python3', ['-c', 'import json; from study_tracker.metrics import METRICS; print(json.dumps(METRICS))'], {
      cwd: path.join(EXAMPLE, 'app'), encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.status).toBe(0);
    expect(Object.fromEntries(STUDY_TRACKER_METRICS.map(m => [m.name, m.unit]))).toEqual(JSON.parse(run.stdout));
    for (const { api } of stacks) {
      const alarms = Template.fromStack(api).findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'StudyTracker' } });
      expect(Object.values<any>(alarms).map(a => [a.Properties.MetricName, a.Properties.Threshold]).sort()).toEqual([['ColdStartSetupTime', 1000], ['DatabaseQueryLatency', 100]]);
    }
  });

  test('SRV-04: one budget per profile covers both of its stacks through the cost allocation tag', () => {
    for (const { api, site } of stacks) {
      const budgets = Template.fromStack(api).findResources('AWS::Budgets::Budget');
      expect(Object.keys(budgets)).toHaveLength(1);
      Template.fromStack(site).resourceCountIs('AWS::Budgets::Budget', 0);
      const filter: string = Object.values<any>(budgets)[0].Properties.Budget.CostFilters.TagKeyValue[0];
      const tagValue = filter.split('$')[1];
      const siteTags = Template.fromStack(site).findResources('AWS::KMS::Key');
      expect(JSON.stringify(siteTags)).toContain(tagValue);
    }
  });

  test('MON-08, OPS-06: every alarm links to a runbook section, in Japanese and English alike, with no placeholder in any command', () => {
    expect(alarmsWithoutRunbookSection(assembly.directory)).toEqual([]);
    const runbooks = path.join(assembly.directory, 'runbooks');
    const index = JSON.parse(fs.readFileSync(path.join(runbooks, 'index.json'), 'utf8'));
    // The DR copy-vault stack holds only the vault; its procedures are in the API stack's runbook.
    const operated = assembly.stacks.map(s => s.stackName).filter(name => !name.endsWith('-Dr-ap-northeast-3'));
    expect(index.runbooks.map((r: any) => r.stackName).sort()).toEqual(operated.sort());
    for (const { file } of index.runbooks) expect(anchorsOf(path.join(runbooks, 'en', file))).toEqual(anchorsOf(path.join(runbooks, 'ja', file)));
    expect(runbookPlaceholders(runbooks)).toEqual([]);
  });

  test('the cost estimate prices what the templates provision, and README.md states the same totals', () => {
    const costs = studyTrackerCosts(assembly.directory);
    expect(costs.map(c => [c.name, c.budgetUsd])).toEqual([['Development', 2.53], ['Production', 6.6], ['Production at high traffic', 21]]);
    // Production: two Secrets Manager endpoint zones and two WAF web ACLs are most of it.
    const prod = costs[1];
    expect(prod.fixed.filter(l => l.kind === 'interfaceEndpoint').map(l => l.monthlyUsd)).toEqual([20.44]);
    expect(prod.fixed.filter(l => l.kind === 'webAcl').map(l => l.monthlyUsd)).toEqual([9, 9]);
    const readme = fs.readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8');
    for (const c of costs) {
      const options = cheaperOptions(c.fixed);
      const row = `| ${c.name} | $${total(c.fixed).toFixed(2)} | $${options.cheapestCompliant.toFixed(2)} | $${c.budgetUsd.toFixed(2)} | $${options.nonCompliant.toFixed(2)} |`;
      expect(readme).toContain(row);
      expect(renderCostReport(costs)).toContain(row);
    }
    expect(readme).toContain(`$${total(costs[1].usage).toFixed(2)} (100,000 requests) and $${total(costs[2].usage).toFixed(2)} (500,000)`);
    expect(readme).toContain(`What makes up production's $${total(prod.fixed).toFixed(2)}`);
  });

  test('the handler\'s API contract passes its Python tests (python3 -m unittest)', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], {
      cwd: path.join(EXAMPLE, 'app'), encoding: 'utf8', timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toMatch(/Ran \d+ tests/);
    expect(run.status).toBe(0);
    expect(Number(/Ran (\d+) tests/.exec(run.stderr)![1])).toBeGreaterThanOrEqual(7);
  });
});
