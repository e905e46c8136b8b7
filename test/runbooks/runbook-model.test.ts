import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ResourceLookup, Runbook, RunbookCommand, RunbookSection } from '../../src';

function section(overrides: Partial<RunbookSection> = {}): RunbookSection {
  return {
    anchor: 'check-cluster',
    title: { ja: 'クラスタの確認', en: 'Check the cluster' },
    whenToUse: { ja: '毎朝', en: 'Every morning' },
    steps: [{ text: { ja: '状態を確認する', en: 'Read the state' }, commands: [RunbookCommand.of('aws ecs list-clusters')] }],
    ...overrides,
  };
}

describe('OPS-06: every runbook text exists in Japanese and English', () => {
  const runbook = () => Runbook.of(new Stack(new App(), 'Shared'));

  test('a complete section is accepted', () => {
    const r = runbook();
    r.addSection(section());
    expect(r.sections.map(s => s.anchor)).toEqual(['check-cluster']);
  });

  test.each([
    ['title without en', { title: { ja: 'クラスタ' } as any }, /section "check-cluster" title has no en text/],
    ['title with empty ja', { title: { ja: '  ', en: 'Cluster' } }, /title has no ja text/],
    ['whenToUse missing', { whenToUse: undefined as any }, /whenToUse must be a LocalizedText/],
    ['step text without ja', { steps: [{ text: { en: 'Read' } as any }] }, /step 1 text has no ja text/],
    ['expected result without en', { steps: [{ text: { ja: '確認', en: 'Read' }, expected: { ja: 'ACTIVE' } as any }] }, /step 1 expected has no en text/],
    ['checklist item without ja', { steps: [{ text: { ja: '確認', en: 'Read' }, checklist: [{ en: 'done' } as any] }] }, /step 1 checklist\[0\] has no ja text/],
    ['table cell without en', {
      table: { header: [{ ja: '項目', en: 'Item' }], rows: [{ cells: [{ ja: '値' } as any] }] },
    }, /table row 1 cell 1 has no en text/],
    ['escalation without ja', { escalation: { en: 'Call the lead' } as any }, /escalation has no ja text/],
    ['link text without en', { links: [{ text: { ja: 'リンク' } as any, url: 'https://example.org' }] }, /links\[0\] text has no en text/],
  ])('%s is rejected naming the part', (_name, overrides, message) => {
    expect(() => runbook().addSection(section(overrides as Partial<RunbookSection>))).toThrow(message);
  });
});

describe('section shape', () => {
  const runbook = () => Runbook.of(new Stack(new App(), 'Shared'));

  test('anchors must be stable slugs and unique in the runbook', () => {
    expect(() => runbook().addSection(section({ anchor: 'Check Cluster' }))).toThrow(/anchor "Check Cluster" must match/);
    const r = runbook();
    r.addSection(section());
    expect(() => r.addSection(section())).toThrow(/a section with anchor "check-cluster" already exists in the runbook of stack Shared/);
  });

  test('a link needs exactly one of url and anchor', () => {
    const text = { ja: 'リンク', en: 'Link' };
    expect(() => runbook().addSection(section({ links: [{ text }] }))).toThrow(/links\[0\] must have exactly one of url and anchor/);
    expect(() => runbook().addSection(section({ links: [{ text, url: 'ftp://x' }] }))).toThrow(/url "ftp:\/\/x" must be an http\(s\) address/);
  });

  test('a section that says nothing is rejected', () => {
    expect(() => runbook().addSection(section({ steps: [] }))).toThrow(/says nothing/);
  });

  test('requirement ids are checked', () => {
    expect(() => runbook().addSection(section({ requirements: ['ops1'] }))).toThrow(/requirement "ops1" must be a requirement ID/);
  });

  test('a later contributor adds a checked link to an earlier section', () => {
    const r = runbook();
    r.addSection(section());
    r.addSection(section({ anchor: 'restore-test' }));
    r.addLink('check-cluster', { text: { ja: 'リストアテスト', en: 'Restore test' }, anchor: 'restore-test' });
    r.addLink('check-cluster', { text: { ja: '手引き', en: 'Guide' }, url: 'https://example.org/guide' });
    expect(r.sections[0].links).toEqual([
      { text: { ja: 'リストアテスト', en: 'Restore test' }, anchor: 'restore-test' },
      { text: { ja: '手引き', en: 'Guide' }, url: 'https://example.org/guide' },
    ]);
    expect(() => r.addLink('check-cluster', { text: { en: 'Drills' } as any, anchor: 'drills' }))
      .toThrow(/section "check-cluster" links\[2\] text has no ja text/);
    expect(() => r.addLink('nightly', { text: { ja: 'x', en: 'x' }, anchor: 'restore-test' }))
      .toThrow(/cannot add a link to section "nightly": the runbook of stack Shared has no such section/);
  });

  test('Runbook.of returns the one runbook of the scope\'s stack', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    expect(Runbook.of(new Construct(a, 'Deep'))).toBe(Runbook.of(a));
    expect(Runbook.of(a)).not.toBe(Runbook.of(b));
    expect(Runbook.of(a).fileName).toBe('A.md');
    const c = new Stack(app, 'C');
    new Construct(c, 'TenantPlatformRunbook');
    expect(() => Runbook.of(c)).toThrow(/the id "TenantPlatformRunbook" is reserved/);
  });
});

describe('commands', () => {
  test.each([
    ['aws ecs describe-services --cluster <cluster> --services app', /"<cluster>" \(angle-bracket placeholder\)/],
    ['aws ecs update-service --service your-service --force-new-deployment', /"your-service" \(placeholder word\)/],
    ['aws ecs describe-services --cluster "$CLUSTER"', /"\$CLUSTER" \(shell variable used but never set\)/],
    ['aws logs tail ...', /ellipsis/],
  ])('placeholder text is rejected: %s', (command, message) => {
    expect(() => RunbookCommand.of(command)).toThrow(message);
  });

  test('a variable set by a lookup is not a placeholder, and every lookup must be used', () => {
    const stack = new Stack(new App(), 'Shared');
    const cluster = new ecs.Cluster(stack, 'Cluster');
    expect(() => RunbookCommand.withLookups('aws ecs describe-clusters --clusters "$CLUSTER"', { CLUSTER: ResourceLookup.physicalId(cluster) })).not.toThrow();
    expect(() => RunbookCommand.withLookups('aws ecs list-clusters', { CLUSTER: ResourceLookup.physicalId(cluster) }))
      .toThrow(/variable "CLUSTER" is never used/);
    expect(() => RunbookCommand.withLookups('echo "$cluster"', { cluster: ResourceLookup.physicalId(cluster) })).toThrow(/must match/);
  });

  test('a lookup needs a resource defined in the app', () => {
    const stack = new Stack(new App(), 'Shared');
    const imported = ecs.Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'prod', vpc: undefined as any });
    expect(() => ResourceLookup.physicalId(imported)).toThrow(/has no CloudFormation resource of its own/);
    expect(() => ResourceLookup.literal(stack.stackId)).toThrow(/deploy-time value/);
  });
});
