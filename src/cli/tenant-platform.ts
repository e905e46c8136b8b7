// Entry point of the `tenant-platform` bin (bundled by esbuild into assets/cli/).
import { main } from './main';

main(process.argv.slice(2), {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then(code => { process.exitCode = code; }, e => { process.stderr.write(`tenant-platform: ${e?.message ?? e}\n`); process.exitCode = 2; });
