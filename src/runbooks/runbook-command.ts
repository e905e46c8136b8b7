import { Stack, Token } from 'aws-cdk-lib';
import { findPlaceholders } from './placeholders';
import { ResourceLookup } from './resource-lookup';
import { shellQuote } from './shell-words';

/** A shell variable name a lookup may set. */
export const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

/**
 * One exact shell command of a runbook step: AWS CLI, `npx cdk ...`, `npx tenant-platform ...`.
 *
 * Values only known after deploy are shell variables (`"$CLUSTER"`) whose lookup the runbook
 * prints first, so every command can be pasted as it stands.
 */
export class RunbookCommand {
  /** A command that names nothing known only after deploy. */
  public static of(command: string): RunbookCommand {
    return new RunbookCommand(command, {});
  }

  /**
   * `value` as one shell word, for a command you build yourself: bare when it is plain, else in
   * single quotes (a single quote inside becomes `'\''`), so no character of it is interpreted.
   * The library's own sections quote every value they interpolate the same way.
   */
  public static quote(value: string): string {
    return shellQuote(value);
  }

  /**
   * A command using deploy-time values: each key of `lookups` is a shell variable (`CLUSTER`)
   * that `command` uses as `$CLUSTER` or `${CLUSTER}`; the runbook sets it from its lookup before
   * the command.
   */
  public static withLookups(command: string, lookups: { [variable: string]: ResourceLookup }): RunbookCommand {
    return new RunbookCommand(command, lookups);
  }

  private constructor(
    /** The command, one or more shell lines. */
    public readonly command: string,
    /** Shell variables the command uses, by name, and where their values come from. */
    public readonly lookups: { [variable: string]: ResourceLookup },
  ) {
    if (typeof command !== 'string' || command.trim().length === 0) {
      throw new Error(`RunbookCommand: command must be a non-empty string, got ${JSON.stringify(command)}`);
    }
    for (const [name, lookup] of Object.entries(lookups)) {
      if (!VARIABLE.test(name)) {
        throw new Error(`RunbookCommand: variable "${name}" must match ${VARIABLE} (command: ${command})`);
      }
      if (!(lookup instanceof ResourceLookup)) {
        throw new Error(`RunbookCommand: variable "${name}" must be a ResourceLookup (command: ${command})`);
      }
    }
    // A command holding synth-time tokens is checked when it is rendered.
    if (!Token.isUnresolved(command)) this._check(command);
  }

  /**
   * Throws unless `resolved` (this command with its synth-time tokens resolved) uses every lookup
   * variable and holds no placeholder.
   *
   * @internal
   */
  public _check(resolved: string): void {
    for (const name of Object.keys(this.lookups)) {
      if (!new RegExp(`\\$\\{?${name}\\b`).test(resolved)) {
        throw new Error(`RunbookCommand: variable "${name}" is never used as $${name} in: ${resolved}`);
      }
    }
    checkNoPlaceholders([...Object.keys(this.lookups).map(name => `${name}=`), resolved].join('\n'), resolved);
  }

  /**
   * The variable assignments this command needs in a runbook of stack `from`, by variable name.
   *
   * @internal
   */
  public _assignments(from: Stack): Map<string, string> {
    return new Map(Object.entries(this.lookups).map(([name, lookup]) => [name, `${name}=${lookup._toShell(from)}`]));
  }
}

/** Scripts already found free of placeholders: runbooks render each command once per locale. */
const CLEAN_SCRIPTS = new Set<string>();
const CLEAN_SCRIPTS_KEPT = 20_000;

/** Throws when `script` contains a placeholder; `what` names the command in the error. */
export function checkNoPlaceholders(script: string, what: string): void {
  if (CLEAN_SCRIPTS.has(script)) return;
  const findings = findPlaceholders(script);
  if (findings.length > 0) {
    const list = findings.map(f => `"${f.text}" (${f.reason})`).join(', ');
    throw new Error(`runbook command has placeholder text ${list}: ${what}. ` +
      'Name the real resource, or use RunbookCommand.withLookups with a ResourceLookup.');
  }
  if (CLEAN_SCRIPTS.size >= CLEAN_SCRIPTS_KEPT) CLEAN_SCRIPTS.clear();
  CLEAN_SCRIPTS.add(script);
}
