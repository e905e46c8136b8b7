import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { markdownFiles, shellBlocks } from './runbooks';

/** One command block of a rendered runbook, with where it is (`en/Stack.md:12`). */
export interface CommandBlock {
  readonly where: string;
  readonly script: string;
}

/** Every ```bash block of every runbook under `dir`. */
export function commandBlocks(dir: string): CommandBlock[] {
  return markdownFiles(dir).flatMap(file => shellBlocks(fs.readFileSync(file, 'utf8'))
    .map(block => ({ where: `${path.relative(dir, file)}:${block.line}`, script: block.script })));
}

/** Whether shellcheck runs are skipped on purpose (TENANT_PLATFORM_SKIP_SHELLCHECK=1); never set in CI. */
export const SKIP_SHELLCHECK = process.env.TENANT_PLATFORM_SKIP_SHELLCHECK === '1';

/** The blocks `bash -n` does not parse, with bash's message. */
export function bashSyntaxErrors(blocks: CommandBlock[]): string[] {
  return blocks.flatMap(b => {
    const result = spawnSync('bash', ['-n'], { input: b.script, encoding: 'utf8', timeout: 10_000 });
    return result.status === 0 ? [] : [`${b.where}: ${result.stderr.trim()}`];
  });
}

/**
 * The blocks in which shellcheck finds a warning or an error. Info-level notes (SC2086 and friends)
 * flag the deliberate word splitting of AWS CLI lists such as `$TASKS`; they do not count. Throws
 * naming the package when shellcheck is not installed.
 */
export function shellcheckFindings(blocks: CommandBlock[]): string[] {
  const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new Error('shellcheck is not installed: install the Debian package (apt-get install -y shellcheck) or ' +
      'set TENANT_PLATFORM_SKIP_SHELLCHECK=1 to skip this check on purpose');
  }
  return blocks.flatMap(b => {
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=warning', '--format=gcc', '-'], { input: b.script, encoding: 'utf8', timeout: 20_000 });
    return result.status === 0 ? [] : [`${b.where}:\n${result.stdout.trim()}\n${b.script}`];
  });
}
