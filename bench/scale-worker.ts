// One measurement of the scaling benchmark, in a fresh process so that peak RSS belongs to it:
//   node --expose-gc -r ts-node/register/transpile-only bench/scale-worker.ts <subject|baseline> <tenants>
// Prints one JSON line: wall and CPU time of building and synthesizing the app, peak RSS, heap
// retained by the assembly, resources synthesized, and the time spent in each validation plugin's
// `validate` and in each custom synthesis (runbooks, DR report) — measured by wrapping them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, CloudFormationValidatePlugin, IPolicyValidationPlugin } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { platformApp, plainApp } from './scale-apps';

export interface WorkerResult {
  readonly kind: 'subject' | 'baseline';
  readonly tenants: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly heapMiB: number;
  readonly resources: number;
  /** Wall milliseconds per phase: `validate: <plugin>`, `synthesize: <construct type>`, `construct`. */
  readonly phases: Record<string, number>;
  /** CPU milliseconds per phase. */
  readonly phasesCpu: Record<string, number>;
}

const CUSTOM_SYNTHESIS = Symbol.for('@aws-cdk/core:customSynthesis');

function main(): void {
  const [kind, n] = [process.argv[2] as 'subject' | 'baseline', Number(process.argv[3])];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-scale-${kind}-`));
  const phases: Record<string, number> = {};
  const phasesCpu: Record<string, number> = {};
  const timed = <T>(phase: string, fn: () => T): T => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      return fn();
    } finally {
      phases[phase] = (phases[phase] ?? 0) + performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      phasesCpu[phase] = (phasesCpu[phase] ?? 0) + (used.user + used.system) / 1000;
    }
  };
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const app = timed('construct', () => (kind === 'subject' ? platformApp : plainApp)(n, outdir));
  wrapPlugins(app, timed);
  wrapCustomSyntheses(app, timed);
  let assembly;
  try {
    assembly = app.synth();
  } catch (e) {
    // A pack that finds errors fails the synth after every plugin ran and the report was written.
    if (!(e instanceof Error && e.message.startsWith('Validation failed'))) throw e;
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  (globalThis as { gc?: () => void }).gc?.();
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  void assembly;
  const resources = fs.readdirSync(outdir).filter(f => f.endsWith('.template.json'))
    .reduce((sum, f) => sum + Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')).Resources ?? {}).length, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  const result: WorkerResult = {
    kind,
    tenants: n,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB,
    resources,
    phases,
    phasesCpu,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

type Timer = <T>(phase: string, fn: () => T) => T;

/** Times `validate` of every plugin the app runs, aws-cdk-lib's built-in CloudFormation validation included. */
function wrapPlugins(app: App, timed: Timer): void {
  const plugins: IPolicyValidationPlugin[] = [...(app as unknown as { _validationPlugins: IPolicyValidationPlugin[] })._validationPlugins];
  plugins.push((CloudFormationValidatePlugin as unknown as { _singletonInstance(): IPolicyValidationPlugin })._singletonInstance());
  for (const plugin of plugins) {
    const validate = plugin.validate.bind(plugin);
    (plugin as { validate: typeof validate }).validate = context => timed(`validate: ${plugin.name}`, () => validate(context));
  }
}

/** Times every custom synthesis (the runbook catalog, a DR plan's report), by construct type. */
function wrapCustomSyntheses(app: App, timed: Timer): void {
  for (const c of app.node.findAll()) {
    const synthesis = (c as IConstruct & { [CUSTOM_SYNTHESIS]?: { onSynthesize: (s: unknown) => void } })[CUSTOM_SYNTHESIS];
    if (!synthesis) continue;
    const onSynthesize = synthesis.onSynthesize.bind(synthesis);
    synthesis.onSynthesize = session => timed(`synthesize: ${c.constructor.name}`, () => onSynthesize(session));
  }
}

main();
