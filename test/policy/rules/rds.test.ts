import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PlatformEnvironment } from '../../../src';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

/** A PostgreSQL instance that meets every DB requirement unless `props` says otherwise. */
function database(stack: Stack, props: Partial<rds.DatabaseInstanceProps> = {}): rds.DatabaseInstance {
  const vpc = newVpc(stack);
  return new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    multiAz: true,
    storageEncryptionKey: new kms.Key(stack, 'Key'),
    backupRetention: Duration.days(30),
    deletionProtection: true,
    iamAuthentication: true,
    enablePerformanceInsights: true,
    monitoringInterval: Duration.seconds(60),
    cloudwatchLogsExports: ['postgresql'],
    parameters: { 'rds.force_ssl': '1' },
    ...props,
  });
}

describe('TenantPlatform-RDS1 (DB-01)', () => {
  test('DB-01: a single-AZ instance is flagged in production', () => {
    const stack = newStack();
    const db = database(stack, { multiAz: false });
    expect(flagged(stack, 'RDS1')).toEqual([resourcePath(db)]);
  });

  test('DB-01: a Multi-AZ instance passes, and single-AZ is fine in development', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS1')).toEqual([]);
    const dev = newStack();
    database(dev, { multiAz: false });
    expect(flagged(dev, 'RDS1', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});

describe('TenantPlatform-RDS2 (DB-02)', () => {
  test('DB-02: rds.force_ssl 0 is flagged', () => {
    const stack = newStack();
    const db = database(stack, { parameters: { 'rds.force_ssl': '0' } });
    expect(flagged(stack, 'RDS2')).toEqual([resourcePath(db)]);
  });

  test('DB-02: PostgreSQL 14 with its default parameter group is flagged', () => {
    const stack = newStack();
    const db = database(stack, { engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 }), parameters: undefined });
    expect(flagged(stack, 'RDS2')).toEqual([resourcePath(db)]);
  });

  test('DB-02: rds.force_ssl is 1, or PostgreSQL 16 keeps its TLS-forcing default', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS2')).toEqual([]);
    const defaults = newStack();
    database(defaults, { parameters: undefined });
    expect(flagged(defaults, 'RDS2')).toEqual([]);
  });
});

describe('TenantPlatform-RDS3 (DB-03)', () => {
  test('DB-03: storage encrypted with the AWS-managed key is flagged', () => {
    const stack = newStack();
    const db = database(stack, { storageEncryptionKey: undefined, storageEncrypted: true });
    expect(flagged(stack, 'RDS3')).toEqual([resourcePath(db)]);
  });

  test('DB-03: storage encrypted with a customer-managed key passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS3')).toEqual([]);
  });
});

describe('TenantPlatform-RDS4 (DB-04)', () => {
  test('DB-04: 7 days of automated backups are flagged in production', () => {
    const stack = newStack();
    const db = database(stack, { backupRetention: Duration.days(7) });
    expect(flagged(stack, 'RDS4')).toEqual([resourcePath(db)]);
  });

  test('DB-04: 30 days pass, and a tightened 35-day floor flags them', () => {
    const stack = newStack();
    const db = database(stack);
    expect(flagged(stack, 'RDS4')).toEqual([]);
    expect(flagged(stack, 'RDS4', { minBackupRetention: Duration.days(35) })).toEqual([resourcePath(db)]);
  });
});

describe('TenantPlatform-RDS5 (DB-03)', () => {
  test('DB-03: deletion protection off is flagged', () => {
    const stack = newStack();
    const db = database(stack, { deletionProtection: false });
    expect(flagged(stack, 'RDS5')).toEqual([resourcePath(db)]);
  });

  test('DB-03: deletion protection on passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS5')).toEqual([]);
  });
});

describe('TenantPlatform-RDS6 (DB-05)', () => {
  test('DB-05: IAM database authentication off is flagged', () => {
    const stack = newStack();
    const db = database(stack, { iamAuthentication: false });
    expect(flagged(stack, 'RDS6')).toEqual([resourcePath(db)]);
  });

  test('DB-05: IAM database authentication on passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS6')).toEqual([]);
  });
});

describe('TenantPlatform-RDS7 (DB-05)', () => {
  test('DB-05: a master password written into the template is flagged', () => {
    const stack = newStack();
    const db = database(stack, { credentials: rds.Credentials.fromPassword('postgres', SecretValue.unsafePlainText('hunter2')) });
    expect(flagged(stack, 'RDS7')).toEqual([resourcePath(db)]);
  });

  test('DB-05: a generated Secrets Manager password passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS7')).toEqual([]);
  });
});

describe('TenantPlatform-RDS8 and RDS9 (DB-06)', () => {
  test('DB-06: Performance Insights and enhanced monitoring off are flagged', () => {
    const stack = newStack();
    const db = database(stack, { enablePerformanceInsights: false, monitoringInterval: undefined });
    expect(flagged(stack, 'RDS8')).toEqual([resourcePath(db)]);
    expect(flagged(stack, 'RDS9')).toEqual([resourcePath(db)]);
  });

  test('DB-06: Performance Insights and enhanced monitoring on pass', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS8')).toEqual([]);
    expect(flagged(stack, 'RDS9')).toEqual([]);
  });
});

describe('TenantPlatform-RDS10 (DB-06)', () => {
  test('DB-06: a PostgreSQL instance exporting only its upgrade log is flagged', () => {
    const stack = newStack();
    const db = database(stack, { cloudwatchLogsExports: ['upgrade'] });
    expect(flagged(stack, 'RDS10')).toEqual([resourcePath(db)]);
  });

  test('DB-06: exporting the postgresql log passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS10')).toEqual([]);
  });
});

describe('TenantPlatform-RDS11 (DB-06)', () => {
  test('DB-06: each metric without an alarm is its own finding', () => {
    const stack = newStack();
    const db = database(stack);
    db.metricCPUUtilization().createAlarm(stack, 'Cpu', { threshold: 85, evaluationPeriods: 2 });
    db.metricDatabaseConnections().createAlarm(stack, 'Connections', { threshold: 90, evaluationPeriods: 1 });
    expect(flagged(stack, 'RDS11')).toEqual(['FreeStorageSpace', 'ReadLatency', 'WriteLatency'].map(m => `${resourcePath(db)}[${m}]`));
  });

  test('DB-06: CPU, connections, free storage and latency alarms pass', () => {
    const stack = newStack();
    const db = database(stack);
    for (const metric of ['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'ReadLatency', 'WriteLatency']) {
      db.metric(metric).createAlarm(stack, metric, { threshold: 1, evaluationPeriods: 1 });
    }
    expect(flagged(stack, 'RDS11')).toEqual([]);
  });
});

describe('TenantPlatform-RDS12 (NET-01)', () => {
  test('NET-01: a publicly accessible instance in public subnets is flagged', () => {
    const stack = newStack();
    const db = database(stack, { publiclyAccessible: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(flagged(stack, 'RDS12')).toEqual([resourcePath(db)]);
  });

  test('NET-01: an instance in isolated subnets passes', () => {
    const stack = newStack();
    database(stack);
    expect(flagged(stack, 'RDS12')).toEqual([]);
  });
});

describe('TenantPlatform-RDS13 (NET-04)', () => {
  test('NET-04: a database reachable from a CIDR block is flagged', () => {
    const stack = newStack();
    const db = database(stack);
    db.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(5432));
    expect(flagged(stack, 'RDS13')).toEqual([resourcePath(db)]);
  });

  test('NET-04: a database reachable only from the service security group on its port passes', () => {
    const stack = newStack();
    const db = database(stack);
    db.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'Service', { vpc: db.vpc }));
    expect(flagged(stack, 'RDS13')).toEqual([]);
  });
});

describe('TenantPlatform-SM1 (DB-05)', () => {
  test('DB-05: database credentials that never rotate are flagged', () => {
    const stack = newStack();
    const db = database(stack);
    expect(flagged(stack, 'SM1')).toEqual([`${db.node.path}/Secret/Resource`]);
  });

  test('DB-05: rotation every 120 days is flagged, every 30 days passes', () => {
    const slow = newStack();
    const db = database(slow);
    db.secret!.addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), automaticallyAfter: Duration.days(120) });
    expect(flagged(slow, 'SM1')).toEqual([`${db.node.path}/Secret/Resource`]);
    const stack = newStack();
    database(stack).addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    expect(flagged(stack, 'SM1')).toEqual([]);
  });
});
