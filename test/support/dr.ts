import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { database, platformStack } from './platform';
import {
  DatabaseProtectionOptions, DrPlan, DrPlanProps, MonitoredDatabase, MonitoredDatabaseProps, RecoveryObjectives, TenantPlatform,
  TenantPlatformProps,
} from '../../src';

/** The objectives of DR-01 per data class. */
export const SEED_OBJECTIVES: { database: RecoveryObjectives; applicationData: RecoveryObjectives; configuration: RecoveryObjectives } = {
  database: { rpo: Duration.minutes(5), rto: Duration.hours(1) },
  applicationData: { rpo: Duration.hours(1), rto: Duration.minutes(30) },
  configuration: { rpo: Duration.seconds(0), rto: Duration.minutes(15) },
};

/** A versioned, retained, SSL-only bucket: what DrPlan accepts. */
export function versionedBucket(scope: Construct, id: string, props: s3.BucketProps = {}): s3.Bucket {
  return new s3.Bucket(scope, id, {
    versioned: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

export interface DrFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly platform: TenantPlatform;
  readonly db: MonitoredDatabase;
  readonly uploads: s3.Bucket;
  readonly dr: DrPlan;
}

export interface DrFixtureOptions {
  /** The app to build in, e.g. one with policy packs registered. */
  readonly app?: App;
  readonly platform?: Partial<TenantPlatformProps>;
  readonly database?: Partial<MonitoredDatabaseProps>;
  readonly dr?: Partial<DrPlanProps>;
}

/**
 * The shared stack of the README with an uploads bucket and a DrPlan copying to ap-northeast-3;
 * nothing is protected yet.
 */
export function drFixture(options: DrFixtureOptions = {}): DrFixture {
  const { app, stack, platform } = platformStack(options.platform, options.app);
  const db = database(platform, options.database);
  const uploads = versionedBucket(stack, 'Uploads');
  const dr = new DrPlan(stack, 'Dr', { platform, copyToRegion: 'ap-northeast-3', ...options.dr });
  return { app, stack, platform, db, uploads, dr };
}

/** The fixture with the database and the uploads bucket protected at the seed's objectives. */
export function protectedFixture(options: DrFixtureOptions = {}, databaseObjectives: Partial<DatabaseProtectionOptions> = {}): DrFixture {
  const fixture = drFixture(options);
  fixture.dr.protectDatabase(fixture.db, { ...SEED_OBJECTIVES.database, ...databaseObjectives });
  fixture.dr.protectBucket(fixture.uploads, SEED_OBJECTIVES.applicationData);
  return fixture;
}

/** The message `app.synth()` fails with, or a failure of the test when it succeeds. */
export function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return String(e);
  }
  throw new Error('expected synth to fail, but it succeeded');
}
