// `npm run bench [-- --with-400] [--sizes 10,50] [--iterations 2]`: the scaling benchmark.
//
// For each size it synthesizes this library's defaults-only app (TenantPlatformChecks and
// AwsSolutionsChecks registered) and the plain ecs-patterns baseline (AwsSolutionsChecks), alternating
// baseline and subject within this one run, each in a fresh child process so that peak RSS is the
// measurement's own. Wall time on a shared machine is noisy; CPU time (user + system of the process)
// is printed beside it, with the machine load (`uptime`) at each size, and ratios are computed for both.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import type { WorkerResult } from './scale-worker';

const { values } = parseArgs({
  options: { 'with-400': { type: 'boolean' }, 'sizes': { type: 'string' }, 'iterations': { type: 'string' } },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : [10, 50, 100, 200, ...(values['with-400'] ? [400] : [])];
const iterations = Number(values.iterations ?? process.env.BENCH_ITERATIONS ?? 1);

function measure(kind: 'subject' | 'baseline', n: number): WorkerResult {
  const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'scale-worker.ts'), kind, String(n)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** The run with the median CPU time. */
function median(runs: WorkerResult[]): WorkerResult {
  return [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(runs.length / 2)];
}

interface Row { readonly n: number; readonly subject: WorkerResult; readonly baseline: WorkerResult; readonly load: string }
const rows: Row[] = [];
for (const n of sizes) {
  const s: WorkerResult[] = [];
  const b: WorkerResult[] = [];
  const load = os.loadavg().map(l => l.toFixed(1)).join(' ');
  for (let i = 0; i < iterations; i++) {
    process.stderr.write(`${n} tenants, iteration ${i + 1}/${iterations}: baseline...`);
    b.push(measure('baseline', n));
    process.stderr.write(' subject...');
    s.push(measure('subject', n));
    process.stderr.write(` ${(s[i].wallMs / 1000).toFixed(1)} s vs ${(b[i].wallMs / 1000).toFixed(1)} s\n`);
  }
  rows.push({ n, subject: median(s), baseline: median(b), load: `${load} → ${os.loadavg().map(l => l.toFixed(1)).join(' ')}` });
}

const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);
const lines: string[] = [];
const print = (line = '') => lines.push(line);
print(`Scaling benchmark, ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}, ${iterations} iteration(s) per size (median by CPU time).`);
print('Subject: defaults-only app (platform + database + N tenant stacks; TenantPlatformChecks + AwsSolutionsChecks). Baseline: VPC + cluster + N ecs-patterns ALB Fargate stacks (AwsSolutionsChecks).');
print('Times cover building and synthesizing the app, validation included. CPU = user + system time of the process.');
print();
print('| N | resources ours / base | ours wall ms | ours CPU ms | base wall ms | base CPU ms | ratio wall | ratio CPU | ours peak RSS MiB | base peak RSS MiB | ours heap MiB | load (1/5/15 min, before → after) |');
print('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  print(`| ${r.n} | ${r.subject.resources} / ${r.baseline.resources} | ${f0(r.subject.wallMs)} | ${f0(r.subject.cpuMs)} | ${f0(r.baseline.wallMs)} | ${f0(r.baseline.cpuMs)} | ` +
    `**${f2(r.subject.wallMs / r.baseline.wallMs)}×** | **${f2(r.subject.cpuMs / r.baseline.cpuMs)}×** | ${f0(r.subject.peakRssMiB)} | ${f0(r.baseline.peakRssMiB)} | ${f0(r.subject.heapMiB)} | ${r.load} |`);
}
print();
print('Scaling between sizes (ours; baseline in brackets):');
print();
print('| from → to | wall | CPU | peak RSS |');
print('|---|---|---|---|');
const scale = (a: Row, b: Row) => {
  const k = (m: (w: WorkerResult) => number) => `${f2(m(b.subject) / m(a.subject))} (${f2(m(b.baseline) / m(a.baseline))})`;
  print(`| ${a.n} → ${b.n} | ${k(w => w.wallMs)} | ${k(w => w.cpuMs)} | ${k(w => w.peakRssMiB)} |`);
};
rows.slice(1).forEach((r, i) => scale(rows[i], r));
const hundred = rows.find(r => r.n === 100);
for (const r of rows.filter(x => x.n > 200)) if (hundred) scale(hundred, r);
print();
print('Time inside each validation plugin\'s `validate` and each custom synthesis: CPU ms (share of the run\'s CPU time), wall ms in brackets:');
print();
const phases = [...new Set(rows.flatMap(r => Object.keys(r.subject.phases)))];
const basePhases = [...new Set(rows.flatMap(r => Object.keys(r.baseline.phases)))];
print(`| N | ${phases.map(p => `ours ${p}`).join(' | ')} | ours: library's own work | ${basePhases.map(p => `base ${p}`).join(' | ')} |`);
print(`|---|${phases.map(() => '---|').join('')}---|${basePhases.map(() => '---|').join('')}`);
const OWN = (p: string) => p === 'validate: TenantPlatform' || p.startsWith('synthesize: ');
const cell = (w: WorkerResult, p: string) => (w.phases[p] === undefined ? '–'
  : `${f0(w.phasesCpu[p])} (${f0((100 * w.phasesCpu[p]) / w.cpuMs)} %) [${f0(w.phases[p])}]`);
for (const r of rows) {
  const own = (m: Record<string, number>) => Object.entries(m).filter(([p]) => OWN(p)).reduce((sum, [, ms]) => sum + ms, 0);
  const ownCell = `${f0(own(r.subject.phasesCpu))} (${f0((100 * own(r.subject.phasesCpu)) / r.subject.cpuMs)} %) [${f0(own(r.subject.phases))} = ${f0((100 * own(r.subject.phases)) / r.subject.wallMs)} % of wall]`;
  print(`| ${r.n} | ${phases.map(p => cell(r.subject, p)).join(' | ')} | ${ownCell} | ${basePhases.map(p => cell(r.baseline, p)).join(' | ')} |`);
}
print();
print('"library\'s own work" = TenantPlatformChecks + runbook catalog + DR report (custom syntheses); the Datadog composite validation runs inside construct validation (part of synth).');
const text = lines.join('\n');
console.log(text);
const resultsDir = path.join(__dirname, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'scale.json'), JSON.stringify({ date: new Date().toISOString(), iterations, rows }, null, 2));
fs.writeFileSync(path.join(resultsDir, 'scale.md'), text + '\n');
