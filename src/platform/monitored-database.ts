import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { DATABASE_SIGNALS, databaseMetric, DatabaseSignal } from './database-metrics';
import { DATABASE_NAME, DATABASE_PORT, IMonitoredDatabase, ImportedMonitoredDatabase, MonitoredDatabaseAttributes } from './imported-monitored-database';
import { acceptControl, AcceptedControl, acceptGeneratedInlinePolicies, acceptLogRetention } from '../core/accepted-findings';
import { DatabaseDatadogMonitors } from './alerting/database-monitors';
import { DATADOG_TWINS } from './alerting/paging';
import { DatabaseBaselineBackup } from './dr/database-baseline-backup';
import { defaultPostgresMaxConnections } from './instance-memory';
import { denyGrantsNotForAwsResources } from './key-policy';
import { MonitoredDatabaseProps } from './monitored-database-props';
import type { ITenantPlatform } from './platform-context';
import { allowCloudWatchLogs } from './platform-key';
import { checkDatabaseId, databaseParameterPrefix } from './platform-parameters';
import { SharedValues } from './shared-values';
import { grantConnectAsRole } from './tenant-database/database-connection';
import { TenantDatabaseProvider } from './tenant-database/tenant-database-provider';
import { TenantPlatform } from './tenant-platform';
import { AlarmSeverity } from '../core/severity';
import { PropValidation } from '../core/validation';
import { AlarmFactory, AlarmPairSpec } from '../monitoring/alarm-factory';
import { DATABASE_ALARM_DEFAULTS, DatabaseAlarmThresholds, resolveThresholds } from '../monitoring/alarm-thresholds';
import { addDatabaseOperations } from './operations/operations';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { DeploymentTopology } from '../runbooks/runbook';
import { RunbookCommand } from '../runbooks/runbook-command';
import { anchorWords, RunbookLink } from '../runbooks/runbook-section';
import { sh } from '../runbooks/shell-words';
import { DatabaseRunbookSections } from './runbooks/database-sections';


export * from './monitored-database-props';
export type { IMonitoredDatabase, MonitoredDatabaseAttributes } from './imported-monitored-database';


/** The PostgreSQL logs RDS exports to CloudWatch Logs: every type the engine has (DB-06). */
const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

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
    const check: PropValidation = new PropValidation(this.node.path);
    const platform = props.platform;
    const profile = platform.profile;
    this.platform = platform;
    this._platform = platform;
    const env = profile.environment;

    this.multiAz = props.multiAz ?? profile.multiAz;
    this.backupRetention = props.backupRetention ?? profile.backupRetention;
    check.durationAtLeast('backupRetention', this.backupRetention, profile.minBackupRetention, `of ${env} (DB-04)`);
    check.durationAtMost('backupRetention', this.backupRetention, Duration.days(35), 'RDS allows');
    const rotation = props.secretRotation ?? profile.secretRotation;
    check.durationAtLeast('secretRotation', rotation, Duration.days(1), 'Secrets Manager allows');
    check.durationAtMost('secretRotation', rotation, profile.maxSecretRotation, `of ${env} (DB-05)`);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    if (removalPolicy === RemovalPolicy.DESTROY) {
      check.fail('removalPolicy', 'DESTROY', 'would delete the database with the stack; use SNAPSHOT or RETAIN (DB-03, DR-06)');
    }
    const allocated = props.allocatedStorageGiB ?? 100;
    const maxAllocated = props.maxAllocatedStorageGiB ?? 500;
    check.integerBetween('allocatedStorageGiB', allocated, 20, 65536);
    check.integerBetween('maxAllocatedStorageGiB', maxAllocated, allocated + 1, 65536);
    const backupWindow = props.preferredBackupWindow ?? '16:00-16:30';
    const maintenanceWindow = props.preferredMaintenanceWindow ?? 'sat:17:00-sat:19:00';
    validateWindows(check, backupWindow, maintenanceWindow);
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G,
      env === 'development' ? ec2.InstanceSize.MICRO : ec2.InstanceSize.MEDIUM);
    const maxConnections = props.maxConnections ?? defaultPostgresMaxConnections(instanceType);
    if (maxConnections === undefined) {
      check.fail('maxConnections', undefined, `must be set for instance type ${instanceType} (its memory is not in the built-in table)`);
    }
    check.integerBetween('maxConnections', maxConnections, 10, 262_143);
    this.maxConnections = maxConnections;
    const thresholds = resolveThresholds(check, 'alarmThresholds', DATABASE_ALARM_DEFAULTS, props.alarmThresholds, [
      ['cpuWarningPercent', 'cpuCriticalPercent', 'above'],
      ['connectionsWarningPercent', 'connectionsCriticalPercent', 'above'],
      ['freeStorageWarningPercent', 'freeStorageCriticalPercent', 'below'],
    ]);

    this.databaseName = props.databaseName ?? 'app';
    check.matches('databaseName', this.databaseName, DATABASE_NAME, 'a PostgreSQL identifier');
    this.port = DATABASE_PORT;
    this.instanceIdentifier = `${Stack.of(this).stackName}-${id}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').slice(0, 63).replace(/-$/, '');

    const key = new kms.Key(this, 'Key', {
      description: `${this.node.path}: storage, Performance Insights, credentials and logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.encryptionKey = key;
    allowCloudWatchLogs(key);
    denyGrantsNotForAwsResources(key);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: platform.vpc,
      description: `${this.node.path}: PostgreSQL, reachable only from tenant services (NET-04)`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    const parameters: Record<string, string> = {
      'rds.force_ssl': '1',
      'log_min_duration_statement': '1000',
      'log_connections': '1',
      'log_disconnections': '1',
    };
    if (props.maxConnections !== undefined) parameters.max_connections = String(props.maxConnections);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: props.engineVersion ?? rds.PostgresEngineVersion.VER_17 });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', { engine, parameters });

    // Pre-created so retention and encryption apply (LOG-01/02) instead of RDS's never-expiring default.
    const logGroups = DATABASE_LOG_EXPORTS.map(logType => {
      const logGroup = new logs.LogGroup(this, `${logType[0].toUpperCase()}${logType.slice(1)}Logs`, {
        logGroupName: `/aws/rds/instance/${this.instanceIdentifier}/${logType}`,
        retention: platform.logRetention,
        encryptionKey: key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acceptLogRetention(logGroup, platform.logRetention);
      return logGroup;
    });

    // Retained with the instance's final snapshot: restoring the snapshot needs these credentials.
    const masterSecret = new rds.DatabaseSecret(this, 'Secret', { username: 'postgres', encryptionKey: key });
    masterSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.instance = new rds.DatabaseInstance(this, 'Resource', {
      engine,
      instanceType,
      instanceIdentifier: this.instanceIdentifier,
      vpc: platform.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      port: this.port,
      databaseName: this.databaseName,
      credentials: rds.Credentials.fromSecret(masterSecret),
      multiAz: this.multiAz,
      parameterGroup,
      storageType: rds.StorageType.GP3,
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageEncrypted: true,
      storageEncryptionKey: key,
      iamAuthentication: true,
      enablePerformanceInsights: profile.performanceInsights,
      performanceInsightEncryptionKey: profile.performanceInsights ? key : undefined,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      backupRetention: this.backupRetention,
      preferredBackupWindow: backupWindow,
      preferredMaintenanceWindow: maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      autoMinorVersionUpgrade: true,
      deletionProtection: props.deletionProtection ?? profile.deletionProtection,
      removalPolicy,
      publiclyAccessible: false,
    });
    logGroups.forEach(logGroup => this.instance.node.addDependency(logGroup));
    this.secret = this.instance.secret!;
    this.instance.addRotationSingleUser({
      automaticallyAfter: rotation,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    for (const rotationIngress of this.securityGroup.node.children.filter(c => c.node.id.includes('RotationSingleUser'))) {
      acceptControl(rotationIngress, AcceptedControl.UNRESOLVABLE_PORT,
        'The rotation function reaches the database on its own port (5432), which aws-cdk-lib writes as the instance\'s Endpoint.Port ' +
        'attribute; the rules cannot resolve that token at synth and report an error instead of a finding. The rule opens one port to one security group (NET-04).');
    }
    this.baselineBackup = new DatabaseBaselineBackup(this, 'Backup', { instance: this.instance, retention: this.backupRetention, dailyBackupHourUtc: 17 });
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'Enhanced monitoring (DB-06) needs the AWS managed AmazonRDSEnhancedMonitoringRole policy, which AWS maintains for exactly this role.',
    });

    const defaultPortReason = 'PostgreSQL keeps its standard port 5432: the instance is in isolated subnets and reachable only from tenant security groups (NET-04), so a non-default port would add no protection.';
    Validations.of(this.instance).acknowledge({ id: 'AwsSolutions-RDS11', reason: defaultPortReason });
    acceptControl(this.instance, AcceptedControl.DATABASE_DEFAULT_PORT, defaultPortReason);

    const factory = new AlarmFactory(this, platform._alarmRouting, undefined, platform._pagingOf(DATADOG_TWINS.database));
    this.alarms = this.createAlarms(factory, thresholds, allocated);
    this.addRunbook();
    DatabaseDatadogMonitors.addTo(this, { thresholds, allocatedStorageGiB: allocated });

    // DB-05: the only reader of the master secret besides rotation; tenants get roles of their own.
    this._tenantSecretTag = `${Stack.of(this).stackName}-${id}`;
    const tenantIdentities = new TenantDatabaseProvider(this, 'TenantIdentities', {
      vpc: platform.vpc,
      port: this.port,
      databaseSecurityGroup: this.securityGroup,
      masterSecret: this.secret,
      logEncryptionKey: key,
      tenantSecretKey: platform._keyIn(this),
      tenantSecretTag: this._tenantSecretTag,
      logRetention: platform.logRetention,
    });

    checkDatabaseId(check, 'id', id);
    this.shared = new SharedValues(this, {
      parameterPrefix: databaseParameterPrefix(platform.platformName, id),
      legacyExports: platform.publishLegacyExports,
    });
    this.shared.export('SecurityGroupId', this.securityGroup.securityGroupId, 'Security group of the database');
    this.shared.export('SecretArn', this.secret.secretArn, 'Secret with the database credentials');
    this.shared.export('KeyArn', key.keyArn, 'KMS key of the database and its secret');
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

  /** The runbook sections (DB-01, DB-02, DB-05) and topology of the database (OPS-01). */
  private addRunbook(): void {
    DatabaseRunbookSections.addTo(this, {
      instance: this.instance,
      multiAz: this.multiAz,
      secret: this.secret,
      anchorPrefix: this.runbookAnchorPrefix,
      platformStack: Stack.of(this.platform),
      maintenanceWindow: this.platform.maintenanceWindow,
    });
    DeploymentTopology.of(this).addNode(this.instance, {
      kind: TopologyNodeKind.DATABASE,
      label: {
        ja: `PostgreSQL ${this.instanceIdentifier} (${this.multiAz ? 'Multi-AZ' : 'Single-AZ'})`,
        en: `PostgreSQL ${this.instanceIdentifier} (${this.multiAz ? 'Multi-AZ' : 'single-AZ'})`,
      },
    });
  }

  /** Links from the database's alarm sections to its procedures. */
  private runbookLinks(): RunbookLink[] {
    return [
      { text: { ja: 'データベース接続エラーの切り分け', en: 'Database connection errors' }, anchor: `${this.runbookAnchorPrefix}-connection` },
      { text: { ja: 'データベースのフェイルオーバー確認', en: 'Database failover check' }, anchor: `${this.runbookAnchorPrefix}-failover` },
    ];
  }

  /** Prefix of the database's section anchors: its construct id in kebab case (`database`). */
  private get runbookAnchorPrefix(): string {
    return anchorWords(this.node.id);
  }

  private createAlarms(factory: AlarmFactory, t: Required<DatabaseAlarmThresholds>, allocatedGiB: number): cloudwatch.IAlarm[] {
    const m = (signal: DatabaseSignal) => this.metricOf(signal);
    const percent = (v: number) => `${v} %`;
    const ms = (v: number) => `${v} ms`;
    const pair = (spec: Omit<AlarmPairSpec, 'requirement' | 'evaluationPeriods' | 'related'>) =>
      factory.alarmPair({ ...spec, requirement: 'DB-06', evaluationPeriods: 3, related });
    const related = this.runbookLinks();
    return [
      ...pair({
        id: 'Cpu',
        title: { ja: 'データベース CPU 使用率', en: 'Database CPU' },
        metric: m(DATABASE_SIGNALS.cpu),
        unit: percent,
        warning: t.cpuWarningPercent,
        critical: t.cpuCriticalPercent,
        summary: x => ({ ja: `データベースの CPU 使用率が3分間 ${x} を超えています。`, en: `Database CPU above ${x} for 3 minutes.` }),
        firstSteps: [{
          text: {
            ja: 'Performance Insights で負荷の高い SQL と待機イベントを確認し、担当テナントの開発者に連絡します。',
            en: 'Find the heaviest SQL and wait events in Performance Insights and tell the developers of the tenant issuing them.',
          },
        }],
      }),
      ...pair({
        id: 'Connections',
        title: { ja: 'データベース接続数', en: 'Database connections' },
        metric: m(DATABASE_SIGNALS.connections),
        unit: v => `${v} % (max_connections ${this.maxConnections})`,
        scale: this.maxConnections / 100,
        warning: t.connectionsWarningPercent,
        critical: t.connectionsCriticalPercent,
        summary: x => ({ ja: `接続数が3分間 ${x} を超えています。`, en: `Connections above ${x} for 3 minutes.` }),
      }),
      ...pair({
        id: 'FreeStorage',
        title: { ja: 'データベース空きストレージ', en: 'Database free storage' },
        metric: m(DATABASE_SIGNALS.freeStorage),
        below: true,
        unit: v => `${v} % (${allocatedGiB} GiB)`,
        scale: allocatedGiB * 1024 ** 3 / 100,
        warning: t.freeStorageWarningPercent,
        critical: t.freeStorageCriticalPercent,
        summary: x => ({
          ja: `空きストレージが ${x} を下回りました。ストレージ自動拡張が上限まで拡張します。拡張を計画してください (DB-07)。`,
          en: `Free storage below ${x}: storage autoscaling grows it up to its ceiling; plan an expansion (DB-07).`,
        }),
        firstSteps: [{
          text: { ja: '割り当て済みストレージと自動拡張の上限を確認します。', en: 'Compare the allocated storage with the autoscaling ceiling.' },
          commands: [RunbookCommand.of(sh`aws rds describe-db-instances --db-instance-identifier ${this.instanceIdentifier} --query "DBInstances[0].[AllocatedStorage,MaxAllocatedStorage]" --output text`)],
          expected: {
            ja: 'AllocatedStorage が MaxAllocatedStorage の70%に達していれば、上限 (maxAllocatedStorageGiB) の引き上げを変更管理で計画します。',
            en: 'When AllocatedStorage reaches 70 % of MaxAllocatedStorage, plan a higher ceiling (maxAllocatedStorageGiB) through change management.',
          },
        }],
      }),
      ...(['Read', 'Write'] as const).map(kind => factory.alarm({
        id: `${kind}LatencyWarning`,
        title: { ja: `データベース${kind === 'Read' ? '読み取り' : '書き込み'}レイテンシ 警告`, en: `Database ${kind.toLowerCase()} latency high` },
        severity: AlarmSeverity.WARNING,
        requirement: 'DB-06',
        summary: {
          ja: `${kind === 'Read' ? '読み取り' : '書き込み'}レイテンシが3分間 ${ms(kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs)} を超えています。`,
          en: `${kind} latency above ${ms(kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs)} for 3 minutes.`,
        },
        related,
        metric: m(kind === 'Read' ? DATABASE_SIGNALS.readLatency : DATABASE_SIGNALS.writeLatency),
        threshold: (kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs) / 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      })),
    ];
  }
}

const BACKUP_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** DB-08: both windows well-formed, at least 30 minutes long, and not overlapping (RDS rejects that at deploy). */
function validateWindows(check: PropValidation, backup: string, maintenance: string): void {
  check.matches('preferredBackupWindow', backup, BACKUP_WINDOW, 'UTC hh:mm-hh:mm');
  check.matches('preferredMaintenanceWindow', maintenance, MAINTENANCE_WINDOW, 'UTC ddd:hh:mm-ddd:hh:mm');
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [bs, be] = backup.split('-').map(minutes);
  const backupLength = (be - bs + 1440) % 1440;
  if (backupLength < 30) check.fail('preferredBackupWindow', backup, 'must be at least 30 minutes long');
  const [ms, me] = maintenance.split('-').map(p => DAYS.indexOf(p.slice(0, 3)) * 1440 + minutes(p.slice(4)));
  const week = 7 * 1440;
  const maintenanceLength = (me - ms + week) % week;
  if (maintenanceLength < 30) check.fail('preferredMaintenanceWindow', maintenance, 'must be at least 30 minutes long');
  // The backup window recurs daily: check each day's occurrence against the weekly maintenance window.
  for (let day = 0; day < 7; day++) {
    const start = day * 1440 + bs;
    const overlaps = (a: number, aLen: number, b: number, bLen: number) =>
      [0, week, -week].some(shift => a + shift < b + bLen && b < a + shift + aLen);
    if (overlaps(start, backupLength, ms, maintenanceLength)) {
      check.fail('preferredBackupWindow', backup, `overlaps preferredMaintenanceWindow "${maintenance}"; RDS requires them apart (DB-08)`);
    }
  }
}
