import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { BucketDataClass, DisruptionType, ProtectedResourceRecovery } from '../../../src';
import { drFixture, protectedFixture, SEED_OBJECTIVES, synthError, versionedBucket } from '../../support/dr';
import { ENV } from '../../support/platform';

/** `recovery` as minutes, `null` where not recoverable, for readable expectations. */
function minutes(recovery: ProtectedResourceRecovery) {
  const m = (d?: Duration) => d === undefined ? null : d.toSeconds() / 60;
  return Object.fromEntries(recovery.recoveries.map(r => [r.disruption, { rpo: m(r.achievableRpo), rto: m(r.achievableRto) }]));
}

describe('the seed objectives on the production platform', () => {
  const { app, dr } = protectedFixture();
  const assembly = app.synth();
  const [database, uploads] = dr.recoveries;

  test('DR-01: the database meets RPO 5 min / RTO 1 h: Multi-AZ for zones and hardware, point-in-time restore for corruption', () => {
    expect(database.description).toBe('RDS instance shared-database');
    expect(minutes(database)).toEqual({
      [DisruptionType.AVAILABILITY_ZONE]: { rpo: 0, rto: 2 },
      [DisruptionType.HARDWARE]: { rpo: 0, rto: 2 },
      // 15 min to create the instance + 1 min per 10 GiB of the 100 GiB + 10 min to switch the tenants.
      [DisruptionType.SOFTWARE]: { rpo: 5, rto: 35 },
      // The daily copy in ap-northeast-3, restored, the platform deployed there, DNS switched by hand.
      [DisruptionType.REGION]: { rpo: 24 * 60, rto: 25 + 10 + 60 + 15 },
    });
    expect(database.recoveries.every(r => r.problems.length === 0)).toBe(true);
    expect(database.recoveries.find(r => r.disruption === DisruptionType.REGION)!.objectiveRpo).toBeUndefined();
  });

  test('DR-01: application data meets RPO 1 h / RTO 30 min from the hourly backups', () => {
    expect(uploads.description).toBe('S3 bucket Shared/Uploads');
    expect(minutes(uploads)).toEqual({
      [DisruptionType.AVAILABILITY_ZONE]: { rpo: 0, rto: 0 },
      [DisruptionType.HARDWARE]: { rpo: 0, rto: 0 },
      [DisruptionType.SOFTWARE]: { rpo: 60, rto: 20 },
      [DisruptionType.REGION]: { rpo: 60, rto: 20 + 60 + 15 },
    });
  });

  test('DR-01: the objectives table is written to the cloud assembly as JSON and as Markdown in English and Japanese', () => {
    expect(dr.objectivesReportFile).toBe('dr/Shared-Dr.objectives.md');
    const dir = path.join(assembly.directory, 'dr');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'Shared-Dr.objectives.json'), 'utf8'));
    expect(json).toMatchObject({ drPlan: 'Shared/Dr', region: 'ap-northeast-1', copyToRegion: 'ap-northeast-3', vaultName: 'Shared-Dr', copyVaultName: 'Shared-Dr-Copy' });
    expect(json.resources.map((r: any) => r.recoveries.length)).toEqual([4, 4]);
    expect(json.resources[0].recoveries[2]).toMatchObject({
      disruption: 'software',
      achievableRpo: { seconds: 300, text: '5 minutes' },
      objectiveRto: { seconds: 3600, text: '1 hour' },
      met: true,
    });
    const en = fs.readFileSync(path.join(dir, 'Shared-Dr.objectives.md'), 'utf8');
    expect(en).toContain('| RDS instance shared-database | software (data corruption) | 5 minutes | 5 minutes | 35 minutes | 1 hour | yes |');
    expect(en).toContain('| `Shared-Dr-Database` | Daily | 30 days | `Shared-Dr-Copy` (ap-northeast-3) |');
    const ja = fs.readFileSync(path.join(dir, 'Shared-Dr.objectives.ja.md'), 'utf8');
    expect(ja).toContain('| RDS instance shared-database | ソフトウェア障害 (データ破損) | 5分 | 5分 | 35分 | 1時間 | ○ |');
    expect(ja.split('\n').filter(l => l.startsWith('| RDS') || l.startsWith('| S3'))).toHaveLength(8);
  });
});

describe('DR-01: an objective that cannot be met fails synth naming the resource, the disruption and the fix', () => {
  test('an RPO below what any deployed mechanism achieves', () => {
    const { app } = protectedFixture({}, { rpo: Duration.minutes(1) });
    const error = synthError(app);
    expect(error).toContain('[Shared/Dr] RDS instance shared-database: software (data corruption) RPO 1 minute cannot be met: ' +
      'the best deployed recovery loses up to 5 minutes (point-in-time restore from continuous backup to a new instance). ' +
      'No backup restores closer than the five-minute transaction-log upload of continuous backup (PITR).');
    // Multi-AZ loses nothing, so only the corruption case fails.
    expect(error).not.toMatch(/availability zone RPO/);
  });

  test('an RTO a snapshot restore cannot meet', () => {
    const { app } = protectedFixture({}, { rto: Duration.minutes(15) });
    expect(synthError(app)).toContain('RDS instance shared-database: software (data corruption) RTO 15 minutes cannot be met: the best deployed recovery takes 35 minutes ' +
      '(point-in-time restore from continuous backup to a new instance: restore 25 minutes (estimate) + switching the tenants 10 minutes). ' +
      'Measure the restore with the monthly restore test and set restoreTimeEstimate, or relax the objective.');
  });

  test('an availability-zone objective on a single-AZ database asks for Multi-AZ', () => {
    const { app } = protectedFixture({ database: { multiAz: false } }, { rpo: Duration.minutes(1) });
    expect(synthError(app)).toContain('RDS instance shared-database: availability zone RPO 1 minute cannot be met: the best deployed recovery loses up to 5 minutes ' +
      '(point-in-time restore from continuous backup to a new instance). Enable multiAz on the database: its synchronous standby loses nothing.');
  });

  test('a region RPO of 5 minutes needs a cross-region read replica; copies run daily', () => {
    const { app } = protectedFixture({}, { regionRpo: Duration.minutes(5) });
    expect(synthError(app)).toContain('RDS instance shared-database: region RPO 5 minutes cannot be met: the best deployed recovery loses up to 1 day ' +
      '(restore the latest daily copy in ap-northeast-3). A region RPO below 1 day needs a cross-region read replica (crossRegionReplica); copies to ap-northeast-3 run daily.');
  });

  test('a region objective without copies is not recoverable at all', () => {
    const { app } = protectedFixture({ dr: { copyToRegion: undefined } }, { regionRto: Duration.hours(4) });
    expect(synthError(app)).toContain('RDS instance shared-database: region RTO 4 hours cannot be met: not recoverable: nothing outside the region holds the data. ' +
      'Set copyToRegion on the DrPlan (daily copies, RPO 1 day) or give the database a crossRegionReplica.');
  });

  test('an application-data RPO below the hourly backups points to object versions', () => {
    const { app, dr, uploads } = drFixture();
    dr.protectBucket(uploads, { rpo: Duration.minutes(10), rto: Duration.minutes(30) });
    expect(synthError(app)).toContain('S3 bucket Shared/Uploads: software (data corruption) RPO 10 minutes cannot be met: the best deployed recovery loses up to 1 hour ' +
      '(restore the latest hourly AWS Backup recovery point). Backups run hourly; protect it as BucketDataClass.CONFIGURATION to restore object versions (RPO 0) instead.');
  });

  test('a restore time estimate of zero', () => {
    const { dr, db } = drFixture();
    expect(() => dr.protectDatabase(db, { rpo: Duration.minutes(5), rto: Duration.hours(1), restoreTimeEstimate: Duration.seconds(0) }))
      .toThrow('restoreTimeEstimate 0 seconds must be longer than 0: a restore always takes time');
  });
});

describe('what is deployed changes what is achievable', () => {
  test('DR-01: a restore time measured by the restore tests replaces the estimate', () => {
    const { dr, db } = drFixture();
    dr.protectDatabase(db, { rpo: Duration.minutes(5), rto: Duration.minutes(15), restoreTimeEstimate: Duration.minutes(4) });
    const software = dr.recoveries[0].recoveries.find(r => r.disruption === DisruptionType.SOFTWARE)!;
    expect(software.achievableRto!.toMinutes()).toBe(14);
    expect(software.mechanism).toContain('restore 4 minutes (measured)');
    expect(software.problems).toEqual([]);
  });

  test('DR-03: a cross-region read replica meets a 5-minute region RPO', () => {
    const { app, dr, db } = drFixture();
    const osaka = new Stack(app, 'Osaka', { env: { account: ENV.account, region: 'ap-northeast-3' } });
    const replica = rds.DatabaseInstance.fromDatabaseInstanceAttributes(osaka, 'Replica', {
      instanceIdentifier: 'shared-database-replica', instanceEndpointAddress: 'replica.example.com', port: 5432, securityGroups: [],
    });
    dr.protectDatabase(db, { ...SEED_OBJECTIVES.database, regionRpo: Duration.minutes(5), crossRegionReplica: replica });
    const region = dr.recoveries[0].recoveries.find(r => r.disruption === DisruptionType.REGION)!;
    expect(region.achievableRpo!.toMinutes()).toBe(1);
    expect(region.mechanism).toMatch(/^promote the read replica in ap-northeast-3/);
    expect(region.problems).toEqual([]);
  });

  test('DR-03: a replica in the database\'s own region is rejected', () => {
    const { stack, dr, db } = drFixture();
    const replica = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'LocalReplica', {
      instanceIdentifier: 'local-replica', instanceEndpointAddress: 'replica.example.com', port: 5432, securityGroups: [],
    });
    expect(() => dr.protectDatabase(db, { ...SEED_OBJECTIVES.database, crossRegionReplica: replica }))
      .toThrow('crossRegionReplica "Shared/LocalReplica" is in ap-northeast-1, the database\'s own region; a region disruption takes both');
  });

  test('DR-01: configuration is versioned: RPO 0 and the seed\'s RTO 15 min', () => {
    const { stack, dr } = drFixture();
    dr.protectBucket(versionedBucket(stack, 'Config'), { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
    const software = dr.recoveries[0].recoveries.find(r => r.disruption === DisruptionType.SOFTWARE)!;
    expect(software.achievableRpo!.toSeconds()).toBe(0);
    expect(software.achievableRto!.toMinutes()).toBe(10);
    expect(software.problems).toEqual([]);
  });
});
