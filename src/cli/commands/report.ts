import * as path from 'path';
import { checkOutputDirectory, writeEntriesAtomically } from '../atomic-output';
import { writeChunks } from '../chunk-writer';
import { UsageError } from '../command';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { displayPath } from '../json-file';
import { packageRoot } from '../package-info';
import { defineCommand } from '../parser';
import { renderCsv } from '../report/csv';
import { ValidationResults, errorsRemain, openFindings, readValidationResults } from '../report/findings';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { renderSarif } from '../report/sarif';
import { repositoryRoot } from '../repository-root';

/** The report formats: the file each writes and how it renders (SARIF paths are relative to the repository root). */
const FORMATS: Record<string, { readonly file: string; readonly render: (results: ValidationResults, baseDir: string) => Iterable<string> }> = {
  sarif: { file: 'validation-report.sarif', render: renderSarif },
  junit: { file: 'validation-report.junit.xml', render: renderJunit },
  markdown: { file: 'validation-report.md', render: renderMarkdown },
  csv: { file: 'validation-report.csv', render: renderCsv },
};

/** `tenant-platform report`: CI reports from a synthesized cloud assembly. */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write SARIF, JUnit, Markdown or CSV from cdk.out/validation-report.json; exit 1 when an error remains',
  description: [
    'Reads <app>/validation-report.json (every validation plugin: TenantPlatform, AwsSolutions, CloudFormation ' +
    'Validate, ...) and the assembly manifest, and writes the reports into --out. All formats are written first ' +
    'into a staging folder inside --out and then renamed into place, so a failed run leaves the previous reports as they were.',
    'SARIF results point at the line of your code that created the construct when the report carries creation ' +
    'traces (aws-cdk-lib records them unless the context aws:cdk:disable-creation-stack-traces is set; deep ' +
    'construct trees need NODE_OPTIONS=--stack-trace-limit=100 during cdk synth), else at the synthesized ' +
    'template. URIs are relative to --repo-root.',
  ].join('\n\n'),
  arguments: [{ name: 'app', description: 'the cloud assembly; same as --app', optional: true }],
  options: {
    'app': { type: 'string', value: 'DIR', default: 'cdk.out', description: 'the cloud assembly (cdk.out) holding validation-report.json' },
    'format': { type: 'string', short: 'f', value: 'FORMATS', multiple: true, description: `formats to write, repeated or comma-separated: ${Object.keys(FORMATS).join(', ')}` },
    'out': { type: 'string', short: 'o', value: 'DIR', description: 'where to write the reports (default: the --app directory)' },
    'repo-root': { type: 'string', value: 'DIR', description: 'base of the SARIF URIs (default: the git repository containing the working directory, else the working directory)' },
    'json': { type: 'boolean', description: 'print the summary as JSON' },
  },
  examples: [
    'tenant-platform report --format sarif,junit,markdown,csv --out reports   # every format from ./cdk.out',
    'tenant-platform report --app examples/saas-platform/cdk.out -f markdown   # the PR comment, into the assembly',
    'tenant-platform report -f sarif --json | jq .errors                       # counts for a script',
  ],
  exitCodeRows: ['report'],
  usageExitCode: EXIT_USAGE,
}, async ({ values, positionals }, io) => {
  if (positionals.length > 0 && values.app !== 'cdk.out' && values.app !== positionals[0]) {
    throw new UsageError(`the assembly is given twice: "${positionals[0]}" and --app "${values.app}"`);
  }
  const app = positionals[0] ?? values.app;
  const formats = [...new Set((values.format ?? []).flatMap(f => f.split(',')).map(f => f.trim()).filter(f => f !== ''))];
  if (formats.length === 0) throw new UsageError(`--format is required; accepted: ${Object.keys(FORMATS).join(', ')}`);
  const unknown = formats.filter(f => !(f in FORMATS));
  if (unknown.length > 0) throw new UsageError(`--format "${unknown.join('", "')}" is unknown; accepted: ${Object.keys(FORMATS).join(', ')}`);

  const assemblyDir = path.resolve(io.cwd, app);
  const out = { dir: path.resolve(io.cwd, values.out ?? app), flag: values.out ? '--out' : '--app' };
  checkOutputDirectory(out, io.cwd);
  const root = packageRoot();
  const results = readValidationResults(assemblyDir, {
    cwd: io.cwd,
    libraryDirs: root ? [path.join(root, 'src'), path.join(root, 'lib')] : [],
  });
  const baseDir = values['repo-root'] ? path.resolve(io.cwd, values['repo-root']) : repositoryRoot(io.cwd);
  io.err(`read ${results.findings.length} findings from ${displayPath(path.join(assemblyDir, 'validation-report.json'), io.cwd)}\n`);
  const written = writeEntriesAtomically(out, io.cwd, staging => formats.map(format => {
    writeChunks(path.join(staging, FORMATS[format].file), FORMATS[format].render(results, baseDir));
    return FORMATS[format].file;
  }));

  const open = openFindings(results);
  const bySeverity = (severity: string) => open.filter(f => f.severity === severity).length;
  const summary = {
    reports: Object.fromEntries(formats.map((format, i) => [format, displayPath(written[i], io.cwd)])),
    errors: bySeverity('error'),
    warnings: bySeverity('warning'),
    info: bySeverity('info'),
    acknowledged: results.findings.length - open.length,
    plugins: results.plugins.map(p => p.plugin),
    withSourceLocation: results.findings.filter(f => f.source).length,
    exitCode: errorsRemain(results) ? EXIT_FINDINGS : EXIT_OK,
  };
  if (values.json) {
    io.out(`${JSON.stringify(summary, undefined, 2)}\n`);
  } else {
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    io.out(formats.map(format => `${format}: ${summary.reports[format]}\n`).join(''));
    io.out(`${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}, ${summary.acknowledged} acknowledged ` +
      `(plugins reporting: ${summary.plugins.join(', ') || 'none; every registered plugin passed'})\n`);
  }
  return summary.exitCode;
});
