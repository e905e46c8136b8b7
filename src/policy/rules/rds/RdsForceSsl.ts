import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { designatedResource } from '../../references';
import { DatabaseRole, databaseRole, isPostgres } from '../../resources/database';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** RDS for PostgreSQL turns `rds.force_ssl` on by default from this major version. */
const FORCE_SSL_DEFAULT_SINCE_MAJOR = 15;

/** DB-02: PostgreSQL databases refuse connections without TLS (`rds.force_ssl` = 1). */
export const RdsForceSsl: PolicyRule = {
  id: 'RDS2',
  requirements: ['DB-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  cause: () => 'The PostgreSQL database accepts connections without TLS: its parameter group does not set rds.force_ssl to 1.',
  fix: () => 'Use a parameter group with rds.force_ssl = 1 (rds.DatabaseInstance: parameters: { \'rds.force_ssl\': \'1\' }), or PostgreSQL 15+ whose default group already forces TLS.',
  explanation: 'Credentials and tenant data cross the VPC on every query; TLS must be enforced by the server, not left to each client.',
  check: node => {
    const role = databaseRole(node);
    if (!isPostgres(node) || role === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE;
    const props = propertiesOf(node);
    const [property, type] = role === DatabaseRole.CLUSTER
      ? ['DBClusterParameterGroupName', 'AWS::RDS::DBClusterParameterGroup']
      : ['DBParameterGroupName', 'AWS::RDS::DBParameterGroup'];
    if (props[property] === undefined) {
      // The default group: forced from PostgreSQL 15 on RDS; Aurora's default does not force TLS.
      const major = parseInt(stringOf(props.EngineVersion, 'EngineVersion') ?? '', 10);
      return compliantIf(role === DatabaseRole.STANDALONE && major >= FORCE_SSL_DEFAULT_SINCE_MAJOR);
    }
    const group = propertiesOf(designatedResource(node, props[property], property, type));
    const forceSsl = stringOf((group.Parameters ?? {})['rds.force_ssl'], 'Parameters.rds.force_ssl');
    if (forceSsl !== undefined) return compliantIf(forceSsl === '1');
    const familyMajor = parseInt((stringOf(group.Family, 'Family') ?? '').replace(/^\D+/, ''), 10);
    return compliantIf(type === 'AWS::RDS::DBParameterGroup' && familyMajor >= FORCE_SSL_DEFAULT_SINCE_MAJOR);
  },
};
