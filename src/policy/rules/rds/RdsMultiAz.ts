import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DatabaseRole, databaseRole } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** DB-01: production RDS instances are Multi-AZ. */
export const RdsMultiAz: PolicyRule = {
  id: 'RDS1',
  requirements: ['DB-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance'],
  cause: () => 'The RDS instance is not Multi-AZ.',
  fix: () => 'Set MultiAZ to true (rds.DatabaseInstance: multiAz: true); a standby in a second zone takes over in about a minute.',
  explanation: 'The platform promises 99.95 % database availability, which a single-AZ instance cannot meet.',
  check: (node, t) => {
    if (!t.requireMultiAz || databaseRole(node) !== DatabaseRole.STANDALONE) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(booleanOf(propertiesOf(node).MultiAZ, 'MultiAZ'));
  },
};
