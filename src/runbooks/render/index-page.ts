import { Token } from 'aws-cdk-lib';
import { KIND_HEADINGS, LABELS } from './labels';
import { MarkdownRenderer } from './markdown';
import { renderMermaid } from './mermaid';
import { resolveText } from './resolve-text';
import { LocalizedText } from '../../core/localized-text';
import { RunbookLocale } from '../../core/runbook-locale';
import { TopologyGraph } from '../deployment-topology';
import { RunbookContent, RunbookSectionKind } from '../runbook-section';

/**
 * The index (`README.md`) of one locale: the deployment diagram, a table of the stacks' runbooks
 * and every section by stack.
 */
export function renderIndex(runbooks: readonly RunbookContent[], topology: TopologyGraph, locale: RunbookLocale): string {
  const t = (text: LocalizedText) => text[locale];
  const other = locale === RunbookLocale.JA ? RunbookLocale.EN : RunbookLocale.JA;
  const out = [
    `# ${t(LABELS.indexTitle)}`,
    '',
    `> ${t(LABELS.generated)}`,
    '',
    `[${t(LABELS.otherLocale)}](../${other}/README.md)`,
    '',
    `## ${t(LABELS.diagram)}`,
    '',
    ...(topology.nodes.length > 0 ? renderMermaid(topology, locale) : [t(LABELS.emptyTopology)]),
    '',
    `## ${t(LABELS.stacks)}`,
    '',
    `| ${t(LABELS.stack)} | ${t(LABELS.region)} | ${t(LABELS.account)} | ${t(LABELS.sections)} |`,
    '|---|---|---|---|',
  ];
  const env = (value: string) => (Token.isUnresolved(value) ? t(LABELS.deployTime) : `\`${value}\``);
  for (const r of runbooks) {
    out.push(`| [${r.stack.stackName}](./${r.fileName}) | ${env(r.stack.region)} | ${env(r.stack.account)} | ${r.sections.length} |`);
  }
  out.push('');
  for (const r of runbooks) {
    out.push(`### [${r.stack.stackName}](./${r.fileName})`, '');
    for (const { kind, heading } of KIND_HEADINGS) {
      const sections = r.sections.filter(s => (s.kind ?? RunbookSectionKind.PROCEDURE) === kind);
      if (sections.length === 0) continue;
      out.push(`- ${t(heading)}`);
      for (const s of sections) {
        const title = resolveText(r.stack, s.title[locale], `${r.stack.stackName}: section "${s.anchor}" title (${locale})`);
        out.push(`  - [${title}](./${r.fileName}#${s.anchor})`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

/** Renders every runbook of `locale`: file name → Markdown, the index as `README.md`. */
export function renderLocale(runbooks: readonly RunbookContent[], topology: TopologyGraph, locale: RunbookLocale): Map<string, string> {
  const renderer = new MarkdownRenderer(locale, runbooks);
  const files = new Map<string, string>();
  for (const r of runbooks) files.set(r.fileName, renderer.runbook(r));
  files.set('README.md', renderIndex(runbooks, topology, locale));
  return files;
}
