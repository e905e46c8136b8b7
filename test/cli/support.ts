import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

/** What a `tenant-platform` run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `tenant-platform ...argv` in-process with `cwd` as working directory. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; }, env: {}, cwd });
  return { code, out, err };
}

/** The bundled CLI, as `npx tenant-platform` runs it (built by `npx projen bundle`). */
export const CLI_BUNDLE = path.join(__dirname, '..', '..', 'assets', 'cli', 'tenant-platform', 'tenant-platform.js');

/** Runs the bundled CLI in a child process with a heap limit, so tests see real exit codes, streams and memory bounds. */
export function cliProcess(cwd: string, argv: readonly string[], heapMiB = 512, timeoutMs = 120_000): CliResult {
  if (!fs.existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run "npx projen bundle" first`);
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, CLI_BUNDLE, ...argv], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16_777_216 });
  if (child.error) throw child.error;
  return { code: child.status ?? -1, out: child.stdout, err: child.stderr };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'tenant-platform-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a minimal cloud assembly (no stacks) with `report` as its validation report into `dir`. */
export function writeAssembly(dir: string, report: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
  fs.writeFileSync(path.join(dir, 'validation-report.json'), report);
  return dir;
}
