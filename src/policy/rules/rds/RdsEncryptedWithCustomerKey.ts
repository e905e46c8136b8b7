import { Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ownsData } from '../../resources/database';
import { isCustomerManagedKey } from '../../resources/kms';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-03: database storage is encrypted with a customer-managed KMS key. */
export const RdsEncryptedWithCustomerKey: PolicyRule = {
  id: 'RDS3',
  requirements: ['DB-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database storage is unencrypted, or encrypted with the AWS-managed key instead of a customer-managed KMS key.',
  fix: () => 'Set StorageEncrypted to true and KmsKeyId to a customer-managed key (rds.DatabaseInstance: storageEncryptionKey: new kms.Key(...) with rotation).',
  explanation: 'A customer-managed key lets the platform team control, audit and revoke access to database storage, snapshots and cross-region copies.',
  check: node => {
    if (!ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const props = propertiesOf(node);
    if (!booleanOf(props.StorageEncrypted, 'StorageEncrypted')) return NagRuleCompliance.NON_COMPLIANT;
    return compliantIf(isCustomerManagedKey(Stack.of(node), props.KmsKeyId, 'KmsKeyId'));
  },
};
