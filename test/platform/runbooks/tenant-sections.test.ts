import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { TenantServiceRunbookSections } from '../../../src';
import { platformFixture, tempDir, tenantFixture } from '../../support/runbook-fixtures';
import { runbookPlaceholders } from '../../support/runbooks';

test('OPS-01: without SSM documents, rollback and restart use the ECS CLI with the real service', () => {
  const outdir = tempDir('tenant-');
  const app = new App({ outdir });
  const platform = platformFixture(app);
  const tenant = tenantFixture(app, platform, 'initech', 10);
  TenantServiceRunbookSections.addTo(tenant.stack, { tenantId: 'initech', service: tenant.service, logGroup: tenant.logGroup, minCapacity: 1, maxCapacity: 3 });
  app.synth();
  const en = fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Tenant-initech.md'), 'utf8');
  expect(runbookPlaceholders(path.join(outdir, 'runbooks'))).toEqual([]);
  expect(en).not.toContain('aws ssm start-automation-execution');
  expect(en).toContain('aws ecs update-service --cluster "$CLUSTER" --service "$SERVICE" --force-new-deployment');
  expect(en).toContain('PREVIOUS="${CURRENT%:*}:$(( ${CURRENT##*:} - 1 ))"');
  expect(en).toContain('--min-capacity $(( DESIRED + 1 < 3 ? DESIRED + 1 : 3 )) --max-capacity 3');
  expect(en).not.toContain('describe-target-health');
  expect(en).not.toContain('curl');
  // Without SSM automation nothing retains task definitions, so removal has nothing to deregister.
  expect(en).not.toContain('deregister-task-definition');
});

test('tenant ids and capacities are checked', () => {
  const app = new App();
  const platform = platformFixture(app);
  const tenant = tenantFixture(app, platform, 'acme', 10);
  const context = { service: tenant.service, logGroup: tenant.logGroup, minCapacity: 2, maxCapacity: 10 };
  expect(() => TenantServiceRunbookSections.create(tenant.stack, { ...context, tenantId: 'Acme Corp' })).toThrow(/tenantId "Acme Corp" must match/);
  expect(() => TenantServiceRunbookSections.create(tenant.stack, { ...context, tenantId: 'acme', minCapacity: 5, maxCapacity: 3 }))
    .toThrow(/capacity "5..3" must be integers with 1 ≤ minCapacity ≤ maxCapacity/);
  expect(() => TenantServiceRunbookSections.create(tenant.stack, { ...context, tenantId: 'acme', maxCapacity: 2.5 }))
    .toThrow(/capacity "2..2.5" must be integers/);
  // Every problem at once, each naming its prop, value and what is accepted.
  expect(() => TenantServiceRunbookSections.create(tenant.stack, { ...context, tenantId: 'Acme Corp', minCapacity: 0, hostHeader: 'ACME' }))
    .toThrow(/^3 problems:\n- TenantServiceRunbookContext.tenantId "Acme Corp" must match .*\n- TenantServiceRunbookContext capacity "0..10" must be integers .*\n- TenantServiceRunbookContext.hostHeader "ACME" must match /);
  expect(() => TenantServiceRunbookSections.create(tenant.stack, { ...context, tenantId: 'acme', hostHeader: 'acme.example.com/$(id)' }))
    .toThrow(/TenantServiceRunbookContext.hostHeader "acme.example.com\/\$\(id\)" must match .* \(one lower-case DNS host name such as acme.example.com, no scheme, path or port\)/);
});
