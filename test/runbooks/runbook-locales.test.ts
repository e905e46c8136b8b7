import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  DeploymentTopology, PlatformEnvironment, PlatformRunbookSections, Runbook, RUNBOOK_LOCALES_CONTEXT, RunbookCatalog, RunbookLocale, TopologyNodeKind,
} from '../../src';
import { main } from '../../src/cli/main';
import { platformFixture, tempDir } from '../support/runbook-fixtures';

/** Adds the platform's own sections (written in both languages by the library) to a fixture platform. */
function addPlatform(app: App): Stack {
  const platform = platformFixture(app);
  PlatformRunbookSections.addTo(platform.stack, {
    environment: PlatformEnvironment.PRODUCTION,
    cluster: platform.cluster,
    loadBalancers: [platform.alb],
    criticalTopic: platform.criticalTopic,
    certificate: platform.certificate,
    datadog: false,
  });
  return platform.stack;
}

/** An English-only team's own section: no Japanese anywhere. */
function addEnglishSection(stack: Stack): void {
  Runbook.of(stack).addSection({
    anchor: 'team-handover',
    title: { en: 'Hand over the pager' },
    whenToUse: { en: 'At the end of a shift' },
    steps: [{ text: { en: 'Write the open incidents into the channel' }, checklist: [{ en: 'Nothing left unacknowledged' }] }],
    links: [{ text: { en: 'Platform overview' }, anchor: 'team-handover' }],
  });
  DeploymentTopology.of(stack).addNode(new sns.Topic(stack, 'Pager'), { kind: TopologyNodeKind.PLATFORM, label: { en: 'Pager topic' } });
}

function read(outdir: string, ...parts: string[]): string {
  return fs.readFileSync(path.join(outdir, 'runbooks', ...parts), 'utf8');
}

describe('OPS-06: an English-only app renders English runbooks only', () => {
  const outdir = tempDir();
  const app = new App({ outdir });
  RunbookCatalog.of(app).configure({ locales: [RunbookLocale.EN] });
  const shared = addPlatform(app);
  addEnglishSection(shared);
  const link = Runbook.linkFor(shared, 'team-handover');
  new cloudwatch.Alarm(shared, 'Handover', {
    metric: new cloudwatch.Metric({ namespace: 'Team', metricName: 'Open' }), threshold: 1, evaluationPeriods: 1, alarmDescription: `Runbook: ${link}`,
  });
  app.synth();

  test('only the en folder and an index that lists only en', () => {
    expect(fs.readdirSync(path.join(outdir, 'runbooks')).sort()).toEqual(['en', 'index.json']);
    const index = JSON.parse(read(outdir, 'index.json'));
    expect(index.locales).toEqual(['en']);
    const section = index.runbooks[0].sections.find((s: any) => s.anchor === 'team-handover');
    expect(section.title).toEqual({ en: 'Hand over the pager' });
  });

  test('texts given only in English render, and no page links to a Japanese copy that does not exist', () => {
    const runbook = read(outdir, 'en', 'Shared.md');
    expect(runbook).toContain('Hand over the pager');
    expect(runbook).toContain('Write the open incidents into the channel');
    expect(runbook).not.toContain('../ja/');
    expect(read(outdir, 'en', 'README.md')).not.toContain('../ja/');
    expect(read(outdir, 'en', 'README.md')).toContain('Pager topic');
  });

  test('alarm links point at the English runbook', () => {
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Shared.template.json'), 'utf8'));
    const alarm = Object.values<any>(template.Resources).find(r => r.Properties?.AlarmDescription?.startsWith?.('Runbook: '));
    expect(alarm.Properties.AlarmDescription).toBe('Runbook: runbooks/en/Shared.md#team-handover');
  });

  test('tenant-platform runbooks copies the locales the app wrote', async () => {
    let out = '';
    const code = await main(['runbooks', '--app', outdir, '--out', path.join(outdir, '..', `${path.basename(outdir)}-docs`)], {
      out: t => { out += t; }, err: () => undefined, env: {}, cwd: outdir,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/locale\(s\) en\n$/);
  });
});

test('OPS-06: the context key chooses the locales when no construct does; Japanese only links to ja', () => {
  const outdir = tempDir();
  const app = new App({ outdir, context: { [RUNBOOK_LOCALES_CONTEXT]: 'ja' } });
  const shared = addPlatform(app);
  Runbook.of(shared).addSection({ anchor: 'kotai', title: { ja: '交代' }, whenToUse: { ja: 'シフト終了時' }, steps: [{ text: { ja: '引き継ぐ' } }] });
  const link = Runbook.linkFor(shared, 'kotai');
  app.synth();
  expect(fs.readdirSync(path.join(outdir, 'runbooks')).sort()).toEqual(['index.json', 'ja']);
  expect(shared.resolve(link)).toBe('runbooks/ja/Shared.md#kotai');
});

test('OPS-06: both locales by default, and a text missing one of them is refused when added', () => {
  const app = new App({ outdir: tempDir() });
  expect(RunbookCatalog.of(app).locales).toEqual([RunbookLocale.JA, RunbookLocale.EN]);
  const stack = new Stack(app, 'Shared');
  expect(() => addEnglishSection(stack)).toThrow(
    'runbook section "team-handover" title has no ja text (every runbook text needs ja and en; an app that renders one language sets ' +
    'RunbookCatalog locales or the context cdk-tenant-platform:runbookLocales): {"en":"Hand over the pager"}');
});

test('an English-only app still refuses a text without English', () => {
  const app = new App({ outdir: tempDir(), context: { [RUNBOOK_LOCALES_CONTEXT]: 'en' } });
  const stack = new Stack(app, 'Shared');
  expect(() => Runbook.of(stack).addSection({ anchor: 'x', title: { ja: '題' }, whenToUse: { en: 'Now' }, steps: [{ text: { en: 'Do' } }] }))
    .toThrow(/runbook section "x" title has no en text \(every runbook text needs en\)/);
});

test('bad locale choices name the value and what is accepted', () => {
  expect(() => RunbookCatalog.of(new App()).configure({ locales: [] })).toThrow('runbook locales [] must be a non-empty list of ja, en');
  expect(() => RunbookCatalog.of(new App()).configure({ locales: ['fr' as RunbookLocale] })).toThrow('runbook locales ["fr"] must be a non-empty list of ja, en');
  const app = new App({ context: { [RUNBOOK_LOCALES_CONTEXT]: 'en,de' } });
  expect(() => RunbookCatalog.of(app).locales).toThrow('context cdk-tenant-platform:runbookLocales "en,de" must be a non-empty list of ja, en');
  const catalog = RunbookCatalog.of(new App());
  catalog.configure({ locales: [RunbookLocale.EN] });
  expect(() => catalog.configure({ locales: [RunbookLocale.JA, RunbookLocale.EN] })).toThrow('runbook locales is already "en"; cannot change it to "ja,en"');
});

test('a link locale the app does not render is a synth error', () => {
  const app = new App({ outdir: tempDir() });
  RunbookCatalog.of(app).configure({ locales: [RunbookLocale.EN], linkLocale: RunbookLocale.JA });
  new Stack(app, 'Shared');
  expect(() => app.synth()).toThrow(/runbook linkLocale "ja" is not rendered: the app's runbook locales are en/);
});
