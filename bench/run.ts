// `npm run bench`: runs every benchmark and prints time and heap ratios against its plain
// aws-cdk-lib baseline, measured in the same run.
import { Benchmark, report, run } from './harness';
import { benchmarks as synth } from './synth.bench';

const ALL: Benchmark[] = [...synth];

const iterations = Number(process.env.BENCH_ITERATIONS ?? 3);
const only = process.argv[2];
const results = ALL.filter(b => !only || b.name.includes(only)).map(b => {
  process.stderr.write(`running ${b.name} (${iterations} iterations)...\n`);
  return run(b, iterations);
});
console.log(report(results));
