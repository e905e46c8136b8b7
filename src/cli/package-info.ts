import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'cdk-tenant-platform';

/**
 * The root of this package: the nearest directory above this file whose package.json is
 * `cdk-tenant-platform` (`src/cli` in the repository, `lib/cli` or `assets/cli/tenant-platform`
 * once installed).
 */
export function packageRoot(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && readName(file) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The version of this package, for `--version`. */
export function packageVersion(): string {
  const root = packageRoot();
  return root ? String(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) : 'unknown';
}

function readName(file: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).name;
  } catch {
    return undefined;
  }
}
