/**
 * The exit codes of every `tenant-platform` command, in one table: `--help` prints it and the
 * README's copy is checked against it by a test.
 *
 * `report` and `runbooks` follow the convention of linters (0 success, 1 findings, 2 usage or
 * runtime error); `datadog` keeps the codes of `terraform plan -detailed-exitcode` (0 no
 * difference, 1 error, 2 difference), which CI jobs written for Terraform already understand.
 */

/** Success: nothing to report. */
export const EXIT_OK = 0;
/** `report`: an error finding remains. */
export const EXIT_FINDINGS = 1;
/** `report`, `runbooks`: bad usage (unknown flag, bad value) or a runtime error (missing or invalid input, unwritable output). */
export const EXIT_USAGE = 2;

/** One row of the table: what each code means for a command. */
export interface ExitCodeRow {
  /** The command (and actions) the row applies to. */
  readonly command: string;
  /** Meaning of exit code 0, 1 and 2, in that order (`—` when a code is never returned). */
  readonly codes: readonly [string, string, string];
}

/** The exit codes of every command. */
export const EXIT_CODE_TABLE: readonly ExitCodeRow[] = [
  { command: 'report', codes: ['no error remains (warnings and acknowledged findings allowed)', 'an error finding remains', 'usage or runtime error'] },
  { command: 'runbooks', codes: ['runbooks copied', '—', 'usage or runtime error'] },
  { command: 'datadog plan, drift', codes: ['no difference', 'usage, input or API error', 'differences (plan) / drift'] },
  { command: 'datadog apply, inventory, validate', codes: ['success', 'usage, input or API error; validation problems; failed changes', '—'] },
  { command: 'no command, unknown command', codes: ['—', '—', 'usage error'] },
];

/** The table as Markdown, as it appears in the README. */
export function exitCodesMarkdown(): string {
  return [
    '| Command | 0 | 1 | 2 |',
    '|---|---|---|---|',
    ...EXIT_CODE_TABLE.map(row => `| \`${row.command}\` | ${row.codes.join(' | ')} |`),
  ].join('\n') + '\n';
}

/** The rows for `commands` (all when omitted) as plain text for `--help`. */
export function exitCodesText(commands?: readonly string[]): string {
  const rows = EXIT_CODE_TABLE.filter(row => !commands || commands.some(c => row.command === c || row.command.startsWith(`${c} `)));
  return rows.map(row => `  ${row.command}:\n${row.codes.map((meaning, code) => meaning === '—' ? '' : `    ${code}  ${meaning}\n`).join('')}`).join('');
}
