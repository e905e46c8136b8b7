import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDataClass, DrPlan } from '../../../src';
import { drFixture, SEED_OBJECTIVES } from '../../support/dr';
import { ENV } from '../../support/platform';

describe('DR-01: every bad input of one DrPlan call is named in one error', () => {
  test('the props of the plan, checked against the profile', () => {
    expect(() => drFixture({ dr: { databaseBackupRetention: Duration.days(7), copyToRegion: 'ap-northeast-1' } }))
      .toThrow(/^Shared\/Dr: 2 problems:\n- databaseBackupRetention 7 days is below 30 days, the floor of production \(DR-02\)\n- copyToRegion "ap-northeast-1" is the region of stack Shared;/);
  });

  test('the props of a plan without a host: those the profile does not bound are still checked', () => {
    const { stack } = drFixture();
    expect(() => new DrPlan(stack, 'Neither', { dailyBackupHourUtc: 24, restoreTestValidationWindow: Duration.minutes(90) }))
      .toThrow(/^Shared\/Neither: 3 problems:\n- platform undefined or host is required.*\n- dailyBackupHourUtc 24 must be an integer from 0 to 23\n- restoreTestValidationWindow 1 hour 30 minutes must be a whole number of hours$/);
  });

  test('protectDatabase', () => {
    const { app, dr, db } = drFixture();
    dr.protectDatabase(db, SEED_OBJECTIVES.database);
    const osaka = new Stack(app, 'Osaka', { env: { account: ENV.account, region: 'ap-northeast-3' } });
    const unnamed = rds.DatabaseInstance.fromDatabaseInstanceAttributes(osaka, 'Replica', {
      instanceIdentifier: Fn.importValue('ReplicaId'), instanceEndpointAddress: 'replica.example.com', port: 5432, securityGroups: [],
    });
    expect(() => dr.protectDatabase(db, { ...SEED_OBJECTIVES.database, restoreTimeEstimate: Duration.seconds(0), crossRegionReplica: unnamed }))
      .toThrow(new Error('Shared/Dr: protectDatabase(Shared/Database): 3 problems:\n' +
        '- crossRegionReplica "Osaka/Replica" must have an instanceIdentifier known at synth, or be defined in this app: the runbook names it\n' +
        '- restoreTimeEstimate 0 seconds must be longer than 0: a restore always takes time\n' +
        '- resource "Shared/Database" is already protected by this DrPlan'));
  });

  test('protectBucket', () => {
    const { stack, dr } = drFixture();
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'existing-bucket');
    expect(() => dr.protectBucket(imported, { ...SEED_OBJECTIVES.applicationData, dataClass: 'LOGS' as BucketDataClass }))
      .toThrow(/^Shared\/Dr: protectBucket\(Shared\/Imported\): 2 problems:\n- bucket "Shared\/Imported" must be an s3.Bucket created in this app.*\n- dataClass "LOGS" must be one of /);
  });

  test('protectTable', () => {
    const { stack, dr } = drFixture();
    const table = new dynamodb.Table(stack, 'Off', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      removalPolicy: RemovalPolicy.RETAIN,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
    });
    expect(() => dr.protectTable(table, { rpo: Duration.days(1), rto: Duration.minutes(30), restoreTimeEstimate: Duration.seconds(0) }))
      .toThrow(/^Shared\/Dr: protectTable\(Shared\/Off\): 2 problems:\n- table "Shared\/Off" has point-in-time recovery off.*\n- restoreTimeEstimate 0 seconds must be longer than 0/);
  });

  test('addRegionFailover, with the options of its records', () => {
    const { stack, dr } = drFixture({ dr: { copyToRegion: undefined } });
    expect(() => dr.addRegionFailover('Acme', {
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
      recordName: 'acme',
      secondary: route53.RecordTarget.fromIpAddresses('192.0.2.10'),
      healthCheckDomainName: 'acme.example.com',
      healthCheckPath: 'health',
    })).toThrow(/^Shared\/Dr: addRegionFailover\(Acme\): 3 problems:\n- copyToRegion undefined must be set on the DrPlan.*\n- healthCheckPath "health" must match .*\n- healthCheckDomainName "acme.example.com" is the failover name itself/);
    expect(dr.node.tryFindChild('Acme')).toBeUndefined();
  });
});
