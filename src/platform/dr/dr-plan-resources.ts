import { Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BackupJobAlerts } from './backup-job-alerts';
import { backupServiceRole } from './backup-service-role';
import { copyRegionVault } from './copy-region';
import { DrBackupPlans } from './dr-backup-plans';
import { DrPlanSettings } from './dr-plan-checks';
import { DrVault } from './dr-vault';
import { physicalName } from './physical-name';
import { IRecoveryHost } from './recovery-host';
import { RestoreTesting } from './restore-testing';
import { PlatformEnvironment } from '../../core/environment';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { TopologyNodeKind } from '../../runbooks/deployment-topology';
import { DeploymentTopology } from '../../runbooks/runbook';
import { anchorWords } from '../../runbooks/runbook-section';
import { drAnchors } from '../runbooks/dr-facts';

/** What a DrPlan's resources depend on besides its host and settings. */
export interface DrPlanResourceOptions {
  /** @default - no copies */
  readonly copyToRegion?: string;
  /** @default - no vault lock */
  readonly vaultLock?: backup.LockConfiguration;
  /** The VPC restore-tested databases go into. @default - none */
  readonly vpc?: ec2.IVpc;
}

/** The resources every DrPlan has before it protects anything. */
export interface DrPlanResources {
  readonly vaultName: string;
  readonly vault: backup.IBackupVault;
  readonly encryptionKey: kms.IKey;
  /** @default - no copies */
  readonly copyVaultName?: string;
  /** @default - no copies */
  readonly copyRegionStack?: Stack;
  readonly backupRoleName: string;
  readonly role: iam.Role;
  readonly plans: DrBackupPlans;
  readonly restoreTestingPlanName: string;
  readonly restoreTesting: RestoreTesting;
  /** Prefix of the anchors of the plan's runbook sections. */
  readonly anchorPrefix: string;
}

/**
 * The vault with its own key (DR-02, DR-06), the copy vault in `copyToRegion` (DR-03), the role
 * AWS Backup assumes, the backup plans (DR-02), the monthly restore test and the failed-job alerts
 * to the host's critical topic (DR-04), all children of `plan`.
 */
export function createPlanResources(plan: Construct, host: IRecoveryHost, settings: DrPlanSettings, options: DrPlanResourceOptions): DrPlanResources {
  const stack = Stack.of(plan);
  const id = plan.node.id;
  const vaultName = physicalName([stack.stackName, id], 50, '-');
  const vault = new DrVault(plan, 'Vault', { vaultName, lock: options.vaultLock, purpose: 'backups of this region' });

  // The backup flow in the runbooks' deployment diagram: protected resources -> vault -> copy vault.
  const topology = DeploymentTopology.of(plan);
  topology.addNode(vault.vault, { kind: TopologyNodeKind.BACKUP, label: vaultLabel(vaultName, stack.region) });

  let copy: { readonly vaultName: string; readonly stack: Stack; readonly vault: backup.IBackupVault } | undefined;
  if (options.copyToRegion !== undefined) {
    const copyVaultName = physicalName([stack.stackName, id, 'Copy'], 50, '-');
    const copyVault = copyRegionVault(plan, {
      region: options.copyToRegion,
      vaultName: copyVaultName,
      lock: options.vaultLock,
      production: host.environment === PlatformEnvironment.PRODUCTION,
      costOwner: host,
    });
    topology.addNode(copyVault.vault.vault, { kind: TopologyNodeKind.BACKUP, label: vaultLabel(copyVaultName, options.copyToRegion) });
    topology.connect(vault.vault, copyVault.vault.vault, { label: { ja: 'リージョン間コピー', en: 'cross-region copy' } });
    copy = { vaultName: copyVaultName, stack: copyVault.stack, vault: copyVault.vaultArnInPlanStack };
  }

  // Named, so runbook commands can pass it to restore and on-demand jobs.
  const backupRoleName = physicalName([stack.stackName, id, 'Backup'], 64, '-');
  const role = backupServiceRole(plan, 'BackupRole', backupRoleName,
    `${plan.node.path}: AWS Backup backs up, copies and restore-tests the protected resources`);

  const plans = new DrBackupPlans(plan, 'Plans', {
    vault: vault.vault,
    copyVault: copy?.vault,
    role,
    namePrefix: physicalName([stack.stackName, id], 34, '-'),
    databaseRetention: settings.databaseBackupRetention,
    applicationDataRetention: settings.applicationDataBackupRetention,
    dailyBackupHourUtc: settings.dailyBackupHourUtc,
  });

  const restoreTestingPlanName = physicalName([stack.stackName, id, 'Monthly'], 50, '_');
  const restoreTesting = new RestoreTesting(plan, 'RestoreTesting', {
    vault: vault.vault,
    role,
    planName: restoreTestingPlanName,
    vpc: options.vpc,
    validationWindow: settings.restoreTestValidationWindow,
  });

  const anchorPrefix = anchorWords(id);
  const anchors = drAnchors(anchorPrefix);
  new BackupJobAlerts(plan, 'JobAlerts', {
    anchors: { backup: anchors.backupJobFailed, copy: anchors.copyJobFailed, restoreTest: anchors.restoreTestFailed },
    topic: host.alarmTopicFor(plan, AlarmSeverity.CRITICAL),
    topicKeyArn: host.alarmTopicKeyArnFor(plan),
    vaultName,
    vaultArn: vault.vault.backupVaultArn,
    restoreTestingPlanArn: restoreTesting.plan.attrRestoreTestingPlanArn,
    runbookLink: anchor => host.runbookLinkFor(plan, anchor),
  });

  return {
    vaultName,
    vault: vault.vault,
    encryptionKey: vault.key,
    copyVaultName: copy?.vaultName,
    copyRegionStack: copy?.stack,
    backupRoleName,
    role,
    plans,
    restoreTestingPlanName,
    restoreTesting,
    anchorPrefix,
  };
}

/** How the deployment diagram labels a vault. */
function vaultLabel(name: string, region: string): LocalizedText {
  return { ja: `AWS Backup ボールト ${name} (${region})`, en: `AWS Backup vault ${name} (${region})` };
}
