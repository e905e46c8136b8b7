import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { datadogCommand } from '../../src/cli/commands/datadog';
import { main } from '../../src/cli/main';
import { addMonitors, synthMonitorApp } from '../support/datadog-app';
import { DatadogEmulator, EMULATOR_KEYS } from '../support/datadog-emulator';
import { datadogStack, recordingRetry } from '../support/datadog-fixtures';

let emulator: DatadogEmulator;
beforeEach(async () => { emulator = await DatadogEmulator.start(); });
afterEach(async () => { await emulator.close(); });

/** Runs `tenant-platform datadog ...args` in-process against the emulator with recorded waits. */
async function datadog(...args: string[]) {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => { out += t; },
    err: (t: string) => { err += t; },
    env: { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey },
    cwd: process.cwd(),
  };
  const code = await datadogCommand({ retry: recordingRetry() }).run([...args, '--api-url', emulator.url], io);
  return { code, out, err };
}

function monitors() {
  return [...emulator.state.monitors.values()];
}

test('MON-06, OPS-04: plan (the dry run before apply) exits 2 with the changes, apply creates children before composites, plan after apply exits 0', async () => {
  const app = synthMonitorApp({ tenants: 2 });
  const plan = await datadog('plan', '--app', app);
  expect(plan.code).toBe(2);
  expect(plan.out).toMatch(/\+ create monitor PlatformMonitors\/ClusterCpu "\[L0\] ECS cluster CPU high"/);
  expect(plan.out).toContain('Plan: 5 to create, 0 to update, 0 to delete, 0 unchanged.');

  const apply = await datadog('apply', '--app', app, '--concurrency', '2');
  expect(apply.code).toBe(0);
  expect(apply.out).toMatch(/\[5\/5\] created monitor/);
  const creates = emulator.requests.filter(r => r.method === 'POST' && r.path === '/api/v1/monitor');
  expect(creates).toHaveLength(5);
  const composites = monitors().filter(m => m.type === 'composite');
  expect(composites).toHaveLength(2);
  for (const composite of composites) {
    for (const id of composite.query.match(/\d+/g)) expect(emulator.state.monitors.get(Number(id))!.type).not.toBe('composite');
  }
  expect(emulator.maxInFlight).toBeLessThanOrEqual(2);

  const again = await datadog('plan', '--app', app);
  expect(again.code).toBe(0);
  expect(again.out).toContain('0 to create, 0 to update, 0 to delete, 5 unchanged');
});

test('MON-06: drift reports a threshold changed in the UI, field by field, and apply puts it back', async () => {
  const app = synthMonitorApp();
  await datadog('apply', '--app', app);
  const cpu = monitors().find(m => m.name.startsWith('[L0]'))!;
  cpu.options.thresholds.critical = 95;
  cpu.query = cpu.query.replace('> 85', '> 95');

  const drift = await datadog('drift', '--app', app);
  expect(drift.code).toBe(2);
  expect(drift.out).toContain('~ update monitor PlatformMonitors/ClusterCpu');
  expect(drift.out).toContain('options.thresholds.critical: Datadog has 95, the app wants 85');
  expect(drift.out).toMatch(/query: Datadog has ".*> 95", the app wants ".*> 85"/);

  expect((await datadog('apply', '--app', app)).code).toBe(0);
  expect(emulator.state.monitors.get(cpu.id)!.options.thresholds.critical).toBe(85);
  expect((await datadog('drift', '--app', app)).code).toBe(0);
});

test('server-managed fields, whitespace, tag order and 100 vs 100.0 never count as drift', async () => {
  const app = synthMonitorApp();
  await datadog('apply', '--app', app);
  for (const monitor of monitors()) {
    Object.assign(monitor, { overall_state: 'Alert', modified: '2030-01-01T00:00:00Z', creator: { email: 'someone@else' } });
    monitor.options.silenced = { '*': null };
    monitor.options.notify_audit = true;
    monitor.message = `\n  ${monitor.message}  \n`;
    monitor.tags = [...monitor.tags].reverse();
    if (monitor.type === 'composite') monitor.query = monitor.query.replace(' && ', '&&   ');
  }
  const drift = await datadog('drift', '--app', app);
  expect(drift.out).toContain('0 to update');
  expect(drift.code).toBe(0);
});

test('apply deletes managed monitors the app no longer declares, composites first, and leaves others alone', async () => {
  await datadog('apply', '--app', synthMonitorApp());
  await datadog('apply', '--app', synthMonitorApp({ stackName: 'StagingMonitors' }));
  emulator.state.monitors.set(42, { ...monitors()[0], id: 42, tags: ['team:ops'], name: 'hand made' });

  const apply = await datadog('apply', '--app', synthMonitorApp({ withComposite: false }));
  expect(apply.code).toBe(0);
  expect(apply.out).toMatch(/- delete monitor .* — no longer in the app/);
  const left = monitors();
  expect(left.filter(m => m.tags.includes('cdk-tenant-platform-stack:platformmonitors'))).toHaveLength(2);
  expect(left.filter(m => m.tags.includes('cdk-tenant-platform-stack:stagingmonitors'))).toHaveLength(3);
  expect(left.find(m => m.id === 42)).toBeDefined();
});

test('faults mid-apply leave no orphan or duplicate and a rerun converges', async () => {
  const app = synthMonitorApp({ tenants: 3 });
  emulator.dropResponses(2, { method: 'POST', path: /^\/api\/v1\/monitor$/ });
  emulator.serverError(8, 500, { method: 'POST', path: /^\/api\/v1\/monitor$/ });
  const first = await datadog('apply', '--app', app);
  const names = () => monitors().map(m => m.name).sort();
  expect(new Set(names()).size).toBe(names().length);

  const second = await datadog('apply', '--app', app);
  expect([first.code, second.code]).toContain(0);
  expect(monitors()).toHaveLength(7);
  expect(new Set(names()).size).toBe(7);
  expect((await datadog('plan', '--app', app)).code).toBe(0);
});

test('apply is rate-limit aware: 429 answers are waited out, not failed', async () => {
  emulator.rateLimit(3, 0);
  const apply = await datadog('apply', '--app', synthMonitorApp());
  expect(apply.code).toBe(0);
  expect(apply.out).toMatch(/3 rate-limited/);
  expect(monitors()).toHaveLength(3);
});

test('inventory lists orphaned, duplicate and unmanaged resources with ids and the command that resolves each', async () => {
  const app = synthMonitorApp();
  await datadog('apply', '--app', app);
  await datadog('apply', '--app', synthMonitorApp({ stackName: 'RetiredMonitors', withComposite: false }));
  const [cpu] = monitors().filter(m => m.name.startsWith('[L0]'));
  emulator.state.monitors.set(7, { ...cpu, id: 7, name: 'CPU copy made by hand', tags: [] });
  emulator.state.monitors.set(8, { ...cpu, id: 8, name: cpu.name, created: '2030-01-01T00:00:00.000000+00:00' });

  const inventory = await datadog('inventory', '--app', synthMonitorApp({ withComposite: false }));
  expect(inventory.code).toBe(0);
  expect(inventory.out).toContain('Managed by this app (2)');
  // The composite this app no longer declares, and the monitors of a stack that is not in the app.
  expect(inventory.out).toMatch(/Orphaned: managed, not declared by the app \(3\)/);
  expect(inventory.out).toMatch(/monitor\s+\d+ {2}\[L3\] tenant0 errors while the platform is healthy — stack platformmonitors no longer declares it\n\s+\$ tenant-platform datadog apply --app /);
  expect(inventory.out).toMatch(/stack retiredmonitors is not in this app\n\s+\$ curl -X DELETE "http:\/\/127\.0\.0\.1:\d+\/api\/v1\/monitor\/\d+"/);
  expect(inventory.out).toMatch(/Duplicates: more than one resource of an identity \(1\)\n\s+monitor\s+8 .* — duplicate of \d+ \(same identity\)\n\s+\$ tenant-platform datadog apply/);
  expect(inventory.out).toMatch(/Unmanaged monitors \(made by hand or another tool\) \(1\)\n\s+monitor\s+7 {2}CPU copy made by hand — no identity tag\n\s+\$ tenant-platform datadog adopt 7 --as <Stack\/ConstructPath>/);

  const json = JSON.parse((await datadog('inventory', '--app', synthMonitorApp({ withComposite: false }), '--json')).out);
  expect(json.unmanaged).toEqual([expect.objectContaining({ kind: 'monitor', id: '7', resolve: expect.stringContaining('adopt 7') })]);
  expect(json.duplicates.map((d: any) => d.id)).toEqual(['8']);
});

test('MON-04: validate checks every monitor locally and with Datadog\'s validate endpoint', async () => {
  const app = synthMonitorApp({ tenants: 2 });
  const ok = await datadog('validate', '--app', app);
  expect(ok.code).toBe(0);
  expect(ok.out).toContain('✓ 5 monitors valid');
  expect(emulator.count({ method: 'POST', path: /\/api\/v1\/monitor\/validate$/ })).toBe(3);

  // A template edited by hand: a warning above critical and a query Datadog rejects.
  const template = path.join(app, 'PlatformMonitors.template.json');
  const json = JSON.parse(fs.readFileSync(template, 'utf8'));
  const cpu = Object.values<any>(json.Resources).find(r => r.Type === 'Custom::DatadogMonitor' && r.Properties.Definition.includes('ClusterCpu'));
  const definition = JSON.parse(cpu.Properties.Definition);
  definition.body.options.thresholds.warning = 90;
  cpu.Properties.Definition = JSON.stringify(definition);
  fs.writeFileSync(template, JSON.stringify(json));
  const bad = await datadog('validate', '--app', app, '--offline');
  expect(bad.code).toBe(1);
  expect(bad.err).toContain('PlatformMonitors/ClusterCpu: options.thresholds.warning 90 must be below critical 85 for ">"');
});

test('missing keys and unknown actions are usage errors through the tenant-platform entry point', async () => {
  let err = '';
  const io = { out: () => undefined, err: (t: string) => { err += t; }, env: {}, cwd: process.cwd() };
  expect(await main(['datadog', 'plan', '--app', synthMonitorApp()], io)).toBe(1);
  expect(err).toContain('DD_API_KEY and DD_APP_KEY must be set');
  expect(await main(['datadog', 'destroy', '--app', '.'], io)).toBe(1);
  expect(err).toContain("argument value 'destroy' is invalid for argument 'action'. Allowed choices are plan, apply, drift, inventory, validate, adopt.");
});

test('a hanging Datadog makes plan exit 1 within the timeout with a one-line error naming the endpoint', async () => {
  emulator.hang(100);
  const started = Date.now();
  const plan = await datadog('plan', '--app', synthMonitorApp(), '--timeout', '1');
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(plan.code).toBe(1);
  expect(plan.err).toMatch(/^tenant-platform datadog plan: GET \/api\/v\d\/\S+: no answer within 1 s\n$/);
});

test('a 502 with an HTML body fails plan with the status and endpoint, not a SyntaxError', async () => {
  emulator.htmlError(100, 502);
  const plan = await datadog('plan', '--app', synthMonitorApp());
  expect(plan.code).toBe(1);
  expect(plan.err).toMatch(/^tenant-platform datadog plan: GET \/api\/v\d\/\S+: HTTP 502: text\/html body "502 Bad Gateway"\n$/);
});

test('apply then plan against Datadog\'s normalisations: 0 writes, exit 0; a UI edit makes drift exit 2 naming the field', async () => {
  const app = synthMonitorApp({ tenants: 2 });
  expect((await datadog('apply', '--app', app)).code).toBe(0);
  expect(monitors().find(m => m.name.startsWith('[L0]'))!.type).toBe('query alert');
  const before = emulator.requests.length;
  const plan = await datadog('plan', '--app', app);
  expect(plan.code).toBe(0);
  expect((await datadog('apply', '--app', app)).out).toContain('Applied 0 change(s), 0 failed');
  expect(emulator.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);

  monitors().find(m => m.name === '[L3] tenant1 errors')!.options.renotify_interval = 30;
  const drift = await datadog('drift', '--app', app, '--json');
  expect(drift.code).toBe(2);
  expect(JSON.parse(drift.out).changes).toEqual([expect.objectContaining({
    action: 'update', label: 'PlatformMonitors/tenant1Errors', fields: [{ path: 'options.renotify_interval', datadog: 30, app: 60 }],
  })]);
});

test('two concurrent applies leave no duplicate; plan lists a duplicate as a deletion and apply exits 1 while one remains', async () => {
  emulator.latencyMs = 5;
  const app = synthMonitorApp({ tenants: 3 });
  const [a, b] = await Promise.all([datadog('apply', '--app', app), datadog('apply', '--app', app)]);
  expect([a.code, b.code]).toEqual([0, 0]);
  // Both planned before either created: the race happened, and each settled on the first made.
  expect(emulator.count({ method: 'POST', path: /^\/api\/v1\/monitor$/ })).toBeGreaterThan(7);
  expect(monitors()).toHaveLength(7);
  expect((await datadog('plan', '--app', app)).code).toBe(0);

  const [cpu] = monitors().filter(m => m.name.startsWith('[L0]'));
  emulator.state.monitors.set(cpu.id + 1000, { ...cpu, id: cpu.id + 1000 });
  const plan = await datadog('plan', '--app', app);
  expect(plan.out).toContain(`- delete monitor PlatformMonitors/ClusterCpu (id ${cpu.id + 1000}) "[L0] ECS cluster CPU high" — duplicate of ${cpu.id}`);
  emulator.serverError(100, 500, { method: 'DELETE' });
  const failed = await datadog('apply', '--app', app);
  expect(failed.code).toBe(1);
  expect(failed.err).toContain(`✗ duplicate monitor ${cpu.id + 1000}`);
});

test('plan --out saves the plan; apply FILE applies it, and refuses it once Datadog changed', async () => {
  const app = synthMonitorApp();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-')), 'plan.json');
  expect((await datadog('plan', '--app', app, '--out', file)).code).toBe(2);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(saved.summary).toEqual({ create: 3, update: 0, delete: 0, unchanged: 0 });
  expect((await datadog('apply', file)).code).toBe(0);
  expect(monitors()).toHaveLength(3);

  await datadog('plan', '--app', synthMonitorApp({ cpuCritical: 90 }), '--out', file);
  monitors().find(m => m.name.startsWith('[L0]'))!.name = 'renamed in the UI';
  const stale = await datadog('apply', file);
  expect(stale.code).toBe(1);
  expect(stale.err).toContain(`${file} is stale: the app or Datadog changed since it was planned`);
  expect(monitors().find(m => m.name === 'renamed in the UI')!.options.thresholds.critical).toBe(85);
});

test('--stack limits plan to some stacks; --json output of plan and validate', async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-stacks-'));
  const app = new App({ outdir });
  const platform = datadogStack('PlatformMonitors', app);
  addMonitors(platform.stack, platform.connection, { withComposite: false });
  const staging = datadogStack('StagingMonitors', app);
  addMonitors(staging.stack, staging.connection, { withComposite: false });
  app.synth();
  const plan = JSON.parse((await datadog('plan', '--app', outdir, '--stack', 'StagingMonitors', '--json')).out);
  expect(plan.summary).toEqual({ create: 2, update: 0, delete: 0, unchanged: 0 });
  expect(plan.changes.every((c: any) => c.label.startsWith('StagingMonitors/'))).toBe(true);
  await expect(datadog('plan', '--app', outdir, '--stack', 'Nope')).rejects.toThrow('--stack nope: not a stack of the app; its stacks are platformmonitors, stagingmonitors');
  expect(JSON.parse((await datadog('validate', '--app', outdir, '--json', '--offline')).out)).toEqual({ valid: true, monitors: 4, offline: true, problems: [] });
});

test('adopt tags a hand-made monitor and prints its construct; the next apply updates it instead of making a twin', async () => {
  emulator.state.monitors.set(42, {
    id: 42,
    type: 'query alert',
    name: '[L0] ECS cluster CPU high',
    query: 'avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform} > 85',
    message: 'CPU is high.\n@slack-ops',
    tags: ['team:platform'],
    options: { thresholds: { critical: 85, warning: 70 }, evaluation_delay: 900 },
    priority: null,
  });
  const app = synthMonitorApp({ withComposite: false });
  const adopted = await datadog('adopt', '42', '--as', 'PlatformMonitors/ClusterCpu', '--app', app);
  expect(adopted.code).toBe(0);
  expect(adopted.out).toContain('Monitor 42 "[L0] ECS cluster CPU high" now carries the identity of PlatformMonitors/ClusterCpu.');
  const orphanApp = synthMonitorApp({ withComposite: false, stackName: 'Elsewhere' });
  emulator.state.monitors.set(43, { ...emulator.state.monitors.get(42)!, id: 43, tags: [] });
  const code = (await datadog('adopt', '43', '--as', 'Elsewhere/Cpu2', '--app', orphanApp)).out;
  expect(code).toContain('new DatadogMonitor(this, "Cpu2", {\n  connection,\n  type: DatadogMonitorType.QUERY_ALERT,');
  expect(code).toContain('  thresholds: { critical: 85, warning: 70 },\n');
  expect(code).toContain('  evaluationDelay: Duration.seconds(900),\n');

  const apply = await datadog('apply', '--app', app);
  expect(apply.out).toContain('~ update monitor PlatformMonitors/ClusterCpu (id 42)');
  expect(monitors().filter(m => m.name === '[L0] ECS cluster CPU high').map(m => m.id).sort()).toEqual([42, 43]);
});
