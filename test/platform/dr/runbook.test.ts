import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BucketDataClass, DrPlan } from '../../../src';
import { RunbookIndexJson } from '../../../src/runbooks/runbook-files';
import { drFixture, protectedFixture, SEED_OBJECTIVES, versionedBucket } from '../../support/dr';
import { database, ENV, platformStack } from '../../support/platform';
import { anchorsOf, runbookPlaceholders, sectionOf, shellBlocks, stepsOf } from '../../support/runbooks';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** The runbooks synthesis wrote for `app`: a stack's Markdown per locale, the index, the folder. */
function runbooksOf(app: App) {
  const dir = path.join(app.synth().directory, 'runbooks');
  const index: RunbookIndexJson = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  return {
    dir,
    index,
    read: (locale: string, file: string) => fs.readFileSync(path.join(dir, locale, file), 'utf8'),
  };
}

/** The shell scripts of section `anchor` as the runbook prints them, one per step. */
function scriptsOf(markdown: string, anchor: string): string[] {
  return shellBlocks(sectionOf(markdown, anchor)).map(b => b.script);
}

describe('the DR sections of the production platform\'s runbook', () => {
  const { app, stack, dr } = protectedFixture();
  dr.protectBucket(versionedBucket(stack, 'Config'), { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
  const runbooks = runbooksOf(app);
  const en = runbooks.read('en', 'Shared.md');
  const ja = runbooks.read('ja', 'Shared.md');
  const drSections = runbooks.index.runbooks.find(r => r.stackName === 'Shared')!.sections.filter(s => s.anchor.startsWith('dr-'));
  const anchors = drSections.map(s => s.anchor);

  test('OPS-02: no DR command puts a secret on a command line, or in a file without umask 077 and a cleanup trap', () => {
    const scripts = anchors.flatMap(anchor => scriptsOf(en, anchor));
    const handlingSecrets = scripts.filter(script => /get-secret-value|put-secret-value|password/i.test(script));
    expect(handlingSecrets.length).toBeGreaterThanOrEqual(2);
    for (const script of handlingSecrets) {
      // Values reach the AWS CLI only from files (file://) or pipes, never as arguments that `ps` shows.
      expect(script).not.toMatch(/--master-user-password|--secret-string (?!"file:\/\/)|\$\(jq -r \.password/);
      const lines = script.split('\n');
      const firstWrite = lines.findIndex(l => / > /.test(l) && /secret|password|modify/.test(l));
      expect(firstWrite).toBeGreaterThan(0);
      const before = lines.slice(0, firstWrite).join('\n');
      expect(before).toMatch(/^\s*umask 077$/m);
      expect(before).toMatch(/^\s*WORK=\$\(mktemp -d\)$/m);
      expect(before).toMatch(/^\s*trap 'rm -rf "\$WORK"' EXIT$/m);
      // Every file it writes is in the private directory the trap removes.
      for (const line of lines) {
        for (const target of line.matchAll(/ > ("?)([^\s"]+)\1/g)) expect(target[2]).toMatch(/^\$WORK\//);
      }
    }
  });

  test('DR-05: recovery levels R1, R2 per protected resource and R3, the failed-job alerts, the monthly restore test and the quarterly drills', () => {
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
    expect(stepsOf(sectionOf(en, 'dr-quarterly-drills')).map(s => s.split(':')[0])).toEqual([
      'Scenario 1, database lost (shared-database)',
      'Scenario 3, data corruption (shared-database)',
      'Scenario 2, region failure (shared-database)',
      'Scenario 4, security incident',
      'Record the results.',
    ]);
    expect(sectionOf(en, 'dr-overview')).toContain('| RDS instance shared-database | software (data corruption) | 5 minutes (5 minutes) | 35 minutes (1 hour) |');
  });

  test('OPS-06: every DR section is complete in Japanese and in English, in the stack\'s runbook of each locale', () => {
    expect([...anchorsOf(path.join(runbooks.dir, 'ja', 'Shared.md'))]).toEqual([...anchorsOf(path.join(runbooks.dir, 'en', 'Shared.md'))]);
    for (const anchor of anchors) {
      const jaSection = sectionOf(ja, anchor);
      const enSection = sectionOf(en, anchor);
      expect(jaSection.split('\n').find(line => line.startsWith('### '))).toMatch(JAPANESE);
      expect(jaSection).toContain('**使用する場面:**');
      expect({ anchor, japaneseInEnglish: enSection.match(new RegExp(JAPANESE.source, 'g')) }).toEqual({ anchor, japaneseInEnglish: null });
      expect(stepsOf(jaSection)).toHaveLength(stepsOf(enSection).length);
    }
    expect(ja).toContain('### 復旧レベル R2: データベース shared-database の復元');
    expect(en).toContain('### Recovery level R2: restore database shared-database');
  });

  test('OPS-02: every command names this deployment\'s vault, plans, instance and stacks, and leaves nothing to fill in', () => {
    expect(runbookPlaceholders(runbooks.dir)).toEqual([]);
    expect(anchors.flatMap(anchor => scriptsOf(en, anchor)).length).toBeGreaterThan(30);
    const l2 = scriptsOf(en, 'dr-l2-database-shared-database').join('\n');
    expect(l2).toContain('--source-db-instance-identifier shared-database --target-db-instance-identifier shared-database-restored');
    expect(l2).toContain('--backup-vault-name Shared-Dr ');
    expect(l2).toMatch(/^SUBNETS=\$\(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id DatabaseSubnetGroup[0-9A-F]{8} /m);
    expect(l2).toMatch(/^SECRET=\$\(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id DatabaseSecret[0-9A-F]{8} /m);
    expect(l2).toContain('aws secretsmanager put-secret-value');
    expect(l2).toContain('--force-new-deployment');
    expect(scriptsOf(en, 'dr-monthly-restore-test').join('\n')).toContain('--restore-testing-plan-name Shared_Dr_Monthly');
    expect(scriptsOf(en, 'dr-l2-bucket-shared-uploads').join('\n')).toContain('--role-name Shared-Dr-Backup');
    // The Japanese runbook runs the same commands.
    expect(scriptsOf(ja, 'dr-l2-database-shared-database')).toEqual(scriptsOf(en, 'dr-l2-database-shared-database'));
  });

  test('DR-05: the region-failure procedure works from the recovery region only', () => {
    const l3 = scriptsOf(en, 'dr-l3-region-failure');
    expect(l3.join('\n')).toContain('--region ap-northeast-3 --backup-vault-name Shared-Dr-Copy');
    for (const script of l3) {
      expect(script).not.toContain('--region ap-northeast-1');
      // A CloudFormation lookup without --region would ask the failed region (the runbook's AWS_REGION).
      expect(script).not.toContain('describe-stack-resource');
    }
  });

  test('MON-08: each failed-job alert links to its section, an alarm section in both locales', () => {
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    const linked = Object.values(rules).map(r => r.Properties.Description.match(/Runbook: runbooks\/en\/Shared\.md#(\S+)$/)![1]);
    expect(linked.sort()).toEqual(['dr-backup-job-failed', 'dr-copy-job-failed', 'dr-restore-test-failed']);
    for (const anchor of linked) {
      expect(drSections.find(s => s.anchor === anchor)!.kind).toBe('alarm');
      expect(sectionOf(ja, anchor)).toContain('Critical 通知');
    }
  });

  test('DR-04: the platform\'s monthly and quarterly tasks link to the restore test review and the drills', () => {
    expect(sectionOf(en, 'periodic-monthly')).toContain('- [Monthly restore test review (vault Shared-Dr)](#dr-monthly-restore-test)');
    expect(sectionOf(en, 'periodic-quarterly')).toContain('- [Quarterly recovery drills (vault Shared-Dr)](#dr-quarterly-drills)');
    expect(sectionOf(ja, 'periodic-monthly')).toContain('- [月次リストアテストの確認 (ボールト Shared-Dr)](#dr-monthly-restore-test)');
    expect(sectionOf(ja, 'periodic-quarterly')).toContain('- [四半期の復旧訓練 (ボールト Shared-Dr)](#dr-quarterly-drills)');
  });

  test('DR-02, DR-03: the deployment diagram shows the backup flow, database to vault to copy vault', () => {
    const index = runbooks.read('en', 'README.md');
    expect(index).toMatch(/n_Shared_Dr_Vault_Resource\[\["AWS Backup vault Shared-Dr \(ap-northeast-1\)"\]\]/);
    expect(index).toMatch(/n_Shared_Dr_ap_northeast_3_CopyVault_Resource\[\["AWS Backup vault Shared-Dr-Copy \(ap-northeast-3\)"\]\]/);
    expect(index).toContain('n_Shared_Database_Resource -->|"backup (continuous, daily)"| n_Shared_Dr_Vault_Resource');
    expect(index).toContain('n_Shared_Dr_Vault_Resource -->|"cross-region copy"| n_Shared_Dr_ap_northeast_3_CopyVault_Resource');
    expect(runbooks.read('ja', 'README.md')).toContain('n_Shared_Dr_Vault_Resource -->|"リージョン間コピー"| n_Shared_Dr_ap_northeast_3_CopyVault_Resource');
  });
});

test('DR-05: with Route 53 failover the region procedure checks the health check and DNS instead of switching by hand', () => {
  const { app, stack, dr } = protectedFixture();
  dr.addRegionFailover('Acme', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'acme',
    secondary: route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: 'standby.ap-northeast-3.elb.amazonaws.com', hostedZoneId: 'Z5LXEXXYW11ES', evaluateTargetHealth: true }) }),
    healthCheckDomainName: 'acme.tokyo.example.com',
  });
  const l3 = scriptsOf(runbooksOf(app).read('en', 'Shared.md'), 'dr-l3-region-failure').join('\n');
  expect(l3).toContain("HealthCheckConfig.FullyQualifiedDomainName=='acme.tokyo.example.com'");
  expect(l3).toContain('dig +short acme.example.com');
  expect(l3).not.toContain('aws route53 list-hosted-zones');
});

test('DR-05: without copies the region procedure says plainly that the region cannot be recovered', () => {
  const { app } = protectedFixture({ dr: { copyToRegion: undefined } });
  const l3 = sectionOf(runbooksOf(app).read('en', 'Shared.md'), 'dr-l3-region-failure');
  expect(l3).toContain('no data exists outside the region');
  expect(stepsOf(l3)).toEqual(['Follow the regional event in AWS Health.']);
});

test('DR-05: a cross-region replica is promoted in its own region', () => {
  const { app, dr, db } = drFixture();
  const osaka = new Stack(app, 'Osaka', { env: { account: ENV.account, region: 'ap-northeast-3' } });
  const replica = rds.DatabaseInstance.fromDatabaseInstanceAttributes(osaka, 'Replica', {
    instanceIdentifier: 'shared-database-replica', instanceEndpointAddress: 'replica.example.com', port: 5432, securityGroups: [],
  });
  dr.protectDatabase(db, { ...SEED_OBJECTIVES.database, regionRpo: SEED_OBJECTIVES.database.rpo, crossRegionReplica: replica });
  const en = runbooksOf(app).read('en', 'Shared.md');
  const l3 = scriptsOf(en, 'dr-l3-region-failure').join('\n');
  expect(stepsOf(sectionOf(en, 'dr-l3-region-failure'))).toContain('RDS instance shared-database: promote read replica shared-database-replica in ap-northeast-3.');
  expect(l3).toContain('REPLICA=shared-database-replica\naws rds promote-read-replica --region ap-northeast-3 --db-instance-identifier "$REPLICA"');
  expect(l3).toContain('jq --arg id "$REPLICA" \'{DBInstanceIdentifier: $id, MasterUserPassword: .password, ApplyImmediately: true}\'');
  expect(l3).toContain('aws rds modify-db-instance --region ap-northeast-3 --cli-input-json "file://$WORK/modify.json"');
  expect(l3).not.toContain('--region ap-northeast-1');
});

test('DR-04: a DrPlan in a stack of its own links the platform\'s periodic tasks to its sections in that stack\'s runbook', () => {
  const { app, platform } = platformStack();
  const db = database(platform);
  const recovery = new Stack(app, 'Recovery', { env: ENV });
  const dr = new DrPlan(recovery, 'Dr', { platform, copyToRegion: 'ap-northeast-3' });
  dr.protectDatabase(db, SEED_OBJECTIVES.database);
  const runbooks = runbooksOf(app);
  expect(sectionOf(runbooks.read('en', 'Shared.md'), 'periodic-monthly')).toContain('(./Recovery.md#dr-monthly-restore-test)');
  expect(sectionOf(runbooks.read('en', 'Shared.md'), 'periodic-quarterly')).toContain('(./Recovery.md#dr-quarterly-drills)');
  expect(anchorsOf(path.join(runbooks.dir, 'ja', 'Recovery.md'))).toContain('dr-quarterly-drills');
});

test('DR-04: without a DrPlan the monthly and quarterly tasks link to no DR section', () => {
  const { app } = platformStack();
  const en = runbooksOf(app).read('en', 'Shared.md');
  for (const anchor of ['periodic-monthly', 'periodic-quarterly']) expect(sectionOf(en, anchor)).not.toContain('#dr-');
});

test('DR-05: protecting a resource after the app was synthesized is refused, since the runbook is already written', () => {
  const { app, stack, dr } = protectedFixture();
  app.synth();
  expect(() => dr.protectBucket(versionedBucket(stack, 'Late'), SEED_OBJECTIVES.applicationData))
    .toThrow(/Shared\/Dr: the app has been synthesized already, and with it this DrPlan's runbook sections/);
});
