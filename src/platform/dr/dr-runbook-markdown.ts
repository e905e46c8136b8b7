import * as fs from 'fs';
import * as path from 'path';
import { DrRunbookSection } from './dr-runbook-model';
import { DrText } from './dr-text';
import { REPORT_FOLDER } from './objectives-report';

type Locale = keyof DrText;

const LABELS: Record<string, DrText> = {
  title: { ja: '災害復旧手順書', en: 'Disaster recovery runbook' },
  whenToUse: { ja: '使用する場面', en: 'When to use' },
  expected: { ja: '期待される結果', en: 'Expected' },
  escalation: { ja: 'エスカレーション', en: 'Escalation' },
  links: { ja: '関連', en: 'See also' },
  requirements: { ja: '要件', en: 'Requirements' },
};

/** The runbook files of the DrPlan at `drPlanPath`, relative to the cloud assembly. */
export function runbookFiles(drPlanPath: string): Record<Locale, string> {
  const base = path.join(REPORT_FOLDER, drPlanPath.replace(/\//g, '-').replace(/[^A-Za-z0-9._-]/g, '_'));
  return { en: `${base}.runbook.md`, ja: `${base}.runbook.ja.md` };
}

/** Writes `sections` as Markdown, one file per locale, into the cloud assembly at `outdir` (DR-05, OPS-06). */
export function writeDrRunbook(outdir: string, drPlanPath: string, stackName: string, sections: DrRunbookSection[]): void {
  const files = runbookFiles(drPlanPath);
  for (const locale of ['ja', 'en'] as const) {
    fs.mkdirSync(path.dirname(path.join(outdir, files[locale])), { recursive: true });
    fs.writeFileSync(path.join(outdir, files[locale]), render(sections, stackName, locale));
  }
}

function render(sections: DrRunbookSection[], stackName: string, locale: Locale): string {
  const t = (text: DrText) => text[locale];
  const out = [`# ${LABELS.title[locale]}: ${stackName}`, ''];
  for (const s of sections) {
    out.push(`<a id="${s.anchor}"></a>`, `## ${t(s.title)}`, '', `**${t(LABELS.whenToUse)}:** ${t(s.whenToUse)}`, '');
    for (const p of s.summary ?? []) out.push(t(p), '');
    if (s.table) {
      out.push(`| ${s.table.header.map(t).join(' | ')} |`, `|${' --- |'.repeat(s.table.header.length)}`);
      for (const row of s.table.rows) out.push(`| ${row.cells.map(c => t(c).replace(/\|/g, '\\|')).join(' | ')} |`);
      out.push('');
    }
    s.steps.forEach((step, i) => {
      out.push(`${i + 1}. ${t(step.text)}`);
      for (const command of step.commands ?? []) out.push('', '   ```bash', ...command.split('\n').map(line => `   ${line}`), '   ```');
      if (step.expected) out.push('', `   ${t(LABELS.expected)}: ${t(step.expected)}`);
      for (const item of step.checklist ?? []) out.push(`   - [ ] ${t(item)}`);
      out.push('');
    });
    if (s.escalation) out.push(`**${t(LABELS.escalation)}:** ${t(s.escalation)}`, '');
    if (s.links?.length) out.push(`**${t(LABELS.links)}:** ${s.links.map(l => `[${t(l.text)}](#${l.anchor})`).join(' · ')}`, '');
    out.push(`_${t(LABELS.requirements)}: ${s.requirements.join(', ')}_`, '');
  }
  return `${out.join('\n')}\n`;
}
