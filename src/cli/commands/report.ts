import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { Command, UsageError } from '../command';
import { renderCsv } from '../report/csv';
import { ValidationResults, errorsRemain, openFindings, readValidationResults } from '../report/findings';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { renderSarif } from '../report/sarif';

/** The report formats: the file each writes and how it renders (SARIF paths are relative to the working directory). */
const FORMATS: Record<string, { readonly file: string; readonly render: (results: ValidationResults, cwd: string) => string }> = {
  sarif: { file: 'validation-report.sarif', render: renderSarif },
  junit: { file: 'validation-report.junit.xml', render: renderJunit },
  markdown: { file: 'validation-report.md', render: renderMarkdown },
  csv: { file: 'validation-report.csv', render: renderCsv },
};

const USAGE = `Usage: tenant-platform report <cdk.out dir> --format sarif|junit|markdown|csv [--format ...] [--out DIR]

Reads <cdk.out dir>/validation-report.json (every validation plugin: TenantPlatform, AwsSolutions, CloudFormation
Validate, ...) and the assembly manifest, and writes the reports into --out (default: the cdk.out dir).
Formats may be repeated or comma-separated. Exits 1 when an error remains (acknowledged findings do not count).
`;

/** `tenant-platform report`: CI reports from a synthesized cloud assembly. */
export const reportCommand: Command = {
  summary: 'write SARIF, JUnit, Markdown or CSV from cdk.out/validation-report.json; exit 1 when an error remains',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { format: { type: 'string', short: 'f', multiple: true }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`expected one cdk.out directory, got ${positionals.length}\n\n${USAGE}`);
    const formats = [...new Set((values.format ?? []).flatMap(f => f.split(',')).map(f => f.trim()).filter(f => f !== ''))];
    if (formats.length === 0) throw new UsageError(`--format is required; accepted: ${Object.keys(FORMATS).join(', ')}`);
    const unknown = formats.filter(f => !(f in FORMATS));
    if (unknown.length > 0) throw new UsageError(`unknown format "${unknown.join('", "')}"; accepted: ${Object.keys(FORMATS).join(', ')}`);

    const assemblyDir = path.resolve(io.cwd, positionals[0]);
    let results: ValidationResults;
    try {
      results = readValidationResults(assemblyDir);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const outDir = path.resolve(io.cwd, values.out ?? positionals[0]);
    fs.mkdirSync(outDir, { recursive: true });
    for (const format of formats) {
      const file = path.join(outDir, FORMATS[format].file);
      fs.writeFileSync(file, FORMATS[format].render(results, io.cwd));
      io.out(`${format}: ${path.relative(io.cwd, file) || file}\n`);
    }
    const open = openFindings(results);
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const bySeverity = (severity: string) => open.filter(f => f.severity === severity).length;
    io.out(`${count(bySeverity('error'), 'error')}, ${count(bySeverity('warning'), 'warning')}, ${results.findings.length - open.length} acknowledged ` +
      `(plugins reporting: ${results.plugins.map(p => p.plugin).join(', ') || 'none'})\n`);
    return errorsRemain(results) ? 1 : 0;
  },
};
