import { ArnFormat, Stack, Stage, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { DrVault } from './dr-vault';
import { tagForCostAllocation } from '../operations/cost-allocation';

/** Props of `copyRegionVault`. */
export interface CopyRegionVaultProps {
  /** Region of the copy vault. */
  readonly region: string;
  readonly vaultName: string;
  readonly lock?: backup.LockConfiguration;
  /** Termination protection of the copy stack. */
  readonly production: boolean;
  /** The application whose cost allocation tag the copy stack carries (MON-09). */
  readonly costOwner: IConstruct;
}

/** The copy vault of a DrPlan: the vault in its stack in the recovery region, and its ARN as the plan's stack refers to it. */
export interface CopyRegionVault {
  readonly vault: DrVault;
  readonly stack: Stack;
  readonly vaultArnInPlanStack: backup.IBackupVault;
}

/**
 * The copy vault of the DrPlan `plan` (DR-03), in a stack of its own in the recovery region,
 * `<stack>-<id>-<region>`, that the plan's stack depends on so `cdk deploy` creates it first.
 */
export function copyRegionVault(plan: Construct, props: CopyRegionVaultProps): CopyRegionVault {
  const source = Stack.of(plan);
  const stage = Stage.of(source) ?? source.node.root;
  const copyStack = new Stack(stage, `${source.node.id}-${plan.node.id}-${props.region}`, {
    env: { account: Token.isUnresolved(source.account) ? undefined : source.account, region: props.region },
    description: `Copy vault of DrPlan ${plan.node.path}: cross-region copies of the backups of ${source.stackName} (DR-03)`,
    terminationProtection: props.production,
  });
  // MON-09: copy storage in the recovery region is the application's cost too.
  tagForCostAllocation(copyStack, props.costOwner);
  const vault = new DrVault(copyStack, 'CopyVault', { vaultName: props.vaultName, lock: props.lock, purpose: `copies from ${source.region}` });
  source.addStackDependency(copyStack, 'copy actions write to the copy vault');
  // The copy action needs only the destination vault's ARN, which the explicit name makes known
  // at synth: no cross-region reference. The partition comes from the region, so the ARN is a
  // plain string that policy checks (DR-03) can read.
  const vaultArnInPlanStack = backup.BackupVault.fromBackupVaultArn(plan, 'CopyVaultArn', source.formatArn({
    partition: RegionInfo.get(props.region).partition ?? source.partition,
    service: 'backup',
    region: props.region,
    resource: 'backup-vault',
    resourceName: props.vaultName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  }));
  return { vault, stack: copyStack, vaultArnInPlanStack };
}
