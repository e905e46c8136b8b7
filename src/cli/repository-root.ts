import * as fs from 'fs';
import * as path from 'path';

/** The nearest directory at or above `dir` holding `.git` (the repository root code scanning resolves URIs against), else `dir`. */
export function repositoryRoot(dir: string): string {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return path.resolve(dir);
  }
}
