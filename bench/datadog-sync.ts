// Benchmark of `tenant-platform datadog apply` then `plan` against the Datadog API emulator with
// injected latency: API calls and wall time for a cloud assembly.
//
//   npm run bench:datadog -- [--app <cdk.out>] [--latency-ms 50] [--concurrency 4]
//
// Without --app it synthesizes the saas-platform example, applies it, then synthesizes it again with
// one more tenant and measures the plan and apply that add that tenant (the seed's "tenant addition"
// figure). Results go to bench/results/datadog-sync.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { App } from 'aws-cdk-lib';
import { buildSaasPlatform, exampleConfig, readTenants, TenantConfig } from '../examples/saas-platform/system';
import { datadogCommand } from '../src/cli/commands/datadog';
import { DatadogEmulator, EMULATOR_KEYS } from '../test/support/datadog-emulator';

interface Step {
  readonly step: string;
  readonly exitCode: number;
  readonly apiCalls: number;
  readonly wallMs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'app': { type: 'string' }, 'latency-ms': { type: 'string' }, 'concurrency': { type: 'string' } },
  });
  const latencyMs = Number(values['latency-ms'] ?? 50);
  const concurrency = values.concurrency ?? '4';
  const tenants = readTenants(path.join(__dirname, '../examples/saas-platform/tenants.json'));
  const assembly = values.app ?? synthesizeExample(tenants);
  // The example once more with one tenant added: what `apply` does for a tenant addition.
  const grown = values.app ? undefined : synthesizeExample([...tenants, { tenantId: 'tenant-new', hostHeader: 'tenant-new.saas.example.com' }]);
  const emulator = await DatadogEmulator.start();
  emulator.latencyMs = latencyMs;
  const steps: Step[] = [];
  const measure = async (step: string, action: string, app: string, expectedExit = 0) => {
    const before = emulator.requests.length;
    let output = '';
    const io = {
      out: (t: string) => { output += t; },
      err: (t: string) => { output += t; },
      env: { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey },
      cwd: process.cwd(),
    };
    const start = process.hrtime.bigint();
    const exitCode = await datadogCommand().run([action, '--app', app, '--api-url', emulator.url, '--concurrency', concurrency], io);
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    steps.push({ step, exitCode, apiCalls: emulator.requests.length - before, wallMs: Math.round(wallMs) });
    if (exitCode !== expectedExit) throw new Error(`${step} exited ${exitCode}:\n${output}`);
  };
  try {
    await measure('apply', 'apply', assembly);
    await measure('plan', 'plan', assembly);
    if (grown) {
      await measure('plan, one tenant added', 'plan', grown, 2);
      await measure('apply, one tenant added', 'apply', grown);
    }
  } finally {
    await emulator.close();
  }
  const state = emulator.state;
  const resources = state.monitors.size + state.slos.size + state.syntheticsTests.size + state.downtimes.size + state.dashboards.size;
  console.log(`datadog sync: ${assembly}, ${resources} Datadog resources in the emulator at the end (a synthetics test brings its own monitor), ${latencyMs} ms latency per request, concurrency ${concurrency}`);
  for (const s of steps) console.log(`  ${s.step.padEnd(24)} exit ${s.exitCode}  ${String(s.apiCalls).padStart(4)} API calls  ${String(s.wallMs).padStart(6)} ms`);
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'datadog-sync.json'), JSON.stringify({ assembly, latencyMs, concurrency: Number(concurrency), resources, steps }, null, 2));
}

function synthesizeExample(tenants: TenantConfig[]): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-datadog-')) });
  buildSaasPlatform(app, exampleConfig(tenants));
  return app.synth().directory;
}

main().catch(e => { console.error(e); process.exitCode = 1; });
