import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { designatedResource } from '../../references';
import { DatabaseRole, databaseRole } from '../../resources/database';
import { subnetsArePrivate } from '../../resources/network';
import { PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** NET-01: databases are not publicly accessible and live in private subnets. */
export const RdsPrivate: PolicyRule = {
  id: 'RDS12',
  requirements: ['NET-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database is publicly accessible, has no subnet group (so it lands in the default VPC), or its subnet group has public subnets.',
  fix: () => 'Set PubliclyAccessible to false and use a subnet group of private subnets (rds.DatabaseInstance: vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).',
  explanation: 'Only the tenant services inside the VPC talk to the database; a public endpoint or a public subnet exposes it to the internet.',
  check: node => {
    const props = propertiesOf(node);
    if (booleanOf(props.PubliclyAccessible, 'PubliclyAccessible')) return NagRuleCompliance.NON_COMPLIANT;
    if (databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.COMPLIANT;
    if (props.DBSubnetGroupName === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const group = designatedResource(node, props.DBSubnetGroupName, 'DBSubnetGroupName', 'AWS::RDS::DBSubnetGroup');
    return subnetsArePrivate(group, propertiesOf(group).SubnetIds, 'SubnetIds');
  },
};
