// A tiny benchmark harness: each benchmark has a subject (our library) and a baseline (plain
// aws-cdk-lib doing the comparable job), measured alternately in the same process and run, so the
// printed ratios do not depend on the machine's speed.
import { performance } from 'perf_hooks';

export interface Benchmark {
  readonly name: string;
  /** What one iteration does, for the printed table. */
  readonly description: string;
  /** The library under test. Returns something to keep alive until memory is measured. */
  readonly subject: () => unknown;
  /** Plain aws-cdk-lib doing the comparable work. */
  readonly baseline: () => unknown;
}

export interface Measurement {
  readonly medianMs: number;
  readonly heapMiB: number;
}

export interface Result {
  readonly benchmark: Benchmark;
  readonly subject: Measurement;
  readonly baseline: Measurement;
}

const gc = (globalThis as { gc?: () => void }).gc;

function measureOnce(fn: () => unknown): { ms: number; heapMiB: number } {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const kept = fn();
  const ms = performance.now() - start;
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  void kept;
  return { ms, heapMiB };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `b` `iterations` times each (after one warm-up), alternating subject and baseline. */
export function run(b: Benchmark, iterations: number): Result {
  b.baseline();
  b.subject();
  const s: Array<{ ms: number; heapMiB: number }> = [];
  const base: Array<{ ms: number; heapMiB: number }> = [];
  for (let i = 0; i < iterations; i++) {
    base.push(measureOnce(b.baseline));
    s.push(measureOnce(b.subject));
  }
  const summarise = (m: typeof s): Measurement => ({ medianMs: median(m.map(x => x.ms)), heapMiB: median(m.map(x => x.heapMiB)) });
  return { benchmark: b, subject: summarise(s), baseline: summarise(base) };
}

/** Prints results as a Markdown table. */
export function report(results: Result[]): string {
  const rows = results.map(r => `| ${r.benchmark.name} | ${r.benchmark.description} | ${r.subject.medianMs.toFixed(0)} ms | ` +
    `${r.baseline.medianMs.toFixed(0)} ms | **${(r.subject.medianMs / r.baseline.medianMs).toFixed(2)}×** | ` +
    `${r.subject.heapMiB.toFixed(0)} MiB | ${r.baseline.heapMiB.toFixed(0)} MiB | ` +
    `**${(r.subject.heapMiB / Math.max(r.baseline.heapMiB, 0.1)).toFixed(2)}×** |`);
  return [
    '| benchmark | one iteration | ours | baseline | time ratio | ours heap | baseline heap | heap ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    gc ? '' : '(heap figures are noisy: run with node --expose-gc)',
  ].join('\n');
}
