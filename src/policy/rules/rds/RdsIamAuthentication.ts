import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DatabaseRole, databaseRole } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-05: IAM database authentication is on. */
export const RdsIamAuthentication: PolicyRule = {
  id: 'RDS6',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database has IAM database authentication off.',
  fix: () => 'Set EnableIAMDatabaseAuthentication to true (rds.DatabaseInstance: iamAuthentication: true) and grant services rds-db:connect instead of sharing passwords.',
  explanation: 'IAM authentication gives each service short-lived credentials tied to its role, so access is granted and revoked in IAM.',
  check: node => {
    if (databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(booleanOf(propertiesOf(node).EnableIAMDatabaseAuthentication, 'EnableIAMDatabaseAuthentication'));
  },
};
