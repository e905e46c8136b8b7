import { CompositeNode, CompositeSyntaxError, compositeReferences, parseComposite } from '../model/composite-expression';

/** Datadog's limit on the monitors one composite may reference. */
export const MAX_COMPOSITE_REFERENCES = 10;

/** The parsed expression of a composite and the problems found in it. */
export interface CompositeCheck {
  readonly node?: CompositeNode;
  /** Names in order of first use. */
  readonly references: string[];
  readonly problems: string[];
}

/**
 * Checks a composite expression over the names in `available` (MON-04): boolean syntax (`&&`,
 * `||`, `!`, parentheses), every name known, every given monitor used, at most 10 monitors.
 */
export function checkCompositeExpression(expression: string, available: readonly string[]): CompositeCheck {
  let node: CompositeNode;
  try {
    node = parseComposite(expression);
  } catch (e) {
    if (e instanceof CompositeSyntaxError) return { references: [], problems: [`expression: ${e.message}`] };
    throw e;
  }
  const references = compositeReferences(node);
  const problems: string[] = [];
  const unknown = references.filter(name => !available.includes(name));
  if (unknown.length) {
    problems.push(`expression "${expression}" names ${unknown.map(n => `"${n}"`).join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not in monitors (${available.join(', ') || 'empty'})`);
  }
  const unused = available.filter(name => !references.includes(name));
  if (unused.length) {
    problems.push(`monitors ${unused.map(n => `"${n}"`).join(', ')} ${unused.length > 1 ? 'are' : 'is'} not used in expression "${expression}"`);
  }
  if (references.length > MAX_COMPOSITE_REFERENCES) {
    problems.push(`expression references ${references.length} monitors; Datadog allows at most ${MAX_COMPOSITE_REFERENCES} in one composite`);
  }
  return { node, references, problems };
}

/**
 * The first cycle reachable from `start` in a reference graph, as a list of labels, or undefined.
 */
export function findCycle<T>(start: T, referencesOf: (node: T) => readonly T[], label: (node: T) => string): string[] | undefined {
  const path: T[] = [];
  const done = new Set<T>();
  const visit = (node: T): string[] | undefined => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node].map(label);
    if (done.has(node)) return undefined;
    path.push(node);
    for (const next of referencesOf(node)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(node);
    return undefined;
  };
  return visit(start);
}
