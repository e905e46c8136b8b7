import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform } from '../../src';
import { CERT_ARN, ENV } from '../support/platform';

/** The README's defaults-only app, synthesized with the cdk-nag 3 plugin registered. */
function readmeApp(outdir: string): App {
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const shared = new Stack(app, 'Shared', { env: ENV });
  const platform = new TenantPlatform(shared, 'Platform', {
    environment: PlatformEnvironment.PRODUCTION,
    certificate: acm.Certificate.fromCertificateArn(shared, 'Cert', CERT_ARN),
    notifications: { criticalEmails: ['oncall@example.com'] },
  });
  const db = new MonitoredDatabase(shared, 'Database', { platform });
  const tenantStack = new Stack(app, 'Tenant-acme', { env: ENV });
  new SecureTenantService(tenantStack, 'Service', {
    platform,
    tenantId: 'acme',
    hostHeader: 'acme.example.com',
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    database: db,
  });
  return app;
}

test('a defaults-only production app has no unacknowledged AwsSolutions finding', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  expect(() => readmeApp(outdir).synth()).not.toThrow();
  const reportFile = path.join(outdir, 'validation-report.json');
  const violations = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8')).pluginReports.flatMap((p: any) => p.violations)
    : [];
  expect(violations.filter((v: any) => v.severity === 'error')).toEqual([]);
});

test('acknowledgements are made inside the constructs, each with a reason', () => {
  const app = readmeApp(fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')));
  const acknowledged = app.node.findAll().flatMap(c => c.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))));
  // aws-cdk-lib itself acknowledges some CloudFormation-Validate findings; ours are the AwsSolutions ones.
  const ours = acknowledged.filter(a => a.id.replace(/^.*?::/, '').startsWith('AwsSolutions-'));
  expect(ours.map(a => a.id.replace(/^.*?::/, '')).sort()).toEqual([
    'AwsSolutions-EC23', 'AwsSolutions-ECS2',
    // The database's baseline backup (DR-02, no DrPlan in this app) uses AWS Backup's documented service-role policies.
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    // The database's tenant identity provider (DB-05): a traced Lambda handler in the VPC behind the CDK provider framework.
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    // The platform's SSM rollback automation reads task definitions, which have no resource-level permissions; so does X-Ray.
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::<DatabaseTenantIdentitiesHandler00275932.Arn>:*]',
    // The platform's rollback automation updates services of its own cluster only (OPS-03).
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:ap-northeast-1:123456789012:service/<PlatformCluster6842C9C4>/*]',
    // The tenant's IAM database sign-in as its own role on any instance id, which a restore replaces (DR-05).
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds-db:ap-northeast-1:123456789012:dbuser:*/tenant_acme]',
    // Tenants' own password secrets, conditioned on their tag.
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
    'AwsSolutions-L1',
    'AwsSolutions-RDS11', 'AwsSolutions-S1',
  ]);
  for (const a of ours) expect(a.reason.length).toBeGreaterThan(60);
});
