import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnOutput, Stack, Stage } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildSync } from 'esbuild';
import {
  ResourceLookup, Runbook, RunbookCatalog, RunbookCommand, RunbookLocale, RunbookSection, RUNBOOK_BASE_URL_CONTEXT,
} from '../../src';
import { tempDir } from '../support/runbook-fixtures';

/** A stack with one resource (an empty template is a CloudFormation validation warning). */
function stackIn(scope: App | Stage, id: string): Stack {
  const stack = new Stack(scope, id);
  new sns.Topic(stack, 'Topic');
  return stack;
}

function section(anchor: string, overrides: Partial<RunbookSection> = {}): RunbookSection {
  return {
    anchor,
    title: { ja: `セクション ${anchor}`, en: `Section ${anchor}` },
    whenToUse: { ja: '必要なとき', en: 'When needed' },
    steps: [{ text: { ja: '確認する', en: 'Check' } }],
    ...overrides,
  };
}

describe('MON-08: links to runbook sections', () => {
  test('a link is relative to the cloud assembly unless a base URL is configured', () => {
    const stack = new Stack(new App(), 'Shared');
    Runbook.of(stack).addSection(section('cpu-high'));
    expect(stack.resolve(Runbook.linkFor(stack, 'cpu-high'))).toBe('runbooks/en/Shared.md#cpu-high');
  });

  test('the configured base URL and locale apply to links made before the configuration', () => {
    const stack = new Stack(new App(), 'Shared');
    const link = Runbook.linkFor(stack, 'cpu-high');
    RunbookCatalog.of(stack).configure({ baseUrl: 'https://wiki.example.org/runbooks/', linkLocale: RunbookLocale.JA });
    expect(stack.resolve(link)).toBe('https://wiki.example.org/runbooks/ja/Shared.md#cpu-high');
  });

  test('the base URL can come from context', () => {
    const stack = new Stack(new App({ context: { [RUNBOOK_BASE_URL_CONTEXT]: 'https://git.example.org/ops/docs/runbooks' } }), 'Shared');
    expect(stack.resolve(Runbook.linkFor(stack, 'cpu-high'))).toBe('https://git.example.org/ops/docs/runbooks/en/Shared.md#cpu-high');
  });

  test('settings given twice must agree, and must be valid', () => {
    const catalog = RunbookCatalog.of(new App());
    catalog.configure({ baseUrl: 'https://a.example.org' });
    catalog.configure({ baseUrl: 'https://a.example.org' });
    expect(() => catalog.configure({ baseUrl: 'https://b.example.org' })).toThrow(/baseUrl is already "https:\/\/a.example.org"; cannot change it to "https:\/\/b.example.org"/);
    expect(() => catalog.configure({ baseUrl: 'wiki/runbooks' })).toThrow(/runbook baseUrl "wiki\/runbooks" must be an http\(s\) address/);
    const stack = new Stack(new App({ context: { [RUNBOOK_BASE_URL_CONTEXT]: 'docs' } }), 'Shared');
    expect(() => stack.resolve(Runbook.linkFor(stack, 'cpu-high'))).toThrow(/context cdk-tenant-platform:runbookBaseUrl "docs" must be an http\(s\) address/);
    expect(() => catalog.configure({ linkLocale: 'fr' as RunbookLocale })).toThrow(/linkLocale "fr" must be one of ja, en/);
  });

  test('synth fails when a link points to a section nobody added', () => {
    const app = new App({ outdir: tempDir() });
    const stack = stackIn(app, 'Shared');
    Runbook.linkFor(stack, 'alarm-topic-failures');
    expect(() => app.synth()).toThrow(/points to section "alarm-topic-failures" of stack Shared, but no such section was added/);
  });
});

describe('writing the runbooks', () => {
  test('runbooks of stacks in nested stages are written to the top-level assembly', () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const prod = new Stage(app, 'Production');
    Runbook.of(stackIn(prod, 'Shared')).addSection(section('overview'));
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'runbooks', 'en')).sort()).toEqual(['Production-Shared.md', 'README.md']);
    expect(fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Production-Shared.md'), 'utf8')).toContain('# Runbook: Production-Shared');
  });

  test('a second synth replaces the runbooks, leaving none of a removed stack', () => {
    const outdir = tempDir();
    fs.mkdirSync(path.join(outdir, 'runbooks', 'en'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'runbooks', 'en', 'Removed.md'), '# old');
    const app = new App({ outdir });
    Runbook.of(stackIn(app, 'Shared')).addSection(section('overview'));
    app.synth();
    expect(fs.existsSync(path.join(outdir, 'runbooks', 'en', 'Removed.md'))).toBe(false);
  });

  test('a synth whose runbooks fail to render leaves the previous runbooks as they were, and no half-written folder', () => {
    const outdir = tempDir();
    const first = new App({ outdir });
    Runbook.of(stackIn(first, 'Shared')).addSection(section('overview'));
    first.synth();
    const read = () => ['ja', 'en'].map(locale => fs.readFileSync(path.join(outdir, 'runbooks', locale, 'Shared.md'), 'utf8'));
    const before = read();
    const second = new App({ outdir });
    const stack = stackIn(second, 'Shared');
    const topic = new sns.Topic(stack, 'Other');
    // The first stack renders fine; the error comes from the last section of the second.
    Runbook.of(stack).addSection(section('overview', { title: { ja: '新しい概要', en: 'New overview' } }));
    Runbook.of(stackIn(second, 'Tenant')).addSection(section('topic', { summary: [{ ja: `トピック ${topic.topicArn}`, en: `Topic ${topic.topicArn}` }] }));
    expect(() => second.synth()).toThrow(/contains a value only known after deploy/);
    expect(read()).toEqual(before);
    expect(fs.readdirSync(outdir).filter(f => f.startsWith('runbooks'))).toEqual(['runbooks']);
  });

  test('a text holding a deploy-time value is a synth error that names the section', () => {
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'Shared');
    const topic = new sns.Topic(stack, 'Topic');
    Runbook.of(stack).addSection(section('topic', { summary: [{ ja: `トピック ${topic.topicArn}`, en: `Topic ${topic.topicArn}` }] }));
    expect(() => app.synth()).toThrow(/Shared: section "topic" summary\[0\] \(ja\) contains a value only known after deploy/);
  });

  test('a link to a missing section in another stack is a synth error', () => {
    const app = new App({ outdir: tempDir() });
    const shared = new Stack(app, 'Shared');
    const tenant = new Stack(app, 'Tenant-acme');
    Runbook.of(shared).addSection(section('overview'));
    Runbook.of(tenant).addSection(section('scale-out', { links: [{ text: { ja: '概要', en: 'Overview' }, anchor: 'escalation', stack: shared }] }));
    expect(() => app.synth()).toThrow(/Tenant-acme: section "scale-out" links\[0\] points to section "escalation" of stack Shared, which has no such section/);
  });

  test('stack outputs are looked up with describe-stacks', () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const stack = stackIn(app, 'Shared');
    const output = new CfnOutput(stack, 'DashboardUrl', { value: 'https://console.aws.amazon.com/cloudwatch' });
    Runbook.of(stack).addSection(section('dashboard', {
      steps: [{ text: { ja: 'ダッシュボードを開く', en: 'Open the dashboard' }, commands: [RunbookCommand.withLookups('echo "$URL"', { URL: ResourceLookup.stackOutput(output) })] }],
    }));
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Shared.md'), 'utf8'))
      .toContain('URL=$(aws cloudformation describe-stacks --stack-name Shared --query "Stacks[0].Outputs[?OutputKey==\'DashboardUrl\'].OutputValue" --output text)');
  });
});

test('`cdk synth` writes the runbooks into its output directory', () => {
  const dir = tempDir('cdk-synth-');
  fs.writeFileSync(path.join(dir, 'app.ts'), [
    'import { App, Stack } from \'aws-cdk-lib\';',
    `import { Runbook } from ${JSON.stringify(path.resolve(__dirname, '../../src'))};`,
    'const app = new App();',
    'Runbook.of(new Stack(app, \'Shared\')).addSection({ anchor: \'overview\', title: { ja: \'概要\', en: \'Overview\' },',
    '  whenToUse: { ja: \'最初に\', en: \'First\' }, steps: [{ text: { ja: \'読む\', en: \'Read\' } }] });',
  ].join('\n'));
  buildSync({
    entryPoints: [path.join(dir, 'app.ts')],
    outfile: path.join(dir, 'app.js'),
    bundle: true,
    platform: 'node',
    external: ['aws-cdk-lib', 'constructs'],
    nodePaths: [path.resolve(__dirname, '../../node_modules')],
    logLevel: 'silent',
  });
  const cdk = path.resolve(__dirname, '../../node_modules/aws-cdk/bin/cdk');
  execFileSync(process.execPath, [cdk, 'synth', '--app', `${process.execPath} app.js`, '--output', 'cdk.out', '--quiet', '--no-notices', '--no-version-reporting'], {
    cwd: dir, env: { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules'), CDK_DISABLE_CLI_TELEMETRY: 'true' }, stdio: 'pipe', timeout: 120_000,
  });
  expect(fs.readFileSync(path.join(dir, 'cdk.out', 'runbooks', 'ja', 'Shared.md'), 'utf8')).toContain('<a id="overview"></a>');
});
