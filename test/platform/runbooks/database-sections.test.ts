import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { DatabaseRunbookSections } from '../../../src';
import { databaseFixture, platformFixture, tempDir } from '../../support/runbook-fixtures';
import { runbookPlaceholders } from '../../support/runbooks';

function synthesize(multiAz: boolean): string {
  const outdir = tempDir('database-');
  const app = new App({ outdir });
  const platform = platformFixture(app);
  const db = databaseFixture(platform, multiAz);
  DatabaseRunbookSections.addTo(platform.stack, { instance: db, multiAz, secret: db.secret, anchorPrefix: 'main-db' });
  app.synth();
  expect(runbookPlaceholders(path.join(outdir, 'runbooks'))).toEqual([]);
  return fs.readFileSync(path.join(outdir, 'runbooks', 'ja', 'Shared.md'), 'utf8');
}

test('DB-01: a Multi-AZ database gets a failover test with the real instance', () => {
  const ja = synthesize(true);
  expect(ja).toContain('<a id="main-db-connection"></a>');
  expect(ja).toContain('<a id="main-db-failover"></a>');
  expect(ja).toMatch(/DB=\$\(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id DatabaseB269D8BB /);
  expect(ja).toContain('aws rds reboot-db-instance --db-instance-identifier "$DB" --force-failover');
  expect(ja).toContain("Parameters[?ParameterName=='rds.force_ssl'].ParameterValue");
  expect(ja).toMatch(/SECRET=\$\(aws cloudformation describe-stack-resource --stack-name Shared --logical-resource-id DatabaseSecretAttachment/);
  expect(ja).toContain('aws logs tail "/aws/rds/instance/$DB/postgresql" --since 30m');
});

test('a single-AZ database has no failover to test and points to restore instead', () => {
  const ja = synthesize(false);
  expect(ja).not.toContain('--force-failover');
  expect(ja).toContain('Single-AZ のため、フェイルオーバーはありません');
});

test('the anchor prefix is checked', () => {
  const platform = platformFixture(new App());
  const db = databaseFixture(platform);
  expect(() => DatabaseRunbookSections.create({ instance: db, multiAz: true, anchorPrefix: 'Main DB' })).toThrow(/anchorPrefix "Main DB" must match/);
});
