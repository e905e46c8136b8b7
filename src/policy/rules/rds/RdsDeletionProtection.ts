import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ownsData } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-03: databases cannot be deleted while deletion protection is on. */
export const RdsDeletionProtection: PolicyRule = {
  id: 'RDS5',
  requirements: ['DB-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database has deletion protection off.',
  fix: () => 'Set DeletionProtection to true (rds.DatabaseInstance: deletionProtection: true).',
  explanation: 'Deletion protection stops a console click, a CLI call or a stack change from deleting the tenants\' data.',
  check: (node, t) => {
    if (!t.requireDeletionProtection || !ownsData(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(booleanOf(propertiesOf(node).DeletionProtection, 'DeletionProtection'));
  },
};
