import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ALL_LOCALES, RunbookLocale } from '../../core/runbook-locale';
import { RUNBOOK_FOLDER, RUNBOOK_INDEX_FILE, RunbookIndexJson } from '../../runbooks/runbook-files';
import { Command, CommandIo, UsageError } from '../command';

const USAGE = 'usage: tenant-platform runbooks [--app cdk.out] [--out docs/runbooks] [--locale ja|en]';

/**
 * `tenant-platform runbooks`: copies the runbooks written at synth (`<app>/runbooks/{ja,en}`) into
 * a repository or wiki folder. Each copied locale folder is replaced, so runbooks of removed stacks
 * disappear.
 */
export const runbooksCommand: Command = {
  summary: 'Copy the runbooks generated at synth (cdk.out/runbooks) to a docs folder',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { values } = parse(args);
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const app = path.resolve(io.cwd, values.app);
    const out = path.resolve(io.cwd, values.out);
    const locales = selectLocales(values.locale);
    const source = path.join(app, RUNBOOK_FOLDER);
    const index = readIndex(source, app);

    let copied = 0;
    for (const locale of locales) {
      const from = path.join(source, locale);
      if (!fs.existsSync(from)) throw new UsageError(`${from} is missing: synthesize the app again`);
      const to = path.join(out, locale);
      fs.rmSync(to, { recursive: true, force: true });
      fs.mkdirSync(to, { recursive: true });
      for (const file of fs.readdirSync(from).filter(f => f.endsWith('.md')).sort()) {
        fs.copyFileSync(path.join(from, file), path.join(to, file));
        copied++;
      }
      io.out(`${locale}: ${path.relative(io.cwd, path.join(to, 'README.md')) || path.join(to, 'README.md')}\n`);
    }
    fs.copyFileSync(path.join(source, RUNBOOK_INDEX_FILE), path.join(out, RUNBOOK_INDEX_FILE));
    const sections = index.runbooks.reduce((n, r) => n + r.sections.length, 0);
    io.out(`copied ${copied} files: ${index.runbooks.length} stack runbook(s), ${sections} section(s), locale(s) ${locales.join(', ')}\n`);
    return 0;
  },
};

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        app: { type: 'string', default: 'cdk.out' },
        out: { type: 'string', default: path.join('docs', 'runbooks') },
        locale: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
}

function selectLocales(locale: string | undefined): RunbookLocale[] {
  if (locale === undefined) return [...ALL_LOCALES];
  const match = ALL_LOCALES.find(l => l === locale);
  if (!match) throw new UsageError(`--locale "${locale}" must be one of ${ALL_LOCALES.join(', ')}`);
  return [match];
}

function readIndex(source: string, app: string): RunbookIndexJson {
  const file = path.join(source, RUNBOOK_INDEX_FILE);
  if (!fs.existsSync(file)) {
    throw new UsageError(`no runbooks in ${app}: run "npx cdk synth" on an app that uses cdk-tenant-platform constructs first`);
  }
  const index = JSON.parse(fs.readFileSync(file, 'utf8')) as RunbookIndexJson;
  if (index.version !== 1) throw new UsageError(`${file} has version ${index.version}; this tenant-platform reads version 1`);
  return index;
}
