import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { createDatabaseAlarms } from './database-alarms';
import { buildDatabaseInstance } from './database-instance';
import { DATABASE_SIGNALS, databaseMetric, DatabaseSignal } from './database-metrics';
import { addDatabaseRunbook, databaseRunbookLinks } from './database-runbook';
import { databaseSettings } from './database-settings';
import { DATABASE_PORT, IMonitoredDatabase, ImportedMonitoredDatabase, MonitoredDatabaseAttributes } from './imported-monitored-database';
import { acceptGeneratedInlinePolicies } from '../core/accepted-findings';
import { DatabaseDatadogMonitors } from './alerting/database-monitors';
import { DatabaseBaselineBackup } from './dr/database-baseline-backup';
import { MonitoredDatabaseProps } from './monitored-database-props';
import { addDatabaseOperations } from './operations/operations';
import type { ITenantPlatform } from './platform-context';
import { databaseParameterPrefix } from './platform-parameters';
import { SharedValues } from './shared-values';
import { grantConnectAsRole } from './tenant-database/database-connection';
import { TenantDatabaseProvider } from './tenant-database/tenant-database-provider';
import { TenantPlatform } from './tenant-platform';

export * from './monitored-database-props';
export type { IMonitoredDatabase, MonitoredDatabaseAttributes } from './imported-monitored-database';


/**
 * The platform's PostgreSQL database, secure and observable by default (DB-01..08): Multi-AZ in
 * production, SSL forced, storage and Performance Insights encrypted with its own customer-managed
 * key, deletion protection and a final snapshot, 30-day backups with PITR, rotated credentials in
 * Secrets Manager, IAM authentication, enhanced monitoring, log exports, storage autoscaling with a
 * ceiling, maintenance and backup windows, and CPU / connection / storage / latency alarms routed by
 * severity. Tenant services reach it only from their own security groups.
 */
export class MonitoredDatabase extends Construct implements ec2.IConnectable, IMonitoredDatabase {
  /**
   * The `MonitoredDatabase` `databaseId` of a platform of another app (`TenantPlatform.fromPlatformName`),
   * for a tenant's `database`: its endpoint, security group and tenant identity provider are read at
   * deploy time from the database's SSM parameters.
   */
  public static fromDatabaseName(scope: Construct, id: string, attrs: MonitoredDatabaseAttributes): IMonitoredDatabase {
    return new ImportedMonitoredDatabase(scope, id, attrs);
  }

  public readonly instance: rds.DatabaseInstance;
  /** Master credentials (JSON: host, port, dbname, username, password). */
  public readonly secret: secretsmanager.ISecret;
  public readonly securityGroup: ec2.SecurityGroup;
  /**
   * The database's security group, default port 5432: `database.connections.allowDefaultPortFrom(peer)`
   * opens it to `peer` (NET-04). Tenant services are connected by `SecureTenantService` itself.
   */
  public readonly connections: ec2.Connections;
  /** Key of the storage, Performance Insights, the secret and the log group. */
  public readonly encryptionKey: kms.IKey;
  public readonly port: number;
  public readonly databaseName: string;
  /** The database instance identifier (also the physical name in runbooks). */
  public readonly instanceIdentifier: string;
  /** Whether a standby runs in a second AZ. */
  public readonly multiAz: boolean;
  public readonly backupRetention: Duration;
  /** `max_connections` the connection alarms are based on. */
  public readonly maxConnections: number;
  public readonly alarms: cloudwatch.IAlarm[];
  /** The platform this database belongs to. */
  public readonly platform: ITenantPlatform;
  /** @internal The platform as built in this app. */
  public readonly _platform: TenantPlatform;
  private baselineBackup?: DatabaseBaselineBackup;

  /** @internal Tag value that marks the password secrets of this database's tenants for its provider. */
  public readonly _tenantSecretTag: string;
  private readonly shared: SharedValues;

  public constructor(scope: Construct, id: string, props: MonitoredDatabaseProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const platform = props.platform;
    this.platform = platform;
    this._platform = platform;
    // Every prop is checked first; one error names all bad ones before any resource is built.
    const settings = databaseSettings(this.node.path, id, props);
    this.multiAz = settings.multiAz;
    this.backupRetention = settings.backupRetention;
    this.maxConnections = settings.maxConnections;
    this.databaseName = settings.databaseName;
    this.port = DATABASE_PORT;
    this.instanceIdentifier = `${Stack.of(this).stackName}-${id}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 63).replace(/-$/, '');

    const built = buildDatabaseInstance(this, { platform, settings, instanceIdentifier: this.instanceIdentifier, port: this.port });
    this.encryptionKey = built.encryptionKey;
    this.securityGroup = built.securityGroup;
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });
    this.instance = built.instance;
    this.secret = this.instance.secret!;
    this.baselineBackup = new DatabaseBaselineBackup(this, 'Backup', { instance: this.instance, retention: this.backupRetention, dailyBackupHourUtc: 17 });

    const allocatedStorageGiB = settings.allocatedStorageGiB;
    this.alarms = createDatabaseAlarms(this, settings.alarmThresholds, allocatedStorageGiB, databaseRunbookLinks(this));
    addDatabaseRunbook(this);
    DatabaseDatadogMonitors.addTo(this, { thresholds: settings.alarmThresholds, allocatedStorageGiB });

    // DB-05: the only reader of the master secret besides rotation; tenants get roles of their own.
    this._tenantSecretTag = `${Stack.of(this).stackName}-${id}`;
    const tenantIdentities = new TenantDatabaseProvider(this, 'TenantIdentities', {
      vpc: platform.vpc,
      port: this.port,
      databaseSecurityGroup: this.securityGroup,
      masterSecret: this.secret,
      logEncryptionKey: this.encryptionKey,
      tenantSecretKey: platform._keyIn(this),
      tenantSecretTag: this._tenantSecretTag,
      logRetention: platform.logRetention,
    });

    this.shared = new SharedValues(this, {
      parameterPrefix: databaseParameterPrefix(platform.platformName, id),
      legacyExports: platform.publishLegacyExports,
    });
    this.shared.export('SecurityGroupId', this.securityGroup.securityGroupId, 'Security group of the database');
    this.shared.export('SecretArn', this.secret.secretArn, 'Secret with the database credentials');
    this.shared.export('KeyArn', this.encryptionKey.keyArn, 'KMS key of the database and its secret');
    this.shared.export('ResourceId', this.instance.instanceResourceId!, 'DbiResourceId, for rds-db:connect (IAM authentication)');
    this.shared.export('Endpoint', this.instance.dbInstanceEndpointAddress, 'Host name of the database (DB_HOST of tenant tasks)');
    this.shared.export('TenantIdentityServiceToken', tenantIdentities.serviceToken, 'Service token of the tenant database identity provider (DB-05)');
    addDatabaseOperations(this);
  }

  /**
   * @internal Drops the baseline backup: a `DrPlan` protects the database from now on with the same
   * database plan, copies and restore tests, and AWS Backup allows one continuous backup per resource.
   */
  public _replaceBaselineBackup(): void {
    if (this.baselineBackup) this.node.tryRemoveChild(this.baselineBackup.node.id);
    this.baselineBackup = undefined;
  }

  /**
   * The instance's CPU utilization in percent (`AWS/RDS` `CPUUtilization`): by default the average
   * over one minute, as the DB-06 CPU alarms read it.
   */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOf(DATABASE_SIGNALS.cpu, props);
  }

  /**
   * Open connections (`DatabaseConnections`): by default the maximum over one minute, as the DB-06
   * connection alarms read it (compare with `maxConnections`).
   */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOf(DATABASE_SIGNALS.connections, props);
  }

  /** Free storage in bytes (`FreeStorageSpace`): by default the minimum over one minute, as the DB-06 storage alarms read it. */
  public metricFreeStorageSpace(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOf(DATABASE_SIGNALS.freeStorage, props);
  }

  /** Freeable memory in bytes (`FreeableMemory`): by default the minimum over one minute. */
  public metricFreeableMemory(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOf(DATABASE_SIGNALS.freeableMemory, props);
  }

  /**
   * Lets `grantee` sign in with IAM database authentication as the PostgreSQL role `dbUser` and no
   * other (DB-05): `rds-db:connect` on `dbuser:*\/<dbUser>` of this account and region. The instance
   * part is `*` because a restore (DR-05) replaces the instance's `DbiResourceId`; the role name
   * confines the grant. The role must exist and be granted `rds_iam`; a tenant's own role is created
   * by `SecureTenantService`. Works from any stack of the app.
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return grantConnectAsRole(this, grantee, dbUser);
  }

  /** `signal` of this instance, by its literal identifier (usable from any stack without a cross-stack reference). */
  private metricOf(signal: DatabaseSignal, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return databaseMetric(this.instanceIdentifier, signal, props);
  }

  /** @internal */
  public get _instance(): rds.DatabaseInstance {
    return this.instance;
  }

  /** @internal The shared value `key` as `scope` must refer to it. */
  public _value(scope: Construct, key: string): string {
    return this.shared.valueIn(scope, key);
  }

  /** @internal The name of the SSM parameter the shared value `key` is published as. */
  public _parameterName(key: string): string {
    return this.shared.parameterName(key);
  }

  /** @internal The SSM parameter of the shared value `key` as `scope` refers to it (read when a task starts). */
  public _parameterIn(scope: Construct, key: string): ssm.IStringParameter {
    return this.shared.parameterIn(scope, key);
  }
}
