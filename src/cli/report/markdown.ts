import { Finding, Severity, ValidationResults, errorsRemain } from './findings';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/**
 * A Markdown summary for pull-request comments: the verdict, counts by pack and severity, the
 * plugins' own summaries, then the open findings and the acknowledged ones as tables, streamed a
 * row at a time.
 */
export function* renderMarkdown(results: ValidationResults): Iterable<string> {
  const open = results.findings.filter(f => !f.acknowledged);
  const acknowledged = results.findings.filter(f => f.acknowledged);
  const errors = open.filter(f => f.severity === 'error').length;
  const lines = [
    '## CDK validation report',
    '',
    errorsRemain(results)
      ? `**${errors} error${errors === 1 ? '' : 's'} remain** — the synthesized app does not meet its policies.`
      : '**No errors remain.**',
    '',
    '| Pack | Errors | Warnings | Info | Acknowledged |',
    '|---|---:|---:|---:|---:|',
    ...results.plugins.map(run => {
      const mine = (list: Finding[]) => list.filter(f => f.plugin === run.plugin);
      const counts = SEVERITIES.map(s => mine(open).filter(f => f.severity === s).length);
      return `| ${cell(run.plugin)} | ${counts.join(' | ')} | ${mine(acknowledged).length} |`;
    }),
    '',
  ];
  const notes = results.plugins.filter(run => run.summary || run.failure);
  if (notes.length > 0) lines.push(...notes.map(run => `- ${run.failure ? `**${cell(run.plugin)} failed:** ${run.failure}` : run.summary}`), '');
  lines.push('CDK lists only plugins that reported something; a plugin missing here found nothing or did not run.', '');
  yield lines.join('\n') + '\n';
  if (open.length > 0) {
    yield ['### Findings', '', '| Severity | Rule | Requirement | Resource | Template | Finding | Fix |', '|---|---|---|---|---|---|---|', ''].join('\n');
    for (const f of sorted(open)) {
      yield `| ${f.severity} | ${code(f.ruleName)} | ${f.requirements ?? ''} | ${code(f.constructPath)} | ${where(f)} | ${cell(f.description)} | ${cell(f.fix ?? '')} |\n`;
    }
    yield '\n';
  }
  if (acknowledged.length > 0) {
    yield ['### Acknowledged', '', '| Rule | Resource | Reason |', '|---|---|---|', ''].join('\n');
    for (const f of sorted(acknowledged)) yield `| ${code(f.ruleName)} | ${code(f.constructPath)} | ${cell(f.acknowledged!.reason)} |\n`;
    yield '\n';
  }
}

function sorted(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
    || a.ruleName.localeCompare(b.ruleName) || a.constructPath.localeCompare(b.constructPath));
}

function where(f: Finding): string {
  if (!f.location) return '';
  return code(f.location.logicalId ? `${f.location.templateFile}#${f.location.logicalId}` : f.location.templateFile);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return text ? `\`${text.replace(/`/g, "'")}\`` : '';
}
