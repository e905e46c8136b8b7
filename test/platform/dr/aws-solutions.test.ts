import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BucketDataClass, PlatformEnvironment, TenantPlatformChecks } from '../../../src';
import { protectedFixture, SEED_OBJECTIVES, versionedBucket } from '../../support/dr';

/** Every DrPlan feature at once, synthesized with cdk-nag's AwsSolutionsChecks and the project's own pack. */
describe('DrPlan under AwsSolutionsChecks and TenantPlatformChecks', () => {
  const nagApp = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dr-nag-')) });
  Validations.of(nagApp).addPlugins(
    new AwsSolutionsChecks(nagApp),
    new TenantPlatformChecks(nagApp, { environment: PlatformEnvironment.PRODUCTION }),
  );
  const { app, stack, dr } = protectedFixture({ app: nagApp, dr: { vaultLock: { minRetention: Duration.days(7) } } });
  dr.protectBucket(versionedBucket(stack, 'Config'), { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
  dr.addRegionFailover('Acme', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'acme',
    secondary: route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: 'standby.ap-northeast-3.elb.amazonaws.com', hostedZoneId: 'Z5LXEXXYW11ES', evaluateTargetHealth: true }) }),
    healthCheckDomainName: 'acme.tokyo.example.com',
  });
  let report: any = { pluginReports: [] };
  try {
    app.synth();
  } catch {
    // The test buckets have no server access logs (AwsSolutions-S1); only DrPlan's own resources are judged below.
  }
  const reportFile = path.join(app.outdir, 'validation-report.json');
  if (fs.existsSync(reportFile)) report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const ours = (p: string) => p.startsWith('Shared/Dr/') || p.startsWith(`${dr.copyRegionStack!.stackName}/`);

  test('nothing DrPlan creates, in either region, has an unacknowledged AwsSolutions finding', () => {
    const all: string[] = report.pluginReports.filter((p: any) => p.pluginName === 'AwsSolutions').flatMap((p: any) => p.violations)
      .flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`));
    // The pack ran: it flags the test's own bucket, which has no access logs.
    expect(all).toContain('AwsSolutions-S1 Shared/Uploads/Resource');
    expect(all.filter(f => ours(f.split(' ')[1]))).toEqual([]);
    expect(fs.existsSync(path.join(app.outdir, `${dr.copyRegionStack!.artifactId}.template.json`))).toBe(true);
  });

  test('DR-02, DR-03, DR-06: the project\'s pack finds the database in a continuous, 30-day, cross-region backup plan and nothing DrPlan creates to fault', () => {
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    const findings: string[] = pack.violations.filter((v: any) => v.ruleName !== 'TenantPlatform-Summary')
      .flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`));
    expect(findings.filter(f => /BAK\d/.test(f) || ours(f.split(' ')[1]))).toEqual([]);
  });

  test('DrPlan acknowledges only what it must, inside the construct, each with its reason', () => {
    const acknowledged = app.node.findAll().filter(c => ours(`${c.node.path}/`)).flatMap(c => c.node.metadata
      .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id: id.replace(/^.*?::/, ''), reason }))))
      .filter(a => a.id.startsWith('AwsSolutions-'));
    expect(acknowledged.map(a => a.id).sort()).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Restore]',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    ]);
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(60);
  });
});
