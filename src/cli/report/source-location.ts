import * as path from 'path';

/** Where the user's code created a construct. */
export interface SourceLocation {
  /** Absolute path of the source file (TypeScript when the app ran with source maps, e.g. ts-node). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

/**
 * One frame of a creation trace as aws-cdk-lib renders it: `<function> (<file>:<line>:<column>)`,
 * with the frames it collapsed as `...new Queue in aws-cdk-lib...` lines. jsii hosts (Python, Java,
 * ...) append their own frames in the same form.
 */
const FRAME = /^\s*(?:at\s+)?(?:.*? \()?(.+?):(\d+)(?::(\d+))?\)?$/;

/**
 * The user's source location of a violating construct, from the `stackTraces` that CDK puts in
 * `validation-report.json`: the first entry is the construct's creation trace, innermost frame
 * first. The answer is the first frame outside `node_modules`, Node internals and `libraryDirs`
 * (this library's own sources when the app imports them from the repository). CDK records creation
 * traces unless the context `aws:cdk:disable-creation-stack-traces` is set (`CDK_DEBUG=true` records
 * them anyway); traces cut short by Node's frame limit (10) have no user frame: raise it with
 * `NODE_OPTIONS=--stack-trace-limit=100`.
 */
export function sourceLocationOf(stackTraces: unknown, libraryDirs: readonly string[]): SourceLocation | undefined {
  if (!Array.isArray(stackTraces) || typeof stackTraces[0] !== 'string') return undefined;
  for (const line of stackTraces[0].split('\n')) {
    if (line.trim().startsWith('...') || line.trim().startsWith('(')) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, '');
    if (!path.isAbsolute(file) && !/^[A-Za-z]:[\\/]/.test(file)) continue;
    if (/[\\/]node_modules[\\/]/.test(file) || libraryDirs.some(dir => isWithin(file, dir))) continue;
    return { file, line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined };
  }
  return undefined;
}

function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
