/**
 * The boolean language of Datadog composite monitors: monitor references joined by `&&`, `||`,
 * `!` and parentheses. Used at synth time on names (`cpu && !database`), at deploy time and by the
 * CLI on monitor ids (`123 && !456`).
 */
export type CompositeNode =
  | { readonly type: 'ref'; readonly name: string }
  | { readonly type: 'not'; readonly operand: CompositeNode }
  | { readonly type: 'and' | 'or'; readonly operands: CompositeNode[] }
  | { readonly type: 'group'; readonly inner: CompositeNode };

/** A syntax error in a composite expression, with the offending position. */
export class CompositeSyntaxError extends Error {}

const TOKEN = /\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_.-]+|\S)/y;

/** Parses `expression`; throws `CompositeSyntaxError` saying what was expected where. */
export function parseComposite(expression: string): CompositeNode {
  const tokens: { text: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < expression.length && (match = TOKEN.exec(expression))) {
    if (match[1] !== undefined) tokens.push({ text: match[1], at: match.index + match[0].length - match[1].length });
  }
  let pos = 0;
  const fail = (expected: string): never => {
    const token = tokens[pos];
    const found = token ? `"${token.text}" at column ${token.at + 1}` : 'the end of the expression';
    throw new CompositeSyntaxError(`expected ${expected} but found ${found} in "${expression}"`);
  };
  const isName = (text: string | undefined) => text !== undefined && /^[A-Za-z0-9_.-]+$/.test(text);

  const parseOr = (): CompositeNode => {
    const operands = [parseAnd()];
    while (tokens[pos]?.text === '||') { pos++; operands.push(parseAnd()); }
    return operands.length === 1 ? operands[0] : { type: 'or', operands };
  };
  const parseAnd = (): CompositeNode => {
    const operands = [parseUnary()];
    while (tokens[pos]?.text === '&&') { pos++; operands.push(parseUnary()); }
    return operands.length === 1 ? operands[0] : { type: 'and', operands };
  };
  const parseUnary = (): CompositeNode => {
    if (tokens[pos]?.text === '!') { pos++; return { type: 'not', operand: parseUnary() }; }
    if (tokens[pos]?.text === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.text !== ')') fail('")"');
      pos++;
      return { type: 'group', inner };
    }
    if (isName(tokens[pos]?.text)) return { type: 'ref', name: tokens[pos++].text };
    return fail('a monitor reference, "!" or "("');
  };

  if (tokens.length === 0) throw new CompositeSyntaxError('the expression is empty');
  const root = parseOr();
  if (pos < tokens.length) fail('"&&", "||" or the end of the expression');
  return root;
}

/** The names referenced by `node`, each once, in order of first appearance. */
export function compositeReferences(node: CompositeNode): string[] {
  const names: string[] = [];
  const walk = (n: CompositeNode): void => {
    switch (n.type) {
      case 'ref': if (!names.includes(n.name)) names.push(n.name); break;
      case 'not': walk(n.operand); break;
      case 'group': walk(n.inner); break;
      default: n.operands.forEach(walk);
    }
  };
  walk(node);
  return names;
}

/** Renders `node` canonically (`a && !(b || c)`), replacing each reference with `rename(name)`. */
export function renderComposite(node: CompositeNode, rename: (name: string) => string = n => n): string {
  switch (node.type) {
    case 'ref': return rename(node.name);
    case 'not': return `!${renderComposite(node.operand, rename)}`;
    case 'group': return `(${renderComposite(node.inner, rename)})`;
    case 'and': return node.operands.map(o => renderComposite(o, rename)).join(' && ');
    case 'or': return node.operands.map(o => renderComposite(o, rename)).join(' || ');
  }
}
