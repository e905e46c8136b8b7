import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Runbook } from '../../src';
import { main } from '../../src/cli/main';
import { tempDir } from '../support/runbook-fixtures';

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

test('--out overlapping --app is refused and the runbooks being read stay', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  const before = fs.readdirSync(path.join(dir, 'cdk.out', 'runbooks', 'en'));
  for (const out of ['cdk.out/runbooks', 'cdk.out', '.', 'cdk.out/runbooks/en/copy']) {
    const result = await run(dir, '--app', 'cdk.out', '--out', out);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^tenant-platform runbooks: --out \S+ overlaps --app cdk\.out: writing there would replace the files being read/);
  }
  expect(fs.readdirSync(path.join(dir, 'cdk.out', 'runbooks', 'en'))).toEqual(before);
});

test('a failed copy leaves the previous runbooks in place', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  expect((await run(dir, '--out', 'docs')).code).toBe(0);
  const previous = fs.readFileSync(path.join(dir, 'docs', 'ja', 'Shared.md'), 'utf8');
  // The index lists both locales, but the second folder is gone: the copy fails after the first.
  fs.writeFileSync(path.join(dir, 'cdk.out', 'runbooks', 'ja', 'Shared.md'), '# changed');
  fs.rmSync(path.join(dir, 'cdk.out', 'runbooks', 'en'), { recursive: true });
  const result = await run(dir, '--out', 'docs');
  expect(result).toMatchObject({ code: 2, out: '' });
  expect(result.err).toContain(`${path.join('cdk.out', 'runbooks', 'en')} is missing: synthesize the app again`);
  expect(fs.readFileSync(path.join(dir, 'docs', 'ja', 'Shared.md'), 'utf8')).toBe(previous);
  expect(fs.readdirSync(path.join(dir, 'docs')).sort()).toEqual(['en', 'index.json', 'ja']);
});

test('--json prints what was copied', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  const result = await run(dir, '--json', '--locale', 'en');
  expect(JSON.parse(result.out)).toEqual({
    out: path.join('docs', 'runbooks'),
    locales: ['en'],
    files: [path.join('docs', 'runbooks', 'en', 'README.md'), path.join('docs', 'runbooks', 'en', 'Shared.md')],
    runbooks: 1,
    sections: 1,
  });
});

test('an invalid index.json is named', async () => {
  const dir = tempDir('cli-');
  synthesize(dir);
  fs.writeFileSync(path.join(dir, 'cdk.out', 'runbooks', 'index.json'), '{"version": 1, "locales": ');
  const result = await run(dir);
  expect(result.err).toBe(`tenant-platform runbooks: ${path.join('cdk.out', 'runbooks', 'index.json')}: is not valid JSON (Unexpected end of JSON input) (see tenant-platform runbooks --help)\n`);
  expect(result.code).toBe(2);
});
