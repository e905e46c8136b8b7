import { Stack } from 'aws-cdk-lib';
import { NagMessageLevel } from 'cdk-nag';
import { isCustomerManagedKey } from '../../resources/kms';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf } from '../../template';

/** DR-02: backup vaults are encrypted with a customer-managed KMS key. */
export const BackupVaultCustomerKey: PolicyRule = {
  id: 'BAK2',
  requirements: ['DR-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Backup::BackupVault'],
  cause: () => 'The backup vault is encrypted with the AWS-managed key instead of a customer-managed KMS key.',
  fix: () => 'Set EncryptionKeyArn to a customer-managed key (backup.BackupVault: encryptionKey: new kms.Key(...)).',
  explanation: 'A customer-managed key keeps control of who can restore the backups, and is required to share or copy them across accounts.',
  check: node => compliantIf(isCustomerManagedKey(Stack.of(node), propertiesOf(node).EncryptionKeyArn, 'EncryptionKeyArn')),
};
