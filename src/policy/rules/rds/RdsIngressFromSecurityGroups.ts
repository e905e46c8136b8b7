import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { designatedResource, refersTo } from '../../references';
import { DatabaseRole, databaseRole, defaultPort, engineOf } from '../../resources/database';
import { IngressRule, ingressRulesOf } from '../../resources/network';
import { compliantIf, PolicyRule, UnresolvedValue } from '../../rule';
import { listOf, numberOf, propertiesOf } from '../../template';

/** NET-04: the database admits only security groups (the tenant services), only on its port. */
export const RdsIngressFromSecurityGroups: PolicyRule = {
  id: 'RDS13',
  requirements: ['NET-04'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The database\'s security groups admit a CIDR block, or ports other than the database port, or the database uses the VPC\'s default security group.',
  fix: () => 'Give the database its own security group and admit only the tenant services\' security groups on the database port (db.connections.allowDefaultPortFrom(service)).',
  explanation: 'A database reachable only from the services that use it cannot be reached by anything compromised elsewhere in the VPC.',
  check: node => {
    if (databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE;
    const props = propertiesOf(node);
    const property = node.cfnResourceType === 'AWS::RDS::DBCluster' ? 'VpcSecurityGroupIds' : 'VPCSecurityGroups';
    const groups = listOf(props[property], property);
    if (groups.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const port = numberOf(props.Port, 'Port') ?? defaultPort(engineOf(node));
    const rules = groups.flatMap(group => ingressRulesOf(designatedResource(node, group, property, 'AWS::EC2::SecurityGroup')));
    return compliantIf(rules.every(rule => admitsOnlyGroupsOnPort(node, rule, port)));
  },
};

function admitsOnlyGroupsOnPort(database: CfnResource, rule: IngressRule, port: number | undefined): boolean {
  if (rule.cidr !== undefined || rule.source === undefined) return false;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  return isDatabasePort(database, rule, rule.fromPort, port, `${rule.prefix}FromPort`)
    && isDatabasePort(database, rule, rule.toPort, port, `${rule.prefix}ToPort`);
}

/** A port value is the database port when it is that number or the database's own `Endpoint.Port`. */
function isDatabasePort(database: CfnResource, rule: IngressRule, value: unknown, port: number | undefined, property: string): boolean {
  if (typeof value === 'object' && value !== null) {
    if (refersTo(rule.owner, value, property, database)) return true;
    throw new UnresolvedValue(property, value);
  }
  if (port === undefined) throw new UnresolvedValue('Port', undefined);
  return numberOf(value, property) === port;
}
