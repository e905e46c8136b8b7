import { Token } from 'aws-cdk-lib';
import { KIND_HEADINGS, LABELS } from './labels';
import { MarkdownRenderer } from './markdown';
import { renderMermaid } from './mermaid';
import { resolveText } from './resolve-text';
import { LocalizedText, textIn } from '../../core/localized-text';
import { ALL_LOCALES, RunbookLocale } from '../../core/runbook-locale';
import { TopologyGraph } from '../deployment-topology';
import { RunbookContent, RunbookSectionKind } from '../runbook-section';

/**
 * The index (`README.md`) of one locale: the deployment diagram, a table of the stacks' runbooks
 * and every section by stack.
 */
export function renderIndex(
  runbooks: readonly RunbookContent[], topology: TopologyGraph, locale: RunbookLocale, locales: readonly RunbookLocale[] = ALL_LOCALES,
): string {
  const t = (text: LocalizedText) => textIn(text, locale);
  const other = locales.find(l => l !== locale);
  const out = [
    `# ${t(LABELS.indexTitle)}`,
    '',
    `> ${t(LABELS.generated)}`,
    '',
    ...other ? [`[${t(LABELS.otherLocale)}](../${other}/README.md)`, ''] : [],
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
        const where = `${r.stack.stackName}: section "${s.anchor}" title`;
        const title = resolveText(r.stack, textIn(s.title, locale, where), `${where} (${locale})`);
        out.push(`  - [${title}](./${r.fileName}#${s.anchor})`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Renders every runbook of `locale`, one file at a time as it is asked for: file name and Markdown,
 * the index last as `README.md`. `locales` are all the locales the app renders, for the links to the
 * other language.
 */
export function* renderLocale(
  runbooks: readonly RunbookContent[], topology: TopologyGraph, locale: RunbookLocale, locales: readonly RunbookLocale[] = ALL_LOCALES,
): Generator<[fileName: string, markdown: string]> {
  const renderer = new MarkdownRenderer(locale, runbooks, locales);
  for (const r of runbooks) yield [r.fileName, renderer.runbook(r)];
  yield ['README.md', renderIndex(runbooks, topology, locale, locales)];
}
