import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { countDatadog, countDatadogByStack } from '../../examples/saas-platform/datadog-counts';
import { buildSaasPlatform, exampleConfig, readTenants, TenantConfig } from '../../examples/saas-platform/system';
import { datadogCommand } from '../../src/cli/commands/datadog';
import { readDesiredState } from '../../src/monitoring/datadog/sync/assembly';
import { componentOf } from '../../src/platform/alerting/monitor-scope';
import { SharedCause, suppressionOf, TenantSymptom } from '../../src/platform/alerting/suppression-map';
import { DatadogEmulator, EMULATOR_KEYS } from '../support/datadog-emulator';
import { recordingRetry } from '../support/datadog-fixtures';
import { PagingRoutes, shardCauseConditions, tenantSymptomConditions } from '../support/paging-routes';

const TENANTS_FILE = path.join(__dirname, '../../examples/saas-platform/tenants.json');
const tenants = readTenants(TENANTS_FILE);
const TENANT_D: TenantConfig = { tenantId: 'tenant-d', hostHeader: 'tenant-d.saas.example.com' };

function synthesize(list: TenantConfig[]): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'saas-platform-datadog-')) });
  buildSaasPlatform(app, exampleConfig(list));
  return app.synth().directory;
}

let emulator: DatadogEmulator;
let assembly: string;
beforeAll(() => { assembly = synthesize(tenants); });
beforeEach(async () => { emulator = await DatadogEmulator.start(); });
afterEach(async () => { await emulator.close(); });

async function datadog(app: string, ...args: string[]) {
  let out = '';
  const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; }, env: EMULATOR_KEYS_ENV, cwd: process.cwd() };
  const code = await datadogCommand({ retry: recordingRetry() }).run([...args, '--app', app, '--api-url', emulator.url], io);
  return { code, out };
}
const EMULATOR_KEYS_ENV = { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey };

const tagValue = (monitor: any, key: string) => (monitor.tags as string[]).find(t => t.startsWith(`${key}:`))?.slice(key.length + 1);

test('MON-03, MON-04: the example declares L0, L2 per shard and L3 per tenant monitors, all valid before deploy', async () => {
  const { stacks, total } = countDatadogByStack(assembly);
  expect(stacks.get('saasplatform-shared')).toEqual({ l0: 10, l2: 3, l3: 0, composites: 0, syntheticsTests: 0, slos: 0, downtimes: 1, dashboards: 1 });
  for (const t of tenants) {
    expect(stacks.get(`saasplatform-tenant-${t.tenantId}`)).toEqual({ l0: 0, l2: 0, l3: 5, composites: 6, syntheticsTests: 1, slos: 1, downtimes: 0, dashboards: 0 });
  }
  expect(total.l0 + total.l2 + total.l3 + total.composites).toBe(13 + 11 * tenants.length);
  const validate = await datadog(assembly, 'validate');
  expect(validate.code).toBe(0);
  expect(validate.out).toContain(`✓ ${13 + 11 * tenants.length} monitors valid`);
});

test('MON-03: applied, each L3 symptom notifies only through "symptom && !(its L2 causes)" as the suppression map says', async () => {
  expect((await datadog(assembly, 'apply')).code).toBe(0);
  const monitors = new Map([...emulator.state.monitors.values()].map(m => [m.id, m]));
  const synthetics = new Map([...emulator.state.syntheticsTests.values()].map(t => [t.monitor_id, t]));
  const composites = [...monitors.values()].filter(m => m.type === 'composite');
  expect(composites).toHaveLength(6 * tenants.length);
  for (const composite of composites) {
    const [symptomId, ...causeIds] = emulator.state.compositeIds(composite.query);
    expect(composite.query).toMatch(/^\d+ && !(\d+|\(\d+( \|\| \d+)+\))$/);
    const symptom = monitors.get(symptomId) ?? synthetics.get(symptomId)!;
    const symptomName = Object.values(TenantSymptom).find(s => componentOf(s) === tagValue(symptom, 'component'))!;
    const causes = causeIds.map(id => monitors.get(id)!);
    expect(causes.map(c => tagValue(c, 'level'))).toEqual(causes.map(() => 'l2'));
    expect(causes.map(c => tagValue(c, 'alb-shard'))).toEqual(causes.map(() => tagValue(symptom, 'alb-shard')));
    expect(causes.map(c => Object.values(SharedCause).find(x => componentOf(x) === tagValue(c, 'component'))).sort())
      .toEqual([...suppressionOf(symptomName).suppressedBy].sort());
    // The raw symptom carries no handle; the composite pages and warns.
    expect(symptom.message).not.toContain('@');
    expect(composite.message).toContain('{{#is_alert}}@pagerduty-saas-platform @slack-alerts{{/is_alert}}');
    expect(tagValue(composite, 'service')).toBe(tagValue(symptom, 'service'));
  }
  // L0 and L2 monitors notify by themselves.
  for (const m of monitors.values()) {
    if (['l0', 'l2'].includes(tagValue(m, 'level')!)) expect(m.message).toMatch(/\{\{#is_alert\}\}@/);
  }
  expect((await datadog(assembly, 'plan')).code).toBe(0);
});

test('MON-05, MON-07: per tenant a /health synthetics test and a 99.9 % SLO; one maintenance downtime mutes every monitor of the platform; one dashboard', async () => {
  expect((await datadog(assembly, 'apply')).code).toBe(0);
  const tests = [...emulator.state.syntheticsTests.values()];
  expect(tests.map(t => t.config.request.url).sort()).toEqual(tenants.map(t => `https://${t.hostHeader}/health`).sort());
  const slos = [...emulator.state.slos.values()];
  expect(slos).toHaveLength(tenants.length);
  for (const slo of slos) {
    expect(slo.thresholds).toEqual([expect.objectContaining({ timeframe: '30d', target: 99.9 })]);
    expect(slo.query.denominator).toBe(`sum:aws.applicationelb.request_count{tenant-platform:saasplatform-shared-platform,service:${tagValue(slo, 'service')}}.as_count()`);
  }
  const [downtime, ...others] = emulator.state.downtimes.values();
  expect(others).toEqual([]);
  expect(downtime.monitor_identifier).toEqual({ monitor_tags: ['tenant-platform:saasplatform-shared-platform'] });
  expect(downtime.schedule).toEqual({ recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-01-11T02:00', duration: '2h' }], timezone: 'Asia/Tokyo' });
  for (const m of emulator.state.monitors.values()) expect(m.tags).toContain('tenant-platform:saasplatform-shared-platform');
  for (const t of tests) expect(t.tags).toContain('tenant-platform:saasplatform-shared-platform');
  const [dashboard] = emulator.state.dashboards.values();
  expect(emulator.state.dashboards.size).toBe(1);
  expect(JSON.stringify(dashboard.widgets)).not.toContain('tenant-a');
  expect(JSON.stringify(dashboard.widgets)).toContain('by {service}');
});

test('adding a tenant to an applied example: apply creates exactly its 13 resources in 35 API calls and changes nothing else', async () => {
  expect((await datadog(assembly, 'apply')).code).toBe(0);
  const before = new Map([...emulator.state.monitors.values()].map(m => [m.id, JSON.stringify(m)]));
  const grown = synthesize([...tenants, TENANT_D]);
  const added = readDesiredState(grown).resources.filter(r => r.identity.stack === 'saasplatform-tenant-tenant-d');
  expect(countDatadog(added)).toEqual(countDatadogByStack(assembly).stacks.get('saasplatform-tenant-tenant-a'));

  const plan = await datadog(grown, 'plan');
  expect(plan.code).toBe(2);
  expect(plan.out).toContain('Plan: 13 to create, 0 to update, 0 to delete');
  const from = emulator.requests.length;
  expect((await datadog(grown, 'apply')).code).toBe(0);
  const calls = emulator.requests.slice(from);
  // One list per kind (monitors, SLOs, synthetics, downtimes, dashboards) plus reading the dashboard; one POST per
  // resource, each followed by a look-up of its identity (a racing run's twin is settled there); one list per kind
  // created (monitors, synthetics tests, SLOs) to check no duplicate remains.
  expect(calls.filter(c => c.method === 'GET')).toHaveLength(6 + 13 + 3);
  expect(calls.filter(c => c.method === 'POST')).toHaveLength(13);
  expect(calls).toHaveLength(35);
  for (const [id, json] of before) expect(JSON.stringify(emulator.state.monitors.get(id))).toBe(json);
  expect((await datadog(grown, 'plan')).code).toBe(0);
});

test('MON-08: the runbook\'s lookup commands find a symptom with its composite, and the shard\'s L2 monitors', async () => {
  expect((await datadog(assembly, 'apply')).code).toBe(0);
  const runbook = fs.readFileSync(path.join(assembly, 'runbooks', 'en', 'SaasPlatform-Tenant-tenant-a.md'), 'utf8');
  const section = runbook.slice(runbook.indexOf('<a id="datadog-service-error-rate">'), runbook.indexOf('<a id="datadog-service-latency-p99">'));
  // The tags are one shell word: bare, or single-quoted when they hold anything but plain characters.
  const [symptomTags, l2Tags] = [...section.matchAll(/--data-urlencode (?:'monitor_tags=([^']+)'|monitor_tags=(\S+))/g)].map(m => m[1] ?? m[2]);
  const list = async (tags: string) => {
    const response = await fetch(`${emulator.url}/api/v1/monitor?monitor_tags=${encodeURIComponent(tags)}`, {
      headers: { 'DD-API-KEY': EMULATOR_KEYS.apiKey, 'DD-APPLICATION-KEY': EMULATOR_KEYS.appKey },
    });
    return ((await response.json()) as any[]).map(m => m.name).sort();
  };
  expect(await list(symptomTags)).toEqual(['[L3] tenant-a: error rate', '[L3] tenant-a: error rate (notifies unless ALB shard 1 is failing)']);
  expect(await list(l2Tags)).toEqual([
    '[L2] SaasPlatform-Shared: ALB shard 1: 5XX rate', '[L2] SaasPlatform-Shared: ALB shard 1: P99 latency', '[L2] SaasPlatform-Shared: ALB shard 1: no healthy target',
  ]);
});

test('MON-02: in the example (Datadog paging, the default), every symptom of every tenant and every shard cause pages exactly once, from Datadog', () => {
  const config = exampleConfig(tenants);
  const template = (stack: string) => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(assembly, `${stack}.template.json`), 'utf8')));
  const platform = template('SaasPlatform-Shared');
  const routes = new PagingRoutes(platform, config.pagerDutySecretArn);
  const conditions = [
    ...tenants.flatMap(t => tenantSymptomConditions(`SaasPlatform-Tenant-${t.tenantId}`).map(c => ({ ...c, template: template(`SaasPlatform-Tenant-${t.tenantId}`) }))),
    ...shardCauseConditions('SaasPlatform-Shared', 1).map(c => ({ ...c, template: platform })),
  ];
  const pagesOf = conditions.map(c => ({
    row: c.row, cloudWatch: c.cloudWatch ? routes.cloudWatchPages(c.template, c.cloudWatch) : 0, datadog: routes.datadogPages(c.template, c.datadog),
  }));
  expect(pagesOf).toHaveLength(6 * tenants.length + Object.values(SharedCause).length);
  expect(pagesOf.filter(p => p.cloudWatch !== 0 || p.datadog !== 1)).toEqual([]);
});
