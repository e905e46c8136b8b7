import * as fs from 'fs';
import * as path from 'path';
import { datadogCommand } from '../../src/cli/commands/datadog';
import { main } from '../../src/cli/main';
import { synthMonitorApp } from '../support/datadog-app';
import { DatadogEmulator, EMULATOR_KEYS } from '../support/datadog-emulator';
import { recordingRetry } from '../support/datadog-fixtures';

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

test('inventory lists managed, orphaned, unmanaged and duplicate monitors', async () => {
  await datadog('apply', '--app', synthMonitorApp());
  const [cpu] = monitors().filter(m => m.name.startsWith('[L0]'));
  emulator.state.monitors.set(7, { ...cpu, id: 7, name: 'CPU copy made by hand', tags: [] });

  const inventory = await datadog('inventory', '--app', synthMonitorApp({ withComposite: false }));
  expect(inventory.code).toBe(0);
  expect(inventory.out).toMatch(/Managed by this app \(2\)/);
  expect(inventory.out).toMatch(/Managed, no longer in the app \(apply deletes them\) \(1\)\n.*composite/);
  expect(inventory.out).toMatch(/Unmanaged \(made by hand or another tool\) \(1\)\n\s+7 /);
  expect(inventory.out).toMatch(/Duplicates: same type and query \(1 groups\)/);
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
  expect(err).toContain("argument value 'destroy' is invalid for argument 'action'. Allowed choices are plan, apply, drift, inventory, validate.");
});
