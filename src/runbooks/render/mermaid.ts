import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { resolveText } from './resolve-text';
import { LocalizedText, textIn } from '../../core/localized-text';
import { RunbookLocale } from '../../core/runbook-locale';
import { TopologyGraph, TopologyNodeKind } from '../deployment-topology';

/** Mermaid node shapes by kind: `[open, close]` around the label. */
const SHAPES: Record<TopologyNodeKind, [string, string]> = {
  [TopologyNodeKind.PLATFORM]: ['[', ']'],
  [TopologyNodeKind.LOAD_BALANCER]: ['{{', '}}'],
  [TopologyNodeKind.TENANT]: ['([', '])'],
  [TopologyNodeKind.DATABASE]: ['[(', ')]'],
  [TopologyNodeKind.BACKUP]: ['[[', ']]'],
  [TopologyNodeKind.STORAGE]: ['[/', '/]'],
  [TopologyNodeKind.MONITORING]: ['>', ']'],
};

/**
 * The deployment as a Mermaid flowchart: one subgraph per stack holding its components, then the
 * connections. Node ids come from construct paths, so adding a tenant only adds lines.
 */
export function renderMermaid(topology: TopologyGraph, locale: RunbookLocale): string[] {
  const nodeId = idAllocator();
  const label = (stack: Stack, text: LocalizedText, where: string) => quote(resolveText(stack, textIn(text, locale, where), where));
  const byStack = new Map<Stack, string[]>();
  for (const node of topology.nodes) {
    const stack = Stack.of(node.construct);
    const [open, close] = SHAPES[node.kind];
    const line = `    ${nodeId(node.construct)}${open}${label(stack, node.label, `topology node ${node.construct.node.path}`)}${close}`;
    byStack.set(stack, [...byStack.get(stack) ?? [], line]);
  }
  const lines = ['flowchart LR'];
  for (const [stack, nodes] of byStack) {
    lines.push(`  subgraph ${nodeId(stack)}[${quote(stack.stackName)}]`, ...nodes, '  end');
  }
  for (const c of topology.connections) {
    const text = c.label ? `|${label(Stack.of(c.source), c.label, `topology connection ${c.source.node.path}`)}|` : '';
    lines.push(`  ${nodeId(c.source)} -->${text} ${nodeId(c.target)}`);
  }
  return ['```mermaid', ...lines, '```'];
}

/**
 * Gives each construct a Mermaid id made from its path (other characters replaced by `_`), with a
 * suffix when two paths would give the same id.
 */
function idAllocator(): (construct: IConstruct) => string {
  const ids = new Map<IConstruct, string>();
  const taken = new Set<string>();
  return construct => {
    let id = ids.get(construct);
    if (id === undefined) {
      const base = `n_${construct.node.path.replace(/[^A-Za-z0-9]/g, '_')}`;
      id = base;
      for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
      ids.set(construct, id);
      taken.add(id);
    }
    return id;
  };
}

/** `text` as a quoted Mermaid label. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}
