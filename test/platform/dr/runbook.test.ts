import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { protectedFixture, SEED_OBJECTIVES, versionedBucket } from './support';
import { BucketDataClass } from '../../../src';
import { DrRunbookSection } from '../../../src/platform/dr/dr-runbook-model';

/** Every script of `sections`, with the section it belongs to. */
function scripts(sections: DrRunbookSection[]): Array<{ anchor: string; script: string }> {
  return sections.flatMap(s => s.steps.flatMap(step => (step.commands ?? []).map(script => ({ anchor: s.anchor, script }))));
}

/** Every text of `value` that has both locales, found by walking it. */
function texts(value: unknown): Array<{ ja: string; en: string }> {
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const own = 'ja' in o || 'en' in o ? [o as { ja: string; en: string }] : [];
  return [...own, ...Object.values(o).flatMap(texts)];
}

/** Shell variables a script uses before setting them (the environment's own are allowed). */
function unsetVariables(script: string): string[] {
  const set = new Set(['HOME', 'AWS_REGION', 'AWS_PROFILE']);
  const unset: string[] = [];
  for (const line of script.split('\n')) {
    const code = line.replace(/'[^']*'/g, "''");
    const events = [
      ...[...code.matchAll(/(?:^|[\s;(])([A-Z_][A-Z0-9_]*)=/g)].map(m => ({ at: m.index! + m[0].length, name: m[1], set: true })),
      ...[...code.matchAll(/\b(?:for|read(?:\s+-\w+)*(?:\s+"[^"]*")?)\s+([A-Z_][A-Z0-9_]*)/g)].map(m => ({ at: m.index!, name: m[1], set: true })),
      ...[...code.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map(m => ({ at: m.index!, name: m[1], set: false })),
    ].sort((x, y) => x.at - y.at);
    for (const e of events) {
      if (e.set) set.add(e.name);
      else if (!set.has(e.name)) unset.push(e.name);
    }
  }
  return unset;
}

describe('the DR runbook of the production platform', () => {
  const fixture = protectedFixture();
  const { app, stack, dr } = fixture;
  dr.protectBucket(versionedBucket(stack, 'Config'), { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
  const assembly = app.synth();
  const sections = dr._runbookSections();
  const anchors = sections.map(s => s.anchor);
  const section = (anchor: string) => sections.find(s => s.anchor === anchor)!;

  test('DR-05: recovery levels L1, L2 per protected resource and L3, the failed-job alerts, the monthly restore test and the quarterly drills', () => {
    expect(anchors).toEqual([
      'dr-overview',
      'dr-l1-service-partial',
      'dr-l2-database-shared-database',
      'dr-l2-bucket-shared-uploads',
      'dr-l2-bucket-shared-config',
      'dr-l3-region-failure',
      'dr-backup-job-failed',
      'dr-copy-job-failed',
      'dr-restore-test-failed',
      'dr-monthly-restore-test',
      'dr-quarterly-drills',
    ]);
    expect(section('dr-quarterly-drills').steps.map(s => s.text.en.split(':')[0])).toEqual([
      'Scenario 1, database lost (shared-database)',
      'Scenario 3, data corruption (shared-database)',
      'Scenario 2, region failure (shared-database)',
      'Scenario 4, security incident',
      'Record the results.',
    ]);
  });

  test('OPS-06: the runbook is written in Japanese and English, every text in both', () => {
    const all = texts(sections);
    expect(all.length).toBeGreaterThan(100);
    for (const t of all) {
      expect(t.ja?.trim().length).toBeGreaterThan(0);
      expect(t.en?.trim().length).toBeGreaterThan(0);
    }
    for (const s of sections) expect(s.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    const en = fs.readFileSync(path.join(assembly.directory, dr.runbookFile), 'utf8');
    const ja = fs.readFileSync(path.join(assembly.directory, dr.runbookFile.replace(/\.md$/, '.ja.md')), 'utf8');
    expect(dr.runbookFile).toBe('dr/Shared-Dr.runbook.md');
    for (const anchor of anchors) {
      expect(en).toContain(`<a id="${anchor}"></a>`);
      expect(ja).toContain(`<a id="${anchor}"></a>`);
    }
    expect(ja).toContain('## L2: データベース shared-database の復元');
    expect(en).toContain('## L2: restore database shared-database');
  });

  test('OPS-02: every command names this deployment\'s vault, plans, instance and stacks, and leaves nothing to fill in', () => {
    const all = scripts(sections);
    expect(all.length).toBeGreaterThan(40);
    for (const { anchor, script } of all) {
      expect({ anchor, script, placeholders: script.match(/<[A-Za-z][\w .:/-]*>|\.\.\.|\$\{Token\[|\byour[-_]\w+|TODO|CHANGEME/g) }).toEqual({ anchor, script, placeholders: null });
      expect({ anchor, script, unset: unsetVariables(script) }).toEqual({ anchor, script, unset: [] });
    }
    const l2 = scripts([section('dr-l2-database-shared-database')]).map(s => s.script).join('\n');
    expect(l2).toContain('--source-db-instance-identifier shared-database --target-db-instance-identifier shared-database-restored');
    expect(l2).toContain('--backup-vault-name Shared-Dr ');
    expect(l2).toMatch(/--stack-name Shared --logical-resource-id DatabaseSubnetGroup[0-9A-F]{8} /);
    expect(l2).toContain('aws secretsmanager put-secret-value');
    expect(l2).toContain('--force-new-deployment');
    const monthly = scripts([section('dr-monthly-restore-test')]).map(s => s.script).join('\n');
    expect(monthly).toContain('--restore-testing-plan-name Shared_Dr_Monthly');
    const bucket = scripts([section('dr-l2-bucket-shared-uploads')]).map(s => s.script).join('\n');
    expect(bucket).toContain('--role-name Shared-Dr-Backup');
  });

  test('DR-05: the region-failure procedure works from the recovery region only', () => {
    const l3 = scripts([section('dr-l3-region-failure')]).map(s => s.script);
    expect(l3.join('\n')).toContain('--region ap-northeast-3 --backup-vault-name Shared-Dr-Copy');
    for (const script of l3) {
      expect(script).not.toContain('--region ap-northeast-1');
      expect(script).not.toContain('describe-stack-resource');
    }
  });

  test('MON-08: each failed-job alert links to its runbook section', () => {
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    const linked = Object.values(rules).map(r => r.Properties.Description.match(/Runbook: runbooks\/en\/Shared\.md#(\S+)$/)![1]);
    expect(linked.sort()).toEqual(['dr-backup-job-failed', 'dr-copy-job-failed', 'dr-restore-test-failed']);
    for (const anchor of linked) expect(section(anchor).kind).toBe('alarm');
  });
});

test('DR-05: with Route 53 failover the region procedure checks the health check and DNS instead of switching by hand', () => {
  const { stack, dr } = protectedFixture();
  dr.addRegionFailover('Acme', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'acme',
    secondary: route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: 'standby.ap-northeast-3.elb.amazonaws.com', hostedZoneId: 'Z5LXEXXYW11ES', evaluateTargetHealth: true }) }),
    healthCheckDomainName: 'acme.tokyo.example.com',
  });
  const l3 = dr._runbookSections().find(s => s.anchor === 'dr-l3-region-failure')!;
  const all = scripts([l3]).map(s => s.script).join('\n');
  expect(all).toContain("HealthCheckConfig.FullyQualifiedDomainName=='acme.tokyo.example.com'");
  expect(all).toContain('dig +short acme.example.com');
  expect(all).not.toContain('aws route53 list-hosted-zones');
});

test('DR-05: without copies the region procedure says plainly that the region cannot be recovered', () => {
  const { dr } = protectedFixture({ dr: { copyToRegion: undefined } });
  const l3 = dr._runbookSections().find(s => s.anchor === 'dr-l3-region-failure')!;
  expect(l3.summary![0].en).toContain('no data exists outside the region');
  expect(l3.steps).toHaveLength(1);
});
