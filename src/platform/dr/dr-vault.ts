import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources } from '../key-policy';

/** Props of `DrVault`. */
export interface DrVaultProps {
  /** Physical name of the vault; known at synth so copy actions and runbooks can name it. */
  readonly vaultName: string;
  /** Vault lock (WORM): recovery points cannot be deleted before `minRetention`. @default - no lock */
  readonly lock?: backup.LockConfiguration;
  /** What the vault holds, for the key description. */
  readonly purpose: string;
}

/**
 * An AWS Backup vault encrypted with its own customer-managed key (DR-02). The key and the vault
 * are retained when the stack is deleted, and the vault's access policy denies deleting recovery
 * points, so neither a stack change nor a stray API call destroys backups (DR-06).
 */
export class DrVault extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: DrVaultProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `${props.vaultName}: AWS Backup vault key (${props.purpose})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    denyGrantsNotForAwsResources(this.key);
    this.vault = new backup.BackupVault(this, 'Resource', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      lockConfiguration: props.lock,
    });
  }
}
