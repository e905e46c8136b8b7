/**
 * What a `tenant-platform` subcommand gets from the process, so tests can run commands in-process
 * with captured output instead of spawning a child.
 */
export interface CommandIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Environment variables. */
  readonly env: Record<string, string | undefined>;
  /** Working directory that relative paths are resolved against. */
  readonly cwd: string;
}

/** One subcommand: `run` returns the process exit code. */
export interface Command {
  /** One line for `tenant-platform --help`. */
  readonly summary: string;
  /** The exit code of a usage or runtime error (2; `datadog` keeps terraform's 1). */
  readonly usageExitCode: number;
  /** Runs the command with the arguments after its name. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/**
 * A usage error or a bad input: printed in one line without a stack trace, exit code
 * `usageExitCode` of the command. The message names the flag or file and what is wrong.
 */
export class UsageError extends Error {}
