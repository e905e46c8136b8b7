import { Annotations, Aspects, attachCustomSynthesis, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { addBackupPolicies, S3_BACKUP_POLICIES } from './backup-service-role';
import { DrBackupPlans } from './dr-backup-plans';
import {
  bucketDataClass, checkDatabaseProtection, checkFailover, checkPlanProps, createdBucket, createdTable, planHost, planSettings,
  vaultLockProblems,
} from './dr-plan-checks';
import { DrPlanProps, ProtectedResourceRecovery } from './dr-plan-props';
import { createPlanResources } from './dr-plan-resources';
import { ObjectivesReport, reportFiles, writeObjectivesReport } from './objectives-report';
import { ProtectedRegister } from './protected-register';
import { bucketEntry, databaseEntry, pointInTimeRecovery, tableEntry } from './protected-resources';
import { IRecoveryHost } from './recovery-host';
import { BucketDataClass, BucketProtectionOptions, DatabaseProtectionOptions, RecoveryObjectives } from './recovery-objectives';
import { RegionFailover } from './region-failover';
import { RegionFailoverOptions } from './region-failover-options';
import { RestoreTestResourceType, RestoreTesting } from './restore-testing';
import { replaceTableBaselineBackup } from './table-baseline-backup';
import { acceptGeneratedInlinePolicies } from '../../core/accepted-findings';
import { PlatformEnvironment } from '../../core/environment';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { TopologyNodeKind } from '../../runbooks/deployment-topology';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { DeploymentTopology } from '../../runbooks/runbook';
import { MonitoredDatabase } from '../monitored-database';
import { DrRunbookFacts } from '../runbooks/dr-facts';
import { addDrRunbookSections } from '../runbooks/dr-sections';
import type { TenantPlatform } from '../tenant-platform';

/**
 * Disaster recovery of an application's data, with the recovery objectives as input (DR-01..06): for
 * every protected resource and disruption type it computes the achievable RPO and RTO, and an objective
 * that cannot be met fails `cdk synth`. Usage and what it builds: README, "Disaster recovery".
 */
export class DrPlan extends Construct {
  /** The application whose profile, alarm topics, key and runbook the plan uses. */
  public readonly host: IRecoveryHost;
  /** UTC hour of the daily database and table backup rule (batch job B001, 02:00 JST by default). */
  public readonly dailyBackupHourUtc: number;
  /** The vault of this region. */
  public readonly vault: backup.IBackupVault;
  public readonly vaultName: string;
  /** Key of the vault. */
  public readonly encryptionKey: kms.IKey;
  /** Region backups are copied to, if any. */
  public readonly copyToRegion?: string;
  /** The stack in `copyToRegion` that holds the copy vault. */
  public readonly copyRegionStack?: Stack;
  /** Name of the vault in `copyToRegion`. */
  public readonly copyVaultName?: string;
  /** Name of the monthly restore testing plan (DR-04). */
  public readonly restoreTestingPlanName: string;
  public readonly databaseBackupRetention: Duration;
  public readonly applicationDataBackupRetention: Duration;
  public readonly configurationVersionRetention: Duration;

  private readonly tenantPlatform?: TenantPlatform;
  private readonly vaultLock?: backup.LockConfiguration;
  private readonly plans: DrBackupPlans;
  private readonly restoreTesting: RestoreTesting;
  private readonly role: iam.Role;
  private readonly recoveryRegionDeployTime: Duration;
  private readonly protectedResources: ProtectedRegister;
  private readonly backupRoleName: string;
  private readonly anchorPrefix: string;
  private s3PoliciesAdded = false;
  private runbookSectionsAdded = false;

  public constructor(scope: Construct, id: string, props: DrPlanProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const problems = new PropProblems(this.node.path);
    const checkedHost = planHost(problems, props);
    checkPlanProps(this, problems, props, checkedHost);
    problems.throwIfAny();
    const host = checkedHost!;
    const settings = planSettings(props, host);
    this.host = host;
    this.tenantPlatform = props.platform;
    this.databaseBackupRetention = settings.databaseBackupRetention;
    this.applicationDataBackupRetention = settings.applicationDataBackupRetention;
    this.configurationVersionRetention = settings.configurationVersionRetention;
    this.dailyBackupHourUtc = settings.dailyBackupHourUtc;
    this.recoveryRegionDeployTime = settings.recoveryRegionDeployTime;
    this.vaultLock = props.vaultLock;
    this.copyToRegion = props.copyToRegion;
    this.protectedResources = new ProtectedRegister(automaticDnsFailover => ({
      copyRegion: this.copyToRegion,
      deployTime: this.recoveryRegionDeployTime,
      automaticDnsFailover,
    }));

    const resources = createPlanResources(this, host, settings, {
      copyToRegion: props.copyToRegion, vaultLock: props.vaultLock, vpc: props.platform?.vpc,
    });
    this.vaultName = resources.vaultName;
    this.vault = resources.vault;
    this.encryptionKey = resources.encryptionKey;
    this.copyVaultName = resources.copyVaultName;
    this.copyRegionStack = resources.copyRegionStack;
    this.backupRoleName = resources.backupRoleName;
    this.role = resources.role;
    this.plans = resources.plans;
    this.restoreTestingPlanName = resources.restoreTestingPlanName;
    this.restoreTesting = resources.restoreTesting;
    this.anchorPrefix = resources.anchorPrefix;

    this.node.addValidation({ validate: () => this.validatePlan() });
    // The runbook sections describe every protected resource and failover together (the objectives
    // table, the region procedure and the drills cover them all), and protect*/addRegionFailover are
    // called after construction. So they are added by an aspect: CDK invokes aspects once the app's
    // code has run and before it validates the tree (where the runbook catalog checks that the
    // failed-job alerts' links have their sections) and writes the runbooks. They still reach the
    // runbook through Runbook.addSection, like every other contribution.
    Aspects.of(this).add({ visit: node => { if (node === this) this.addRunbookSections(); } });
    attachCustomSynthesis(this, { onSynthesize: session => writeObjectivesReport(session.outdir, this.report()) });
  }

  /**
   * The tenant platform the plan was given.
   * @deprecated use `host`; a plan for a serverless application has no platform, and this throws for it
   */
  public get platform(): TenantPlatform {
    if (!this.tenantPlatform) throw new Error(`${this.node.path} protects ${this.host.node.path}, which is not a TenantPlatform; use host`);
    return this.tenantPlatform;
  }

  /**
   * Protects the platform database (DR-01, DR-02): continuous backup and daily snapshots kept
   * `databaseBackupRetention`, copied to `copyToRegion`, and a monthly restore test. `options`
   * declare its objectives; synth fails when what is deployed cannot meet them.
   */
  public protectDatabase(database: MonitoredDatabase, options: DatabaseProtectionOptions): void {
    this.checkNotSynthesized();
    const problems = new PropProblems(`${this.node.path}: protectDatabase(${database.node.path})`);
    const replica = checkDatabaseProtection(problems, database, options, this.tenantPlatform !== undefined);
    this.protectedResources.checkNew(problems, database.node.path, options);
    problems.throwIfAny();
    this.protectedResources.add(databaseEntry(database, options, replica, ResourceLookup.physicalId(this.tenantPlatform!.cluster)));
    database._replaceBaselineBackup();
    this.plans.addDatabase(database.node.path, backup.BackupResource.fromRdsDatabaseInstance(database.instance));
    this.restoreTesting.add(RestoreTestResourceType.RDS, database.instance.instanceArn);
    DeploymentTopology.of(this).connect(database.instance, this.vault, { label: { ja: 'バックアップ (継続・日次)', en: 'backup (continuous, daily)' } });
  }

  /**
   * Protects a bucket created in this app (DR-01, DR-02). Application data gets hourly backups kept
   * `applicationDataBackupRetention`, copied to `copyToRegion`, and a monthly restore test;
   * configuration keeps every change as an object version for `configurationVersionRetention`. The
   * bucket must be versioned (AWS Backup for S3 requires it) and retained by stack changes (DR-06).
   */
  public protectBucket(bucket: s3.IBucket, options: BucketProtectionOptions): void {
    this.checkNotSynthesized();
    const problems = new PropProblems(`${this.node.path}: protectBucket(${bucket.node.path})`);
    const cfn = createdBucket(problems, bucket);
    this.protectedResources.checkNew(problems, bucket.node.path, options);
    const dataClass = bucketDataClass(problems, options);
    problems.throwIfAny();
    this.protectedResources.add(bucketEntry(bucket, cfn!, options, dataClass, this.configurationVersionRetention));
    if (dataClass === BucketDataClass.CONFIGURATION) {
      (bucket as s3.Bucket).addLifecycleRule({ id: 'DrPlanConfigurationVersions', noncurrentVersionExpiration: this.configurationVersionRetention });
      return;
    }
    if (!this.s3PoliciesAdded) {
      addBackupPolicies(this.role, S3_BACKUP_POLICIES);
      this.s3PoliciesAdded = true;
    }
    this.plans.addApplicationData(bucket.node.path, backup.BackupResource.fromArn(bucket.bucketArn));
    this.restoreTesting.add(RestoreTestResourceType.S3, bucket.bucketArn);
  }

  /**
   * Protects a DynamoDB table created in this app (DR-01, DR-02, SRV-03): point-in-time recovery on
   * (turned on when the table leaves it unset; a table that turns it off is refused), a daily AWS
   * Backup kept `databaseBackupRetention` and copied to `copyToRegion`, and a monthly restore test.
   * A `ServerlessTable`'s own daily backup is replaced by the plan's. The table must be retained by
   * stack changes (DR-06).
   */
  public protectTable(table: dynamodb.ITable, options: RecoveryObjectives): void {
    this.checkNotSynthesized();
    const problems = new PropProblems(`${this.node.path}: protectTable(${table.node.path})`);
    const checked = createdTable(problems, table);
    this.protectedResources.checkNew(problems, table.node.path, options);
    problems.throwIfAny();
    const cfn = checked!;
    if (pointInTimeRecovery(cfn) === undefined) cfn.pointInTimeRecoverySpecification = { pointInTimeRecoveryEnabled: true };
    this.protectedResources.add(tableEntry(table, cfn, options));
    replaceTableBaselineBackup(table);
    this.plans.addTable(table.node.path, backup.BackupResource.fromDynamoDbTable(table));
    this.restoreTesting.add(RestoreTestResourceType.DYNAMODB, table.tableArn);
    const topology = DeploymentTopology.of(this);
    if (!topology.nodes.some(node => node.construct === table)) {
      topology.addNode(table, { kind: TopologyNodeKind.DATABASE, label: { ja: `DynamoDB テーブル ${table.node.path}`, en: `DynamoDB table ${table.node.path}` } });
    }
    topology.connect(table, this.vault, { label: { ja: 'バックアップ (日次)', en: 'backup (daily)' } });
  }

  /**
   * Adds Route 53 failover records for `options.recordName` (DR-03): this region while its health
   * check passes, the recovery region (`copyToRegion`) otherwise. With a failover in place, the
   * region-disruption RTO counts an automatic DNS switch instead of a manual one.
   */
  public addRegionFailover(id: string, options: RegionFailoverOptions): void {
    this.checkNotSynthesized();
    const problems = new PropProblems(`${this.node.path}: addRegionFailover(${id})`);
    const loadBalancer = this.tenantPlatform?.loadBalancers[0];
    checkFailover(problems, options, this.copyToRegion, loadBalancer !== undefined);
    problems.throwIfAny();
    const primary = options.primary
      ?? route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(loadBalancer!, { evaluateTargetHealth: true }));
    const construct = new RegionFailover(this, id, { options, primary, primaryRegion: Stack.of(this).region, secondaryRegion: this.copyToRegion! });
    this.protectedResources.addFailover(construct, options);
  }

  /** The achievable RPO and RTO of every protected resource for every disruption type, next to its objectives. */
  public get recoveries(): ProtectedResourceRecovery[] {
    return this.protectedResources.recoveries();
  }

  /** Where the objectives table is written, relative to the cloud assembly. */
  public get objectivesReportFile(): string {
    return reportFiles(this.node.path).markdownEn;
  }

  /**
   * The recovery sections of the stack's runbook (DR-04, DR-05, OPS-02), added once per app
   * (synthesizing again must not add them twice).
   */
  private addRunbookSections(): void {
    if (this.runbookSectionsAdded) return;
    this.runbookSectionsAdded = true;
    addDrRunbookSections(this, this.host, this.runbookFacts());
  }

  private runbookFacts(): DrRunbookFacts {
    const stack = Stack.of(this);
    return this.protectedResources.runbookFacts({
      anchorPrefix: this.anchorPrefix,
      stackName: stack.stackName,
      region: stack.region,
      copyRegion: this.copyToRegion,
      vaultName: this.vaultName,
      copyVaultName: this.copyVaultName,
      backupRoleName: this.backupRoleName,
      restoreTestingPlanName: this.restoreTestingPlanName,
      cluster: this.tenantPlatform ? ResourceLookup.physicalId(this.tenantPlatform.cluster) : undefined,
      criticalTopic: ResourceLookup.physicalId(this.host.alarmTopic(AlarmSeverity.CRITICAL)),
      production: this.host.environment === PlatformEnvironment.PRODUCTION,
    });
  }

  private report(): ObjectivesReport {
    const stack = Stack.of(this);
    return {
      drPlan: this.node.path,
      stackName: stack.stackName,
      region: stack.region,
      copyToRegion: this.copyToRegion,
      vaultName: this.vaultName,
      copyVaultName: this.copyVaultName,
      backupPlans: this.plans.rules,
      restoreTestingPlanName: this.restoreTestingPlanName,
      resources: this.protectedResources.assessments(),
    };
  }

  private validatePlan(): string[] {
    if (this.protectedResources.empty) {
      Annotations.of(this).addWarningV2('cdk-tenant-platform:dr-nothing-protected', 'DrPlan protects nothing: call protectDatabase, protectBucket or protectTable.');
    }
    return [...this.protectedResources.problems(), ...vaultLockProblems(this.vaultLock, this.plans.rules)];
  }

  /** Throws once the runbook sections are written: a resource protected after that would be missing from them. */
  private checkNotSynthesized(): void {
    if (this.runbookSectionsAdded) {
      throw new Error(`${this.node.path}: the app has been synthesized already, and with it this DrPlan's runbook sections; ` +
        'protect every resource and add every failover before synthesizing');
    }
  }
}
