import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformEnvironment, TenantDeployment } from '../../../src';
import { database, platformStack, tenant } from '../../support/platform';
import { tempDir } from '../../support/runbook-fixtures';
import { alarmsWithoutRunbookSection, anchorsOf, runbookPlaceholders } from '../../support/runbooks';

/** The foundation constructs in a development profile (HTTP only), with a rolling and a blue/green tenant. */
function synthesize() {
  const outdir = tempDir('foundation-');
  const { app, stack, platform } = platformStack({ environment: PlatformEnvironment.DEVELOPMENT }, new App({ outdir }));
  const db = database(platform);
  const rolling = tenant(platform, 'acme', { database: db });
  const blueGreen = tenant(platform, 'globex', { deployment: TenantDeployment.blueGreen() });
  app.synth();
  const read = (locale: string, file: string) => fs.readFileSync(path.join(outdir, 'runbooks', locale, file), 'utf8');
  return { outdir, stack, rolling, blueGreen, read };
}

const synthesized = synthesize();

test('MON-08: every alarm the constructs create has its section, in both locales', () => {
  expect(alarmsWithoutRunbookSection(synthesized.outdir)).toEqual([]);
  expect(runbookPlaceholders(path.join(synthesized.outdir, 'runbooks'))).toEqual([]);
});

test('OPS-01: the platform, database and tenants contribute their sections to their own stacks', () => {
  const shared = anchorsOf(path.join(synthesized.outdir, 'runbooks', 'ja', 'Shared.md'));
  for (const anchor of ['platform-overview', 'incident-levels', 'escalation', 'periodic-daily', 'deployment-checklist-pre',
    'deployment-rollback', 'change-management', 'tenant-rollout', 'database-connection', 'database-failover',
    'alarm-platform-shard1-elb5xx', 'alarm-database-cpu-critical']) {
    expect(shared).toContain(anchor);
  }
  const acme = anchorsOf(path.join(synthesized.outdir, 'runbooks', 'ja', 'Tenant-acme.md'));
  for (const anchor of ['tenant-acme-add', 'tenant-acme-remove', 'tenant-acme-rollback', 'tenant-acme-scale-out', 'tenant-acme-troubleshoot',
    'alarm-service-cpu-critical', 'alarm-service-deployment-error-rate']) {
    expect(acme).toContain(anchor);
  }
});

test('a rolling tenant rolls back through its SSM document; a blue/green tenant through CodeDeploy', () => {
  const acme = synthesized.read('en', 'Tenant-acme.md');
  expect(acme).toContain('aws ssm start-automation-execution --document-name TenantPlatform-Shared-Platform-RollbackService ' +
    '--parameters "ClusterName=$CLUSTER,ServiceName=${SERVICE##*/},DryRun=true"');
  // The document belongs to the platform (one per platform, OPS-03); the tenant's runbook names it with its own service.
  Template.fromStack(synthesized.stack).hasResourceProperties('AWS::SSM::Document', { Name: 'TenantPlatform-Shared-Platform-RollbackService' });
  Template.fromStack(synthesized.rolling.service.stack).resourceCountIs('AWS::SSM::Document', 0);
  const globex = synthesized.read('en', 'Tenant-globex.md');
  expect(globex).toContain('aws deploy stop-deployment --deployment-id "$DEPLOYMENT" --auto-rollback-enabled');
  expect(globex).not.toContain('--force-new-deployment');
  expect(Template.fromStack(synthesized.blueGreen.service.stack).findResources('AWS::SSM::Document')).toEqual({});
});

test('tenant commands find the cluster in the platform stack and alarms by their real names', () => {
  const acme = synthesized.read('ja', 'Tenant-acme.md');
  expect(acme).toMatch(/CLUSTER=\$\(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id PlatformCluster[0-9A-F]{8} /);
  expect(acme).toContain('ALARM=Tenant-acme-service-cpu-critical');
  expect(acme).toContain('- [スケールアウト](#tenant-acme-scale-out)');
  expect(synthesized.read('ja', 'Shared.md')).toContain('aws rds describe-db-instances --db-instance-identifier shared-database');
});

test('the runbook base URL must be an address', () => {
  expect(() => platformStack({ runbookBaseUrl: 'docs/runbooks' })).toThrow(/runbookBaseUrl "docs\/runbooks" must match .* \(an http\(s\) address\)/);
});
