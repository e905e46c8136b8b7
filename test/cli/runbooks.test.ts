import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Runbook } from '../../src';
import { main } from '../../src/cli/main';
import { tempDir } from '../runbooks/fixtures';

/** Synthesizes a one-stack app with one section into `<dir>/cdk.out`. */
function synthesize(dir: string): void {
  const app = new App({ outdir: path.join(dir, 'cdk.out') });
  const stack = new Stack(app, 'Shared');
  new sns.Topic(stack, 'Topic');
  Runbook.of(stack).addSection({
    anchor: 'overview',
    title: { ja: '概要', en: 'Overview' },
    whenToUse: { ja: '最初に', en: 'First' },
    steps: [{ text: { ja: '読む', en: 'Read' } }],
  });
  app.synth();
}

async function run(cwd: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['runbooks', ...args], { out: t => { out += t; }, err: t => { err += t; }, env: {}, cwd });
  return { code, out, err };
}

test('OPS-06: `tenant-platform runbooks` copies both locales into the docs folder', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  fs.mkdirSync(path.join(dir, 'docs', 'runbooks', 'en'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'docs', 'runbooks', 'en', 'Removed.md'), '# stale');
  const { code, out } = await run(dir, '--app', 'cdk.out', '--out', 'docs/runbooks');
  expect(code).toBe(0);
  for (const locale of ['ja', 'en']) {
    expect(fs.readdirSync(path.join(dir, 'docs', 'runbooks', locale)).sort()).toEqual(['README.md', 'Shared.md']);
    expect(fs.readFileSync(path.join(dir, 'docs', 'runbooks', locale, 'Shared.md'), 'utf8'))
      .toBe(fs.readFileSync(path.join(dir, 'cdk.out', 'runbooks', locale, 'Shared.md'), 'utf8'));
  }
  expect(out).toContain(`ja: ${path.join('docs', 'runbooks', 'ja', 'README.md')}`);
  expect(out).toContain('copied 4 files: 1 stack runbook(s), 1 section(s), locale(s) ja, en');
});

test('--locale copies one locale', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  expect((await run(dir, '--app', 'cdk.out', '--out', 'wiki', '--locale', 'ja')).code).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'wiki')).sort()).toEqual(['index.json', 'ja']);
});

test('bad input is a usage error, not a stack trace', async () => {
  const dir = tempDir('cli-');
  const missing = await run(dir, '--app', 'cdk.out');
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/tenant-platform runbooks: no runbooks in .*cdk.out: run "npx cdk synth"/);
  synthesize(dir);
  expect((await run(dir, '--locale', 'fr')).err).toBe("tenant-platform runbooks: option '--locale <LOCALE>' argument 'fr' is invalid. Allowed choices are ja, en. (see tenant-platform runbooks --help)\n");
  expect((await run(dir, '--bogus')).err).toBe("tenant-platform runbooks: unknown option '--bogus' (see tenant-platform runbooks --help)\n");
});
