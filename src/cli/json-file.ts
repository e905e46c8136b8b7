import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './command';

/**
 * Reads and parses a JSON input file. A missing, unreadable, empty, truncated or otherwise invalid
 * file is a `UsageError` that names the file (relative to `cwd`) and what is wrong with it.
 */
export function readJsonFile(file: string, cwd: string): unknown {
  const name = displayPath(file, cwd);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${name}: ${code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? (e as Error).message})`}`);
  }
  if (text.trim() === '') throw new UsageError(`${name}: is empty, expected JSON`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name}: is not valid JSON (${(e as Error).message})`);
  }
}

/** `file` relative to `cwd` when it is below it, else absolute: how messages name files. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
