import { Stack, Token } from 'aws-cdk-lib';
import { KIND_HEADINGS, LABELS } from './labels';
import { resolveText } from './resolve-text';
import { LocalizedText, textIn } from '../../core/localized-text';
import { ALL_LOCALES, RunbookLocale } from '../../core/runbook-locale';
import { checkNoPlaceholders } from '../runbook-command';
import { RunbookContent, RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep, RunbookTable } from '../runbook-section';

/** Renders runbooks of one locale, resolving synth-time values and checking links. */
export class MarkdownRenderer {
  public constructor(
    private readonly locale: RunbookLocale,
    private readonly all: readonly RunbookContent[],
    private readonly locales: readonly RunbookLocale[] = ALL_LOCALES,
  ) {}

  /** The Markdown file of `runbook`. */
  public runbook(runbook: RunbookContent): string {
    const t = (text: LocalizedText) => textIn(text, this.locale);
    const stack = runbook.stack;
    const other = this.locales.find(l => l !== this.locale);
    const out: string[] = [
      `# ${t(LABELS.runbookTitle)}: ${stack.stackName}`,
      '',
      `> ${t(LABELS.generated)}`,
      '',
      `- ${t(LABELS.stack)}: \`${stack.stackName}\` · ${t(LABELS.region)}: ${envValue(stack.region, t(LABELS.deployTime))} · ` +
        `${t(LABELS.account)}: ${envValue(stack.account, t(LABELS.deployTime))}`,
      `- [${t(LABELS.backToIndex)}](./README.md)${other ? ` · [${t(LABELS.otherLocale)}](../${other}/${runbook.fileName})` : ''}`,
      '',
      `## ${t(LABELS.beforeYouStart)}`,
      '',
      t(LABELS.beforeYouStartText),
      '',
      ...this.codeBlock(stack, 'before you start', beforeYouStart(stack)),
      '',
    ];
    if (!Token.isUnresolved(stack.account)) out.push(`${t(LABELS.expected)}: ${t(LABELS.expectedAccount)} \`${stack.account}\``, '');

    const groups = KIND_HEADINGS
      .map(({ kind, heading }) => ({ heading, sections: runbook.sections.filter(s => (s.kind ?? RunbookSectionKind.PROCEDURE) === kind) }))
      .filter(g => g.sections.length > 0);
    out.push(`## ${t(LABELS.contents)}`, '');
    for (const group of groups) {
      out.push(`- ${t(group.heading)}`);
      for (const s of group.sections) out.push(`  - [${this.text(stack, s.title, `section "${s.anchor}" title`)}](#${s.anchor})`);
    }
    out.push('');
    for (const group of groups) {
      out.push(`## ${t(group.heading)}`, '');
      for (const s of group.sections) out.push(...this.section(runbook, s));
    }
    return out.join('\n');
  }

  private section(runbook: RunbookContent, s: RunbookSection): string[] {
    const t = (text: LocalizedText, part: string) => this.text(runbook.stack, text, `section "${s.anchor}" ${part}`);
    const out = [
      `<a id="${s.anchor}"></a>`,
      '',
      `### ${t(s.title, 'title')}`,
      '',
      `**${LABELS.whenToUse[this.locale]}:** ${t(s.whenToUse, 'whenToUse')}`,
      '',
    ];
    (s.summary ?? []).forEach((p, i) => out.push(t(p, `summary[${i}]`), ''));
    if (s.table) out.push(...this.table(runbook.stack, s.table, `section "${s.anchor}" table`), '');
    if (s.steps.length > 0) {
      out.push(`**${LABELS.steps[this.locale]}**`, '');
      s.steps.forEach((step, i) => out.push(...this.step(runbook.stack, step, i + 1, `section "${s.anchor}" step ${i + 1}`)));
    }
    if (s.escalation) out.push(`**${LABELS.escalation[this.locale]}:** ${t(s.escalation, 'escalation')}`, '');
    if (s.links?.length) {
      out.push(`**${LABELS.links[this.locale]}:**`, '');
      s.links.forEach((link, i) => out.push(`- [${t(link.text, `links[${i}]`)}](${this.href(runbook, link, `section "${s.anchor}" links[${i}]`)})`));
      out.push('');
    }
    if (s.requirements?.length) out.push(`*${LABELS.requirements[this.locale]}: ${s.requirements.join(', ')}*`, '');
    return out;
  }

  private step(stack: Stack, step: RunbookStep, n: number, where: string): string[] {
    const indent = (lines: string[]) => lines.map(l => (l.length > 0 ? `   ${l}` : l));
    const out = [`${n}. ${this.text(stack, step.text, `${where} text`).replace(/\n/g, '\n   ')}`, ''];
    if (step.commands?.length) {
      const assignments = new Map<string, string>();
      for (const command of step.commands) {
        for (const [name, line] of command._assignments(stack)) {
          if (assignments.has(name) && assignments.get(name) !== line) {
            throw new Error(`${where}: shell variable ${name} is looked up in two different ways`);
          }
          assignments.set(name, line);
        }
      }
      const commands = step.commands.map((c, i) => {
        const resolved = resolveText(stack, c.command, `${where} command ${i + 1}`);
        c._check(resolved);
        return resolved;
      });
      out.push(...indent(this.codeBlock(stack, where, [...assignments.values(), ...commands])), '');
    }
    if (step.expected) out.push(`   ${LABELS.expected[this.locale]}: ${this.text(stack, step.expected, `${where} expected`)}`, '');
    (step.checklist ?? []).forEach((item, i) => out.push(`   - [ ] ${this.text(stack, item, `${where} checklist[${i}]`)}`));
    if (step.checklist?.length) out.push('');
    return out;
  }

  private codeBlock(stack: Stack, where: string, lines: string[]): string[] {
    const script = lines.map(l => resolveText(stack, l, where)).join('\n');
    checkNoPlaceholders(script, `${stack.stackName}: ${where}`);
    return ['```bash', ...script.split('\n'), '```'];
  }

  /** A Markdown table of `table` in this locale. */
  public table(stack: Stack, table: RunbookTable, where: string): string[] {
    const row = (cells: LocalizedText[]) => `| ${cells.map((c, i) => cell(this.text(stack, c, `${where} cell ${i + 1}`))).join(' | ')} |`;
    return [row(table.header), `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map(r => row(r.cells))];
  }

  private href(from: RunbookContent, link: RunbookLink, where: string): string {
    if (link.url !== undefined) return link.url;
    const target = link.stack ? this.all.find(r => r.stack === link.stack) : from;
    if (!target || !target.hasSection(link.anchor!)) {
      const stackName = (link.stack ?? from.stack).stackName;
      throw new Error(`${from.stack.stackName}: ${where} points to section "${link.anchor}" of stack ${stackName}, which has no such section`);
    }
    return target === from ? `#${link.anchor}` : `./${target.fileName}#${link.anchor}`;
  }

  private text(stack: Stack, text: LocalizedText, where: string): string {
    return resolveText(stack, textIn(text, this.locale, `${stack.stackName}: ${where}`), `${stack.stackName}: ${where} (${this.locale})`);
  }
}

/** The commands that check the operator is in the stack's account and region. */
function beforeYouStart(stack: Stack): string[] {
  const lines = Token.isUnresolved(stack.region) ? [] : [`export AWS_REGION=${stack.region}`];
  return [...lines, 'aws sts get-caller-identity --query Account --output text'];
}

function envValue(value: string, unresolved: string): string {
  return Token.isUnresolved(value) ? unresolved : `\`${value}\``;
}

/** `text` safe in a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
