import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './command';
import { displayPath } from './json-file';

/** An `--out` directory and the flag that named it, for messages. */
export interface OutputDirectory {
  /** Absolute path. */
  readonly dir: string;
  /** The flag, e.g. `--out`. */
  readonly flag: string;
}

/**
 * Refuses an output directory that is, contains or lies inside `input` (the directory a command
 * reads): replacing entries there could delete what the command is about to read.
 */
export function refuseOverlap(out: OutputDirectory, input: { readonly dir: string; readonly flag: string }, cwd: string): void {
  const a = realish(out.dir);
  const b = realish(input.dir);
  if (a === b || isInside(a, b) || isInside(b, a)) {
    throw new UsageError(`${out.flag} ${displayPath(out.dir, cwd)} overlaps ${input.flag} ${displayPath(input.dir, cwd)}: ` +
      `writing there would replace the files being read; choose a directory outside ${displayPath(input.dir, cwd)}`);
  }
}

/**
 * Writes `entries` (files or folders directly under `out.dir`) all or nothing: `build` writes them
 * into a staging directory inside `out.dir`, and only when it returns are they renamed over the
 * previous entries (same file system, so each rename is atomic). When `build` throws, the previous
 * output is untouched and the staging directory is removed. Other entries of `out.dir` are kept.
 */
export function writeEntriesAtomically(out: OutputDirectory, cwd: string, build: (staging: string) => readonly string[]): string[] {
  ensureDirectory(out, cwd);
  const staging = fs.mkdtempSync(path.join(out.dir, '.tenant-platform-staging-'));
  try {
    const entries = build(staging);
    const previous = path.join(staging, '.previous');
    fs.mkdirSync(previous);
    for (const entry of entries) {
      const target = path.join(out.dir, entry);
      if (fs.existsSync(target)) fs.renameSync(target, path.join(previous, entry));
      fs.renameSync(path.join(staging, entry), target);
    }
    return entries.map(entry => path.join(out.dir, entry));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Throws a `UsageError` unless `out.dir` is a directory or can be created as one: it must not be a
 * file, nor lie below a file. Creates nothing, so a command can check its output before its work.
 */
export function checkOutputDirectory(out: OutputDirectory, cwd: string): void {
  const name = displayPath(out.dir, cwd);
  const stat = fs.existsSync(out.dir) ? fs.statSync(out.dir) : undefined;
  if (stat && !stat.isDirectory()) throw new UsageError(`${out.flag} ${name} is a file; ${out.flag} takes a directory`);
  let existing = path.dirname(out.dir);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) throw new UsageError(`${out.flag} ${name} cannot be created: ${displayPath(existing, cwd)} is a file`);
}

function ensureDirectory(out: OutputDirectory, cwd: string): void {
  checkOutputDirectory(out, cwd);
  fs.mkdirSync(out.dir, { recursive: true });
}

function realish(dir: string): string {
  // Resolve symbolic links of the part that exists, so `out` -> `cdk.out` links are seen.
  let existing = dir;
  const rest: string[] = [];
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
