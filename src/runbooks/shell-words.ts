import { IResolveContext, Lazy, Token } from 'aws-cdk-lib';

/**
 * The one way runbook commands put a value into shell code: `sh` quotes every interpolated value for
 * the place it lands in, so a name, host or URL can never become code in an operator's shell
 * (OPS-01). Only `ShellCode` — shell built by the library itself — is inserted as it is.
 */

/** Characters a bare shell word may hold without quoting. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/** `value` as one shell word: bare when it is plain, single-quoted otherwise. */
export function shellQuote(value: string): string {
  return PLAIN_WORD.test(value) ? value : `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** Shell code the library wrote (a fragment such as a time range), inserted by `sh` unquoted. */
export class ShellCode {
  public constructor(public readonly code: string) {}
}

/** Marks `code`, written by the library, as shell code for `sh`. */
export function shellCode(code: string): ShellCode {
  return new ShellCode(code);
}

type Quoting = 'none' | 'single' | 'double';

/**
 * A shell command with every interpolated value quoted for its place: a bare word gets
 * `shellQuote`; inside "..." an unsafe value closes the double quotes, adds itself single-quoted and
 * reopens them; inside '...' a single quote is escaped as `'\''`. Numbers must be finite; a
 * `ShellCode` is inserted as it is and only outside quotes. A synth-time token is quoted when it
 * resolves; one that does not resolve to a string fails the render.
 */
export function sh(strings: TemplateStringsArray, ...values: Array<string | number | ShellCode>): string {
  const scanner = new QuoteScanner();
  let out = '';
  strings.forEach((literal, i) => {
    out += literal;
    scanner.scan(literal);
    if (i < values.length) out += interpolate(values[i], scanner.quoting(), literal);
  });
  return out;
}

function interpolate(value: string | number | ShellCode, quoting: Quoting, before: string): string {
  if (value instanceof ShellCode) {
    if (quoting !== 'none') throw new Error(`sh: shell code interpolated inside ${quoting} quotes after "${before}"`);
    return value.code;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`sh: ${value} is not a finite number (after "${before}")`);
    return String(value);
  }
  if (typeof value !== 'string') throw new Error(`sh: ${JSON.stringify(value)} is neither a string, a number nor ShellCode (after "${before}")`);
  if (!Token.isUnresolved(value)) return quoted(value, quoting);
  return Lazy.uncachedString({
    produce: (context: IResolveContext) => {
      const resolved = context.resolve(value);
      if (typeof resolved !== 'string') {
        throw new Error(`a runbook command names a value only known after deploy (${JSON.stringify(resolved)}); use RunbookCommand.withLookups`);
      }
      return quoted(resolved, quoting);
    },
  });
}

function quoted(value: string, quoting: Quoting): string {
  if (quoting === 'single') return value.replace(/'/g, '\'\\\'\'');
  if (PLAIN_WORD.test(value)) return value;
  return quoting === 'double' ? `"${shellQuote(value)}"` : shellQuote(value);
}

/** Follows the quoting of shell text: quotes, `$(...)` command substitutions (also inside "...") and parentheses. */
class QuoteScanner {
  private readonly stack: Array<'single' | 'double' | 'subst' | 'paren'> = [];

  public quoting(): Quoting {
    const top = this.stack[this.stack.length - 1];
    return top === 'single' || top === 'double' ? top : 'none';
  }

  public scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const top = this.stack[this.stack.length - 1];
      if (top === 'single') {
        if (c === '\'') this.stack.pop();
      } else if (c === '\\') {
        i++;
      } else if (c === '$' && text[i + 1] === '(') {
        this.stack.push('subst');
        i++;
      } else if (top === 'double') {
        if (c === '"') this.stack.pop();
      } else if (c === '\'') {
        this.stack.push('single');
      } else if (c === '"') {
        this.stack.push('double');
      } else if (c === '(') {
        this.stack.push('paren');
      } else if (c === ')' && (top === 'subst' || top === 'paren')) {
        this.stack.pop();
      }
    }
  }
}
