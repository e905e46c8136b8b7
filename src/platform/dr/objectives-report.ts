import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { disruptionName, ResourceAssessment } from './achievable-recovery';
import { durationEn, durationJa } from './durations';
import { LocalizedText, textIn } from '../../core/localized-text';
import { RunbookLocale } from '../../core/runbook-locale';

/** Everything the objectives report says about one DrPlan. */
export interface ObjectivesReport {
  /** Construct path of the DrPlan. */
  readonly drPlan: string;
  readonly stackName: string;
  readonly region: string;
  /** @default - no copies */
  readonly copyToRegion?: string;
  readonly vaultName: string;
  /** @default - no copies */
  readonly copyVaultName?: string;
  readonly backupPlans: ReadonlyArray<{ plan: string; rule: string; retention: Duration; copied: boolean }>;
  readonly restoreTestingPlanName: string;
  readonly resources: readonly ResourceAssessment[];
}

/** Folder of the cloud assembly the reports are written to. */
const REPORT_FOLDER = 'dr';

/** The report files of the DrPlan at `drPlanPath`, relative to the cloud assembly. */
export function reportFiles(drPlanPath: string): { json: string; markdownEn: string; markdownJa: string } {
  const base = path.join(REPORT_FOLDER, drPlanPath.replace(/\//g, '-').replace(/[^A-Za-z0-9._-]/g, '_'));
  return { json: `${base}.objectives.json`, markdownEn: `${base}.objectives.md`, markdownJa: `${base}.objectives.ja.md` };
}

/** Writes the achievable-objectives table of `report` into the cloud assembly at `outdir` (DR-01). */
export function writeObjectivesReport(outdir: string, report: ObjectivesReport): void {
  const files = reportFiles(report.drPlan);
  fs.mkdirSync(path.join(outdir, REPORT_FOLDER), { recursive: true });
  fs.writeFileSync(path.join(outdir, files.json), `${JSON.stringify(toJson(report), undefined, 2)}\n`);
  fs.writeFileSync(path.join(outdir, files.markdownEn), renderMarkdown(report, 'en'));
  fs.writeFileSync(path.join(outdir, files.markdownJa), renderMarkdown(report, 'ja'));
}

function toJson(report: ObjectivesReport): unknown {
  const duration = (d: Duration | undefined) => d === undefined ? null : { seconds: d.toSeconds(), text: durationEn(d) };
  return {
    drPlan: report.drPlan,
    stackName: report.stackName,
    region: report.region,
    copyToRegion: report.copyToRegion ?? null,
    vaultName: report.vaultName,
    copyVaultName: report.copyVaultName ?? null,
    backupPlans: report.backupPlans.map(r => ({ ...r, retention: duration(r.retention) })),
    restoreTestingPlanName: report.restoreTestingPlanName,
    resources: report.resources.map(resource => ({
      path: resource.path,
      label: resource.label,
      recoveries: resource.rows.map(row => ({
        disruption: row.disruption,
        achievableRpo: duration(row.achievableRpo),
        achievableRto: duration(row.achievableRto),
        objectiveRpo: duration(row.objectiveRpo),
        objectiveRto: duration(row.objectiveRto),
        met: met(row.objectiveRpo, row.achievableRpo) && met(row.objectiveRto, row.achievableRto),
        mechanism: row.mechanismText,
      })),
    })),
  };
}

const LABELS: Record<string, LocalizedText> = {
  title: { en: 'Recovery objectives', ja: '復旧目標 (RPO/RTO)' },
  resource: { en: 'Resource', ja: 'リソース' },
  disruption: { en: 'Disruption', ja: '障害の種類' },
  rpo: { en: 'Achievable RPO', ja: '達成可能な RPO' },
  rpoObjective: { en: 'RPO objective', ja: 'RPO 目標' },
  rto: { en: 'Achievable RTO', ja: '達成可能な RTO' },
  rtoObjective: { en: 'RTO objective', ja: 'RTO 目標' },
  met: { en: 'Met', ja: '達成' },
  recovery: { en: 'How it is recovered', ja: '復旧方法' },
  yes: { en: 'yes', ja: '○' },
  no: { en: 'NO', ja: '×' },
  none: { en: 'not recoverable', ja: '復旧不可' },
  notDeclared: { en: '—', ja: '—' },
  plans: { en: 'Backup rules', ja: 'バックアップルール' },
  plan: { en: 'Plan', ja: 'プラン' },
  rule: { en: 'Rule', ja: 'ルール' },
  retention: { en: 'Retention', ja: '保持期間' },
  copied: { en: 'Copied to', ja: 'コピー先' },
};

function renderMarkdown(report: ObjectivesReport, locale: 'en' | 'ja'): string {
  const t = (key: string) => textIn(LABELS[key], locale as RunbookLocale);
  const d = (x: Duration | undefined, missing: string) => x === undefined ? missing : (locale === 'en' ? durationEn(x) : durationJa(x));
  const intro: LocalizedText = {
    en: `Generated at synth by DrPlan \`${report.drPlan}\` (DR-01) for stack \`${report.stackName}\` in ${report.region}. ` +
      `Backups go to vault \`${report.vaultName}\`${report.copyToRegion ? `, copies to vault \`${report.copyVaultName}\` in ${report.copyToRegion}` : ' and are not copied to another region'}; ` +
      `restore tests run monthly (plan \`${report.restoreTestingPlanName}\`). Figures marked "estimate" are ours: ` +
      'replace them with the durations the restore tests and drills measure (`restoreTimeEstimate`, `recoveryRegionDeployTime`).',
    ja: `DrPlan \`${report.drPlan}\` が synth 時に生成 (DR-01)。スタック \`${report.stackName}\` (${report.region})。` +
      `バックアップはボールト \`${report.vaultName}\` に保存${report.copyToRegion ? `し、${report.copyToRegion} のボールト \`${report.copyVaultName}\` にコピーします` : 'し、他リージョンへのコピーはありません'}。` +
      `復元テストは毎月実行します (プラン \`${report.restoreTestingPlanName}\`)。「見積り」の値は本ライブラリの想定値です。` +
      '復元テストと訓練の実測値 (`restoreTimeEstimate`、`recoveryRegionDeployTime`) で置き換えてください。',
  };
  const lines = [`# ${t('title')}: ${report.drPlan}`, '', textIn(intro, locale as RunbookLocale), ''];
  lines.push(`| ${['resource', 'disruption', 'rpo', 'rpoObjective', 'rto', 'rtoObjective', 'met', 'recovery'].map(t).join(' | ')} |`);
  lines.push(`|${' --- |'.repeat(8)}`);
  for (const resource of report.resources) {
    for (const row of resource.rows) {
      const declared = row.objectiveRpo !== undefined || row.objectiveRto !== undefined;
      const ok = met(row.objectiveRpo, row.achievableRpo) && met(row.objectiveRto, row.achievableRto);
      lines.push(`| ${[
        resource.label,
        textIn(disruptionName(row.disruption), locale as RunbookLocale),
        d(row.achievableRpo, t('none')),
        d(row.objectiveRpo, t('notDeclared')),
        d(row.achievableRto, t('none')),
        d(row.objectiveRto, t('notDeclared')),
        declared ? t(ok ? 'yes' : 'no') : t('notDeclared'),
        textIn(row.mechanismText, locale as RunbookLocale),
      ].map(cell => cell.replace(/\|/g, '\\|')).join(' | ')} |`);
    }
  }
  if (report.backupPlans.length > 0) {
    lines.push('', `## ${t('plans')}`, '', `| ${['plan', 'rule', 'retention', 'copied'].map(t).join(' | ')} |`, `|${' --- |'.repeat(4)}`);
    for (const r of report.backupPlans) {
      lines.push(`| \`${r.plan}\` | ${r.rule} | ${d(r.retention, '')} | ${r.copied ? `\`${report.copyVaultName}\` (${report.copyToRegion})` : t('notDeclared')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function met(objective: Duration | undefined, achievable: Duration | undefined): boolean {
  if (objective === undefined) return true;
  return achievable !== undefined && achievable.toSeconds() <= objective.toSeconds();
}
