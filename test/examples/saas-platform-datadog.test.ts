import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildSaasPlatform, exampleConfig, readTenants } from '../../examples/saas-platform/system';
import { datadogCommand } from '../../src/cli/commands/datadog';
import { DatadogEmulator, EMULATOR_KEYS } from '../support/datadog-emulator';
import { recordingRetry } from '../support/datadog-fixtures';

const TENANTS_FILE = path.join(__dirname, '../../examples/saas-platform/tenants.json');

let emulator: DatadogEmulator;
let assembly: string;
beforeAll(() => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'saas-platform-datadog-')) });
  buildSaasPlatform(app, exampleConfig(readTenants(TENANTS_FILE)));
  assembly = app.synth().directory;
});
beforeEach(async () => { emulator = await DatadogEmulator.start(); });
afterEach(async () => { await emulator.close(); });

async function datadog(...args: string[]) {
  let out = '';
  const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; }, env: EMULATOR_KEYS_ENV, cwd: process.cwd() };
  const code = await datadogCommand({ retry: recordingRetry() }).run([...args, '--app', assembly, '--api-url', emulator.url], io);
  return { code, out };
}
const EMULATOR_KEYS_ENV = { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey };

test('MON-03: the example declares its L0 platform monitors, a composite and the DB-08 maintenance window', async () => {
  const validate = await datadog('validate');
  expect(validate.code).toBe(0);
  expect(validate.out).toContain('✓ 5 monitors valid');

  const apply = await datadog('apply');
  expect(apply.code).toBe(0);
  const monitors = [...emulator.state.monitors.values()];
  expect(monitors.map(m => m.name).sort()).toEqual([
    '[L0] Database CPU high', '[L0] Database connections high', '[L0] Database saturated (CPU and connections)',
    '[L0] ECS cluster CPU high', '[L0] Load balancer 5XX',
  ]);
  const composite = monitors.find(m => m.type === 'composite')!;
  const [cpu, connections] = composite.query.split(' && ').map(Number);
  expect(emulator.state.monitors.get(cpu)!.name).toBe('[L0] Database CPU high');
  expect(emulator.state.monitors.get(connections)!.name).toBe('[L0] Database connections high');
  const [window] = emulator.state.downtimes.values();
  expect(window.monitor_identifier).toEqual({ monitor_tags: ['component:database', 'level:l0'] });
  expect(window.schedule.timezone).toBe('Asia/Tokyo');

  expect((await datadog('plan')).code).toBe(0);
});
