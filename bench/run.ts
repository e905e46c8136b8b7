// `npm run bench`: runs every bench/*.bench.ts and prints time and heap ratios against its
// plain aws-cdk-lib baseline, measured in the same run.
import * as fs from 'fs';
import * as path from 'path';
import { Benchmark, report, run } from './harness';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 3);
const only = process.argv[2];
const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.bench.ts')).sort();

async function main(): Promise<void> {
  const results = [];
  for (const file of files) {
    const { benchmarks } = await import(path.join(__dirname, file)) as { benchmarks: Benchmark[] };
    for (const b of benchmarks) {
      if (only && !b.name.includes(only)) continue;
      process.stderr.write(`running ${b.name} (${iterations} iterations)...\n`);
      results.push(run(b, iterations));
    }
  }
  console.log(report(results));
}

void main();
