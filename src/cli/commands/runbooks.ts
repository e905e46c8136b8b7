import * as fs from 'fs';
import * as path from 'path';
import { ALL_LOCALES } from '../../core/runbook-locale';
import { RUNBOOK_FOLDER, RUNBOOK_INDEX_FILE, RunbookIndexJson } from '../../runbooks/runbook-files';
import { refuseOverlap, writeEntriesAtomically } from '../atomic-output';
import { UsageError } from '../command';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { displayPath, readJsonFile } from '../json-file';
import { defineCommand } from '../parser';

/**
 * `tenant-platform runbooks`: copies the runbooks written at synth (`<app>/runbooks/<locale>`) into
 * a repository or wiki folder. Each copied locale folder is replaced as a whole, so runbooks of
 * removed stacks disappear, and only once every file was copied.
 */
export const runbooksCommand = defineCommand({
  name: 'runbooks',
  summary: 'copy the runbooks generated at synth (cdk.out/runbooks) to a docs folder',
  description: 'Copies <app>/runbooks/<locale>/*.md and index.json into --out. Each locale folder of --out is replaced ' +
    'as a whole (runbooks of removed stacks disappear) after the new copy is complete; other files in --out are kept. ' +
    '--out must not overlap --app: cdk synth replaces the assembly, and copying into the folder being read would delete it.',
  options: {
    app: { type: 'string', value: 'DIR', default: 'cdk.out', description: 'the cloud assembly the runbooks were synthesized into' },
    out: { type: 'string', short: 'o', value: 'DIR', default: path.join('docs', 'runbooks'), description: 'the folder to copy them to' },
    locale: { type: 'string', value: 'LOCALE', choices: ALL_LOCALES, description: 'copy one locale only (default: every locale the app wrote)' },
    json: { type: 'boolean', description: 'print the summary as JSON' },
  },
  examples: [
    'tenant-platform runbooks                                  # ./cdk.out -> docs/runbooks, every locale',
    'tenant-platform runbooks --app cdk.out --out wiki --locale en',
    'tenant-platform runbooks --json | jq .files               # what was copied',
  ],
  exitCodeRows: ['runbooks'],
  usageExitCode: EXIT_USAGE,
}, async ({ values }, io) => {
  const app = path.resolve(io.cwd, values.app);
  const out = path.resolve(io.cwd, values.out);
  refuseOverlap({ dir: out, flag: '--out' }, { dir: app, flag: '--app' }, io.cwd);
  const source = path.join(app, RUNBOOK_FOLDER);
  const index = readIndex(source, app, io.cwd);
  const locales = values.locale !== undefined ? [values.locale] : index.locales;
  if (!index.locales.includes(locales[0])) {
    throw new UsageError(`--locale "${locales[0]}": ${displayPath(app, io.cwd)} has runbooks in ${index.locales.join(', ')} only`);
  }

  const files: string[] = [];
  writeEntriesAtomically({ dir: out, flag: '--out' }, io.cwd, staging => {
    for (const locale of locales) {
      const from = path.join(source, locale);
      if (!fs.existsSync(from)) throw new UsageError(`${displayPath(from, io.cwd)} is missing: synthesize the app again`);
      fs.mkdirSync(path.join(staging, locale));
      for (const file of fs.readdirSync(from).filter(f => f.endsWith('.md')).sort()) {
        fs.copyFileSync(path.join(from, file), path.join(staging, locale, file));
        files.push(displayPath(path.join(out, locale, file), io.cwd));
      }
    }
    fs.copyFileSync(path.join(source, RUNBOOK_INDEX_FILE), path.join(staging, RUNBOOK_INDEX_FILE));
    return [...locales, RUNBOOK_INDEX_FILE];
  });
  const sections = index.runbooks.reduce((n, r) => n + r.sections.length, 0);
  if (values.json) {
    io.out(`${JSON.stringify({ out: displayPath(out, io.cwd), locales, files, runbooks: index.runbooks.length, sections }, undefined, 2)}\n`);
  } else {
    for (const locale of locales) io.out(`${locale}: ${displayPath(path.join(out, locale, 'README.md'), io.cwd)}\n`);
    io.out(`copied ${files.length} files: ${index.runbooks.length} stack runbook(s), ${sections} section(s), locale(s) ${locales.join(', ')}\n`);
  }
  return EXIT_OK;
});

function readIndex(source: string, app: string, cwd: string): RunbookIndexJson {
  const file = path.join(source, RUNBOOK_INDEX_FILE);
  if (!fs.existsSync(file)) {
    throw new UsageError(`no runbooks in ${displayPath(app, cwd)}: run "npx cdk synth" on an app that uses cdk-tenant-platform constructs first`);
  }
  const index = readJsonFile(file, cwd) as RunbookIndexJson;
  const name = displayPath(file, cwd);
  if (index === null || typeof index !== 'object' || index.version !== 1) {
    throw new UsageError(`${name}: has version ${JSON.stringify((index as any)?.version)}; this tenant-platform reads version 1`);
  }
  if (!Array.isArray(index.runbooks) || !Array.isArray(index.locales) || index.locales.length === 0) {
    throw new UsageError(`${name}: is not a runbook index (needs "locales" and "runbooks" lists)`);
  }
  return index;
}
