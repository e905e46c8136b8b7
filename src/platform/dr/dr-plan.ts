import { Annotations, ArnFormat, Aspects, attachCustomSynthesis, CfnResource, Duration, Stack, Stage, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { assessBucket, assessDatabase, RegionRecoveryFacts, ResourceAssessment } from './achievable-recovery';
import { BackupJobAlerts } from './backup-job-alerts';
import { addBackupPolicies, backupServiceRole, S3_BACKUP_POLICIES } from './backup-service-role';
import { DrBackupPlans } from './dr-backup-plans';
import { DrVault } from './dr-vault';
import { ObjectivesReport, reportFiles, writeObjectivesReport } from './objectives-report';
import { physicalName } from './physical-name';
import { estimatedDatabaseRestore, RECOVERY_FIGURES } from './recovery-estimates';
import {
  BucketDataClass, BucketProtectionOptions, DatabaseProtectionOptions, DisruptionRecovery, RecoveryObjectives,
} from './recovery-objectives';
import { RegionFailover } from './region-failover';
import { RegionFailoverOptions } from './region-failover-options';
import { RestoreTestResourceType, RestoreTesting } from './restore-testing';
import { destroyedByStackChange } from './stateful-resources';
import { acceptGeneratedInlinePolicies } from '../../core/accepted-findings';
import { PlatformEnvironment } from '../../core/environment';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { PropValidation } from '../../core/validation';
import { TopologyNodeKind } from '../../runbooks/deployment-topology';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { DeploymentTopology } from '../../runbooks/runbook';
import { anchorWords } from '../../runbooks/runbook-section';
import { MonitoredDatabase } from '../monitored-database';
import { tagForCostAllocation } from '../operations/cost-allocation';
import { drAnchors, DrBucket, DrDatabase, DrReplica, DrRunbookFacts } from '../runbooks/dr-facts';
import { addDrRunbookSections } from '../runbooks/dr-sections';
import { DATABASE_HOST_KEY } from '../tenant-database/database-connection';
import { TenantPlatform } from '../tenant-platform';

/** Props of `DrPlan`. */
export interface DrPlanProps {
  /** The platform whose profile, VPC and critical alarm topic the plan uses. */
  readonly platform: TenantPlatform;
  /**
   * The region every database snapshot and application-data backup is copied to (DR-03). The copy
   * vault is created in a stack of that region, `<stack>-<id>-<region>`, which the plan's stack
   * depends on so `cdk deploy` creates it first.
   * @default - no copies: a region-wide disruption is not recoverable (a warning in PRODUCTION)
   */
  readonly copyToRegion?: string;
  /**
   * Retention of the daily database snapshots and their copies; continuous backup keeps the same,
   * up to AWS Backup's 35-day limit (DR-02).
   * @default - 30 days in PRODUCTION, 7 in STAGING, 1 in DEVELOPMENT
   */
  readonly databaseBackupRetention?: Duration;
  /**
   * Retention of the hourly application-data backups and their copies (DR-02).
   * @default - 7 days in PRODUCTION and STAGING, 1 in DEVELOPMENT
   */
  readonly applicationDataBackupRetention?: Duration;
  /**
   * How long configuration buckets keep noncurrent object versions (DR-02).
   * @default - 90 days in PRODUCTION, 30 in STAGING, 7 in DEVELOPMENT
   */
  readonly configurationVersionRetention?: Duration;
  /**
   * AWS Backup Vault Lock on both vaults: recovery points cannot be deleted, even by an
   * administrator, before `minRetention`. `minRetention` must not exceed the shortest retention of
   * the plans writing to the vaults.
   * @default - no vault lock
   */
  readonly vaultLock?: backup.LockConfiguration;
  /**
   * UTC hour the daily database snapshot is due; continuous backup is due an hour later.
   * @default 17 (02:00 JST, seed 002 §4 B001)
   */
  readonly dailyBackupHourUtc?: number;
  /**
   * How long a monthly restore test keeps the restored resources for validation before AWS Backup
   * deletes them (DR-04). At most 168 hours.
   * @default Duration.hours(4)
   */
  readonly restoreTestValidationWindow?: Duration;
  /**
   * Time to stand up the platform and tenant stacks in `copyToRegion` during a region failure (L3);
   * measure it in the quarterly region drill.
   * @default Duration.hours(1)
   */
  readonly recoveryRegionDeployTime?: Duration;
}

/** The achievable recovery of one protected resource, per disruption type. */
export interface ProtectedResourceRecovery {
  /** Construct path of the resource. */
  readonly resource: string;
  /** What the resource is, e.g. `RDS instance shared-database`. */
  readonly description: string;
  /** One entry per disruption type. */
  readonly recoveries: DisruptionRecovery[];
}

/** One resource under the plan, with what its assessment needs. */
interface ProtectedEntry {
  readonly path: string;
  readonly label: string;
  readonly cfn: CfnResource;
  readonly kind: 'database' | 'bucket';
  readonly assess: (region: RegionRecoveryFacts) => ResourceAssessment;
  /** What the runbook sections say about the resource. */
  readonly runbook: () => DrDatabase | DrBucket;
  readonly dataClass?: BucketDataClass;
}

/**
 * Disaster recovery of the platform's data, with the recovery objectives as input (DR-01..06).
 *
 * ```ts
 * const dr = new DrPlan(shared, 'Dr', { platform, copyToRegion: 'ap-northeast-3' });
 * dr.protectDatabase(db, { rpo: Duration.minutes(5), rto: Duration.hours(1) });
 * dr.protectBucket(uploads, { rpo: Duration.hours(1), rto: Duration.minutes(30) });
 * ```
 *
 * The plan builds an AWS Backup vault encrypted with its own key (optionally locked), one backup
 * plan per data class with rules derived from the data class, a selection per protected resource,
 * copies to a vault in `copyToRegion`, a monthly restore test per resource type, and EventBridge
 * rules that page the critical topic when a backup, copy or restore-test job fails. For every
 * protected resource and every disruption type (availability zone, hardware, software, region) it
 * computes the RPO and RTO achievable with what is deployed; an objective that cannot be met fails
 * `cdk synth` with the disruption that breaks it and what would fix it. The table is written to
 * the cloud assembly as `dr/<path>.objectives.{json,md,ja.md}`. Nothing the plan creates or
 * protects can be destroyed by a stack change (DR-06).
 */
export class DrPlan extends Construct {
  public readonly platform: TenantPlatform;
  /** UTC hour of the daily database backup rule (the seed's B001, 02:00 JST by default). */
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

  private readonly vaultLock?: backup.LockConfiguration;
  private readonly plans: DrBackupPlans;
  private readonly restoreTesting: RestoreTesting;
  private readonly role: iam.Role;
  private readonly recoveryRegionDeployTime: Duration;
  private readonly entries: ProtectedEntry[] = [];
  private readonly failovers: Array<{ readonly construct: RegionFailover; readonly options: RegionFailoverOptions }> = [];
  private readonly backupRoleName: string;
  private readonly anchorPrefix: string;
  private s3PoliciesAdded = false;
  private runbookSectionsAdded = false;

  public constructor(scope: Construct, id: string, props: DrPlanProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    const check: PropValidation = new PropValidation(this.node.path);
    const platform = props.platform;
    const profile = platform.profile;
    const env = profile.environment;
    const stack = Stack.of(this);
    this.platform = platform;

    this.databaseBackupRetention = props.databaseBackupRetention ?? profile.backupRetention;
    this.applicationDataBackupRetention = props.applicationDataBackupRetention ?? profile.applicationDataBackupRetention;
    this.configurationVersionRetention = props.configurationVersionRetention ?? profile.configurationVersionRetention;
    check.durationAtLeast('databaseBackupRetention', this.databaseBackupRetention, profile.minBackupRetention, `of ${env} (DR-02)`);
    check.durationAtLeast('applicationDataBackupRetention', this.applicationDataBackupRetention, profile.minApplicationDataBackupRetention, `of ${env} (DR-02)`);
    check.durationAtLeast('configurationVersionRetention', this.configurationVersionRetention, profile.minConfigurationVersionRetention, `of ${env} (DR-02)`);
    const hour = props.dailyBackupHourUtc ?? 17;
    this.dailyBackupHourUtc = hour;
    check.integerBetween('dailyBackupHourUtc', hour, 0, 23);
    const validationWindow = props.restoreTestValidationWindow ?? Duration.hours(4);
    check.durationAtMost('restoreTestValidationWindow', validationWindow, Duration.hours(168), 'AWS Backup restore testing allows');
    if (!validationWindow.isUnresolved() && !Number.isInteger(validationWindow.toHours({ integral: false }))) {
      check.fail('restoreTestValidationWindow', validationWindow, 'must be a whole number of hours');
    }
    this.recoveryRegionDeployTime = props.recoveryRegionDeployTime ?? RECOVERY_FIGURES.recoveryRegionDeploy;
    checkConcrete(check, 'recoveryRegionDeployTime', this.recoveryRegionDeployTime);
    this.vaultLock = props.vaultLock;

    this.copyToRegion = props.copyToRegion;
    if (this.copyToRegion !== undefined) {
      check.matches('copyToRegion', this.copyToRegion, /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as ap-northeast-3');
      if (Token.isUnresolved(stack.region)) {
        check.fail('copyToRegion', this.copyToRegion, `needs the region of stack ${stack.stackName} to be known at synth; set env on the stack`);
      }
      if (this.copyToRegion === stack.region) {
        check.fail('copyToRegion', this.copyToRegion, `is the region of stack ${stack.stackName}; copies must go to another region to survive a region failure (DR-03)`);
      }
    } else if (env === PlatformEnvironment.PRODUCTION) {
      Annotations.of(this).addWarningV2('cdk-tenant-platform:dr-no-copy',
        'DrPlan has no copyToRegion: backups stay in this region, so a region-wide disruption is not recoverable (DR-03).');
    }

    this.vaultName = physicalName([stack.stackName, id], 50, '-');
    const vault = new DrVault(this, 'Vault', { vaultName: this.vaultName, lock: this.vaultLock, purpose: 'backups of this region' });
    this.vault = vault.vault;
    this.encryptionKey = vault.key;

    // The backup flow in the runbooks' deployment diagram: protected resources -> vault -> copy vault.
    const topology = DeploymentTopology.of(this);
    topology.addNode(this.vault, { kind: TopologyNodeKind.BACKUP, label: vaultLabel(this.vaultName, stack.region) });

    let copyVault: backup.IBackupVault | undefined;
    if (this.copyToRegion !== undefined) {
      this.copyVaultName = physicalName([stack.stackName, id, 'Copy'], 50, '-');
      const copy = this.createCopyRegionStack(id, this.copyToRegion, this.copyVaultName, env === PlatformEnvironment.PRODUCTION);
      this.copyRegionStack = Stack.of(copy);
      topology.addNode(copy.vault, { kind: TopologyNodeKind.BACKUP, label: vaultLabel(this.copyVaultName, this.copyToRegion) });
      topology.connect(this.vault, copy.vault, { label: { ja: 'リージョン間コピー', en: 'cross-region copy' } });
      // The copy action needs only the destination vault's ARN, which the explicit name makes known
      // at synth: no cross-region reference. The partition comes from the region, so the ARN is a
      // plain string that policy checks (DR-03) can read.
      copyVault = backup.BackupVault.fromBackupVaultArn(this, 'CopyVaultArn', stack.formatArn({
        partition: RegionInfo.get(this.copyToRegion).partition ?? stack.partition,
        service: 'backup',
        region: this.copyToRegion,
        resource: 'backup-vault',
        resourceName: this.copyVaultName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }));
    }

    // Named, so runbook commands can pass it to restore and on-demand jobs.
    this.backupRoleName = physicalName([stack.stackName, id, 'Backup'], 64, '-');
    this.role = backupServiceRole(this, 'BackupRole', this.backupRoleName,
      `${this.node.path}: AWS Backup backs up, copies and restore-tests the protected resources`);

    const namePrefix = physicalName([stack.stackName, id], 34, '-');
    this.plans = new DrBackupPlans(this, 'Plans', {
      vault: this.vault,
      copyVault,
      role: this.role,
      namePrefix,
      databaseRetention: this.databaseBackupRetention,
      applicationDataRetention: this.applicationDataBackupRetention,
      dailyBackupHourUtc: hour,
    });

    this.restoreTestingPlanName = physicalName([stack.stackName, id, 'Monthly'], 50, '_');
    this.restoreTesting = new RestoreTesting(this, 'RestoreTesting', {
      vault: this.vault,
      role: this.role,
      planName: this.restoreTestingPlanName,
      vpc: platform.vpc,
      validationWindow,
    });

    const routing = platform._alarmRouting;
    this.anchorPrefix = anchorWords(id);
    const anchors = drAnchors(this.anchorPrefix);
    new BackupJobAlerts(this, 'JobAlerts', {
      anchors: { backup: anchors.backupJobFailed, copy: anchors.copyJobFailed, restoreTest: anchors.restoreTestFailed },
      topic: routing.topicFor(this, AlarmSeverity.CRITICAL),
      topicKeyArn: platform._value(this, 'KeyArn'),
      vaultName: this.vaultName,
      vaultArn: this.vault.backupVaultArn,
      restoreTestingPlanArn: this.restoreTesting.plan.attrRestoreTestingPlanArn,
      runbookLink: anchor => routing.runbookLink(this, anchor),
    });

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
   * Protects the platform database (DR-01, DR-02): continuous backup and daily snapshots kept
   * `databaseBackupRetention`, copied to `copyToRegion`, and a monthly restore test. `options`
   * declare its objectives; synth fails when what is deployed cannot meet them.
   */
  public protectDatabase(database: MonitoredDatabase, options: DatabaseProtectionOptions): void {
    const check: PropValidation = new PropValidation(`${this.node.path}: protectDatabase(${database.node.path})`);
    const cfn = database.instance.node.defaultChild as rds.CfnDBInstance;
    this.checkNotSynthesized();
    this.checkObjectives(check, options);
    this.checkNew(check, database.node.path);
    const replicaRegion = options.crossRegionReplica ? Stack.of(options.crossRegionReplica).region : undefined;
    const region = Stack.of(database).region;
    if (replicaRegion !== undefined && !Token.isUnresolved(replicaRegion) && replicaRegion === region) {
      check.fail('crossRegionReplica', options.crossRegionReplica!.node.path, `is in ${region}, the database's own region; a region disruption takes both`);
    }
    const allocatedGiB = Number(Stack.of(database).resolve(cfn.allocatedStorage) ?? 0);
    const label = `RDS instance ${database.instanceIdentifier}`;
    const restoreTime = options.restoreTimeEstimate ?? estimatedDatabaseRestore(allocatedGiB);
    const replica = options.crossRegionReplica && replicaRegion !== undefined && !Token.isUnresolved(replicaRegion)
      ? runbookReplica(options.crossRegionReplica, replicaRegion)
      : undefined;
    this.entries.push({
      path: database.node.path,
      label,
      cfn,
      kind: 'database',
      assess: regionFacts => assessDatabase(database.node.path, label, {
        multiAz: database.multiAz,
        restoreTime,
        restoreTimeMeasured: options.restoreTimeEstimate !== undefined,
        replicaRegion: replica?.region,
        region: regionFacts,
      }, options),
      runbook: () => ({
        label,
        identifier: database.instanceIdentifier,
        multiAz: database.multiAz,
        region,
        subnetGroup: ResourceLookup.physicalId(cfnOfType(database, 'AWS::RDS::DBSubnetGroup')),
        securityGroup: ResourceLookup.physicalId(database.securityGroup),
        parameterGroup: ResourceLookup.physicalId(cfnOfType(database, 'AWS::RDS::DBParameterGroup')),
        secret: ResourceLookup.physicalId(cfnOfType(database, 'AWS::SecretsManager::Secret')),
        hostParameter: database._parameterName(DATABASE_HOST_KEY),
        tenantSecretTag: database._tenantSecretTag,
        restoreTime,
        replica,
      }),
    });
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
    const check: PropValidation = new PropValidation(`${this.node.path}: protectBucket(${bucket.node.path})`);
    const child = bucket.node.defaultChild;
    if (!child || !CfnResource.isCfnResource(child) || child.cfnResourceType !== s3.CfnBucket.CFN_RESOURCE_TYPE_NAME) {
      check.fail('bucket', bucket.node.path, 'must be an s3.Bucket created in this app: DrPlan has to verify its versioning and removal policy (DR-06), which an imported bucket does not show');
    }
    const cfn = child as s3.CfnBucket;
    this.checkNotSynthesized();
    this.checkObjectives(check, options);
    this.checkNew(check, bucket.node.path);
    const dataClass = options.dataClass ?? BucketDataClass.APPLICATION_DATA;
    if (!Object.values(BucketDataClass).includes(dataClass)) {
      check.fail('dataClass', dataClass, `must be one of ${Object.values(BucketDataClass).join(', ')}`);
    }
    const label = `S3 bucket ${bucket.node.path}`;
    const replicationTimeControl = () => hasReplicationTimeControl(Stack.of(bucket).resolve(cfn.replicationConfiguration));
    const restoreTime = options.restoreTimeEstimate
      ?? (dataClass === BucketDataClass.CONFIGURATION ? RECOVERY_FIGURES.versionRestore : RECOVERY_FIGURES.bucketRestore);
    this.entries.push({
      path: bucket.node.path,
      label,
      cfn,
      kind: 'bucket',
      dataClass,
      assess: regionFacts => assessBucket(bucket.node.path, label, {
        dataClass,
        restoreTime,
        restoreTimeMeasured: options.restoreTimeEstimate !== undefined,
        replicationTimeControl: replicationTimeControl(),
        region: regionFacts,
      }, options),
      runbook: () => ({
        label, path: bucket.node.path, name: ResourceLookup.physicalId(cfn), region: Stack.of(bucket).region, dataClass, restoreTime,
      }),
    });
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
   * Adds Route 53 failover records for `options.recordName` (DR-03): this region while its health
   * check passes, the recovery region (`copyToRegion`) otherwise. With a failover in place, the
   * region-disruption RTO counts an automatic DNS switch instead of a manual one.
   */
  public addRegionFailover(id: string, options: RegionFailoverOptions): void {
    const check: PropValidation = new PropValidation(`${this.node.path}: addRegionFailover(${id})`);
    this.checkNotSynthesized();
    const secondaryRegion = this.copyToRegion;
    if (secondaryRegion === undefined) {
      check.fail('copyToRegion', undefined, 'must be set on the DrPlan: the secondary record points to the recovery region');
    }
    const primary = options.primary
      ?? route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.platform.loadBalancers[0], { evaluateTargetHealth: true }));
    const construct = new RegionFailover(this, id, { options, primary, primaryRegion: Stack.of(this).region, secondaryRegion });
    this.failovers.push({ construct, options });
  }

  /** The achievable RPO and RTO of every protected resource for every disruption type, next to its objectives. */
  public get recoveries(): ProtectedResourceRecovery[] {
    return this.assessments().map(a => ({
      resource: a.path,
      description: a.label,
      recoveries: a.rows.map(row => ({
        disruption: row.disruption,
        achievableRpo: row.achievableRpo,
        achievableRto: row.achievableRto,
        mechanism: row.mechanism,
        objectiveRpo: row.objectiveRpo,
        objectiveRto: row.objectiveRto,
        problems: row.problems,
      })),
    }));
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
    addDrRunbookSections(this, this.platform, this.runbookFacts());
  }

  private runbookFacts(): DrRunbookFacts {
    const stack = Stack.of(this);
    const platform = this.platform;
    return {
      anchorPrefix: this.anchorPrefix,
      stackName: stack.stackName,
      region: stack.region,
      copyRegion: this.copyToRegion,
      vaultName: this.vaultName,
      copyVaultName: this.copyVaultName,
      backupRoleName: this.backupRoleName,
      restoreTestingPlanName: this.restoreTestingPlanName,
      cluster: ResourceLookup.physicalId(platform.cluster),
      criticalTopic: ResourceLookup.physicalId(platform.alarmTopic(AlarmSeverity.CRITICAL)),
      production: platform.environment === PlatformEnvironment.PRODUCTION,
      databases: this.entries.filter(e => e.kind === 'database').map(e => e.runbook() as DrDatabase),
      buckets: this.entries.filter(e => e.kind === 'bucket').map(e => e.runbook() as DrBucket),
      failovers: this.failovers.map(f => ({
        recordName: f.construct.domainName,
        healthCheckDomainName: f.options.healthCheckDomainName,
      })),
      assessments: this.assessments(),
    };
  }

  private assessments(): ResourceAssessment[] {
    const region: RegionRecoveryFacts = {
      copyRegion: this.copyToRegion,
      deployTime: this.recoveryRegionDeployTime,
      automaticDnsFailover: this.failovers.length > 0,
    };
    return this.entries.map(entry => entry.assess(region));
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
      resources: this.assessments(),
    };
  }

  private validatePlan(): string[] {
    const errors: string[] = [];
    if (this.entries.length === 0) {
      Annotations.of(this).addWarningV2('cdk-tenant-platform:dr-nothing-protected', 'DrPlan protects nothing: call protectDatabase or protectBucket.');
    }
    for (const entry of this.entries) {
      const destroyed = destroyedByStackChange(entry.cfn);
      if (destroyed) {
        errors.push(`${entry.label} (${entry.path}) could be destroyed by a stack change: ${destroyed}. ` +
          'Use RemovalPolicy.RETAIN (or SNAPSHOT for a database), never DESTROY, on protected resources (DR-06).');
      }
      if (entry.kind === 'bucket') errors.push(...this.validateBucket(entry));
    }
    for (const assessment of this.assessments()) {
      for (const row of assessment.rows) errors.push(...row.problems);
    }
    errors.push(...this.validateVaultLock());
    return errors;
  }

  private validateBucket(entry: ProtectedEntry): string[] {
    const cfn = entry.cfn as s3.CfnBucket;
    const stack = Stack.of(cfn);
    const errors: string[] = [];
    const versioning = stack.resolve(cfn.versioningConfiguration);
    if (versioning?.status !== 'Enabled') {
      errors.push(`${entry.label} is not versioned: set versioned: true. AWS Backup for S3 requires versioning, and object versions are the configuration recovery (DR-02).`);
    }
    if (entry.dataClass === BucketDataClass.CONFIGURATION) {
      const shortest = shortestNoncurrentRetentionDays(stack.resolve(cfn.lifecycleConfiguration));
      const floor = this.configurationVersionRetention.toDays();
      if (shortest !== undefined && shortest < floor) {
        errors.push(`${entry.label} has a lifecycle rule that deletes noncurrent versions after ${shortest} days, before the ${floor}-day configuration version retention (DR-02); remove it or lengthen it.`);
      }
    }
    return errors;
  }

  private validateVaultLock(): string[] {
    const lock = this.vaultLock;
    if (!lock || lock.minRetention.isUnresolved()) return [];
    const errors: string[] = [];
    for (const rule of this.plans.rules) {
      if (rule.retention.toDays() < lock.minRetention.toDays()) {
        errors.push(`vaultLock.minRetention ${lock.minRetention.toHumanString()} is longer than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}; ` +
          'AWS Backup rejects recovery points that a locked vault would have to keep longer than their rule says. Lower minRetention or raise the retention.');
      }
      if (lock.maxRetention && !lock.maxRetention.isUnresolved() && rule.retention.toDays() > lock.maxRetention.toDays()) {
        errors.push(`vaultLock.maxRetention ${lock.maxRetention.toHumanString()} is shorter than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}.`);
      }
    }
    return errors;
  }

  /** The copy vault, in a stack of its own in `region` that this plan's stack depends on. */
  private createCopyRegionStack(id: string, region: string, vaultName: string, production: boolean): DrVault {
    const source = Stack.of(this);
    const stage = Stage.of(source) ?? source.node.root;
    const copyStack = new Stack(stage, `${source.node.id}-${id}-${region}`, {
      env: { account: Token.isUnresolved(source.account) ? undefined : source.account, region },
      description: `Copy vault of DrPlan ${this.node.path}: cross-region copies of the backups of ${source.stackName} (DR-03)`,
      terminationProtection: production,
    });
    // MON-09: copy storage in the recovery region is the platform's cost too.
    tagForCostAllocation(copyStack, this.platform);
    const vault = new DrVault(copyStack, 'CopyVault', { vaultName, lock: this.vaultLock, purpose: `copies from ${source.region}` });
    source.addStackDependency(copyStack, 'copy actions write to the copy vault');
    return vault;
  }

  private checkObjectives(check: PropValidation, objectives: RecoveryObjectives): void {
    for (const prop of ['rpo', 'rto'] as const) {
      if (!objectives[prop]) check.fail(prop, objectives[prop], 'is required: the objective the resource must meet (DR-01)');
    }
    for (const prop of ['rpo', 'rto', 'regionRpo', 'regionRto', 'restoreTimeEstimate'] as const) {
      const value = objectives[prop];
      if (value !== undefined) checkConcrete(check, prop, value);
    }
    if (objectives.restoreTimeEstimate?.toSeconds() === 0) {
      check.fail('restoreTimeEstimate', objectives.restoreTimeEstimate, 'must be longer than 0: a restore always takes time');
    }
  }

  /** Throws once the runbook sections are written: a resource protected after that would be missing from them. */
  private checkNotSynthesized(): void {
    if (this.runbookSectionsAdded) {
      throw new Error(`${this.node.path}: the app has been synthesized already, and with it this DrPlan's runbook sections; ` +
        'protect every resource and add every failover before synthesizing');
    }
  }

  private checkNew(check: PropValidation, path: string): void {
    if (this.entries.some(e => e.path === path)) check.fail('resource', path, 'is already protected by this DrPlan');
  }

}

function checkConcrete(check: PropValidation, prop: string, value: Duration): void {
  if (!(value instanceof Duration)) check.fail(prop, value, 'must be a Duration');
  if (value.isUnresolved()) check.fail(prop, value, 'must be known at synth, not a token: the objectives are checked at synth');
}

/** Whether a resolved S3 ReplicationConfiguration replicates with Replication Time Control. */
function hasReplicationTimeControl(config: any): boolean {
  const rules: any[] = config?.rules ?? [];
  return rules.some(rule => rule?.status === 'Enabled' && rule?.destination?.replicationTime?.status === 'Enabled');
}

/** The shortest noncurrent-version expiration, in days, of the enabled rules of a resolved LifecycleConfiguration. */
function shortestNoncurrentRetentionDays(config: any): number | undefined {
  const days = (config?.rules ?? [])
    .filter((rule: any) => rule?.status === 'Enabled')
    .map((rule: any) => rule.noncurrentVersionExpiration?.noncurrentDays ?? rule.noncurrentVersionExpirationInDays)
    .filter((d: unknown): d is number => typeof d === 'number');
  return days.length > 0 ? Math.min(...days) : undefined;
}

/** The one CloudFormation resource of `type` under `scope`. */
function cfnOfType(scope: Construct, type: string): CfnResource {
  const found = scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
  if (found.length !== 1) throw new Error(`${scope.node.path}: expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A replica in `region` as the runbook names it: its identifier, or a lookup in its stack when that is a deploy-time value. */
function runbookReplica(replica: rds.IDatabaseInstance, region: string): DrReplica {
  if (!Token.isUnresolved(replica.instanceIdentifier)) {
    return { region, identifier: ResourceLookup.literal(replica.instanceIdentifier), name: replica.instanceIdentifier };
  }
  const cfn = replica.node.defaultChild;
  if (cfn && CfnResource.isCfnResource(cfn)) return { region, identifier: ResourceLookup.physicalId(cfn), name: replica.node.path };
  throw new Error(`${replica.node.path}: the identifier of crossRegionReplica must be known at synth, or the replica defined in this app`);
}

/** How the deployment diagram labels a vault. */
function vaultLabel(name: string, region: string): LocalizedText {
  return { ja: `AWS Backup ボールト ${name} (${region})`, en: `AWS Backup vault ${name} (${region})` };
}
