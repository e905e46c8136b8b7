/**
 * Finds text in a shell command that an operator would have to replace before running it — the
 * `<cluster>` and `your-service` of hand-written runbooks. Runbook commands name this deployment's
 * real resources or look them up, so any finding is a bug in the runbook.
 */

/** One placeholder found in a command. */
export interface PlaceholderFinding {
  /** 1-based line of the script. */
  readonly line: number;
  /** The placeholder as written. */
  readonly text: string;
  /** Why it counts as a placeholder. */
  readonly reason: string;
}

/** Environment variables a runbook may use without setting them (the AWS CLI and Datadog setup). */
export const ENVIRONMENT_VARIABLES: readonly string[] = ['AWS_REGION', 'AWS_PROFILE', 'DD_API_KEY', 'DD_APP_KEY', 'DD_SITE', 'HOME'];

const PATTERNS: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /<[A-Za-z][\w .:/-]*>/g, reason: 'angle-bracket placeholder' },
  { pattern: /\{\{[^}]*\}\}/g, reason: 'unfilled template marker' },
  { pattern: /\$\{Token\[[^\]]*\]\}|#\{Token\[[^\]]*\]\}/g, reason: 'unresolved CDK token' },
  { pattern: /\b(?:your[-_][\w-]+|YOUR_\w+|TODO|TBD|FIXME|CHANGE_?ME|REPLACE_?ME|PLACEHOLDER|x{3,}|X{3,})\b/g, reason: 'placeholder word' },
  { pattern: /\.\.\./g, reason: 'ellipsis standing for omitted text' },
];

const ANY_PATTERN = new RegExp(PATTERNS.map(p => p.pattern.source).join('|'));

/**
 * Placeholders in `script` (one or more shell lines): the patterns above, and shell variables used
 * but never set in the script (a `$CLUSTER` nobody assigned is a placeholder too).
 */
export function findPlaceholders(script: string): PlaceholderFinding[] {
  const findings: PlaceholderFinding[] = [];
  const assigned = new Set<string>(ENVIRONMENT_VARIABLES);
  // A pattern that matches within a line matches the whole script too, so most scripts (clean
  // ones) are searched once instead of line by line.
  if (ANY_PATTERN.test(script)) {
    script.split('\n').forEach((raw, index) => {
      for (const { pattern, reason } of PATTERNS) {
        for (const match of raw.matchAll(pattern)) findings.push({ line: index + 1, text: match[0], reason });
      }
    });
  }
  for (const { line, code } of codeLines(script)) {
    // Variables used on a line must be set on an earlier line or earlier on the same line.
    const events: Array<{ at: number; name: string; kind: 'set' | 'use' }> = [];
    for (const m of code.matchAll(/(?:^|[\s;&|(])(?:export\s+|local\s+)?([A-Za-z_]\w*)=/g)) {
      events.push({ at: m.index! + m[0].length, name: m[1], kind: 'set' });
    }
    // `for X in`, `read X`, `read -r -p "Prompt: " X` (a single-quoted part of the prompt is '' here).
    for (const m of code.matchAll(/\b(?:for|read(?:\s+(?:-\w+|(?:"[^"]*"|''|\\.)+))*)\s+([A-Za-z_]\w*)/g)) {
      events.push({ at: m.index!, name: m[1], kind: 'set' });
    }
    for (const m of code.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
      events.push({ at: m.index!, name: m[1], kind: 'use' });
    }
    events.sort((x, y) => x.at - y.at);
    for (const event of events) {
      if (event.kind === 'set') {
        assigned.add(event.name);
      } else if (!assigned.has(event.name)) {
        findings.push({ line, text: `$${event.name}`, reason: 'shell variable used but never set' });
      }
    }
  }
  return findings.sort((x, y) => x.line - y.line);
}

/**
 * The lines of `script` as the shell reads them for expansions, each with its 1-based first line:
 * comment lines dropped, and each single-quoted string `''`. Quotes are followed across lines (a
 * quoted value may hold a newline, which then continues the line), through double quotes (where
 * `'` is literal) and backslash escapes, so a value `sh` quoted, such as
 * `"prompt "'it'\''s'": "`, never shifts which text counts as quoted.
 */
function codeLines(script: string): Array<{ line: number; code: string }> {
  // Scans once, copying runs of code as slices: dropped text (single-quoted contents, comment
  // lines) and line breaks end a run. Building the code a character at a time (a new string per
  // character) made this check a fifth of all runbook rendering at 400 tenants.
  const lines: Array<{ line: number; code: string }> = [];
  let parts: string[] = [];
  let first = 1;
  let raw = 1;
  let blank = true; // the line's code so far is only spaces and tabs
  let quote: '' | '\'' | '"' = '';
  let runStart = 0;
  const endRun = (at: number) => {
    if (at > runStart) parts.push(script.slice(runStart, at));
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\n') raw++;
    if (quote === '\'') {
      if (c === '\'') {
        quote = '';
        runStart = i; // the closing quote starts the next run
      }
    } else if (c === '\n' && quote === '') {
      endRun(i);
      lines.push({ line: first, code: parts.join('') });
      parts = [];
      first = raw;
      blank = true;
      runStart = i + 1;
    } else if (quote === '' && c === '#' && blank) {
      endRun(i);
      const end = script.indexOf('\n', i);
      i = (end < 0 ? script.length : end) - 1;
      runStart = i + 1;
    } else if (c === '\\') {
      if (script[i + 1] === '\n') raw++;
      blank = false;
      i++;
    } else {
      if (c !== ' ' && c !== '\t') blank = false;
      if (quote === '"') {
        if (c === '"') quote = '';
      } else if (c === '\'') {
        quote = c;
        endRun(i + 1); // the opening quote ends this run; its contents are dropped
      } else if (c === '"') {
        quote = c;
      }
    }
  }
  if (quote !== '\'') endRun(script.length);
  lines.push({ line: first, code: parts.join('') });
  return lines;
}

