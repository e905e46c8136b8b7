import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ownsData } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-05: the master password comes from Secrets Manager, never from the template or a parameter. */
export const RdsCredentialsInSecretsManager: PolicyRule = {
  id: 'RDS7',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database master password is not a Secrets Manager secret (it is in the template, a parameter or SSM).',
  fix: () => 'Generate the password in Secrets Manager (rds.Credentials.fromGeneratedSecret(\'postgres\')) or let RDS manage it (ManageMasterUserPassword: true).',
  explanation: 'A password in a template or parameter is visible to everyone who can read the stack; Secrets Manager keeps it encrypted, audited and rotatable.',
  check: node => {
    if (!ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const props = propertiesOf(node);
    if (booleanOf(props.ManageMasterUserPassword, 'ManageMasterUserPassword')) return NagRuleCompliance.COMPLIANT;
    if (props.MasterUserPassword === undefined) {
      // Restored from a snapshot, the credentials come with it.
      return props.DBSnapshotIdentifier !== undefined || props.SnapshotIdentifier !== undefined
        ? NagRuleCompliance.NOT_APPLICABLE : NagRuleCompliance.NON_COMPLIANT;
    }
    return compliantIf(JSON.stringify(props.MasterUserPassword).includes('{{resolve:secretsmanager:'));
  },
};
