import { CfnResource } from 'aws-cdk-lib';
import { propertiesOf, stringOf } from '../template';

/** The CloudFormation types of RDS databases: instances and clusters. */
export const DATABASE_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'];

/** The role of an RDS resource, which decides where storage, backup and credential settings live. */
export enum DatabaseRole {
  /** A DB instance on its own: it owns its storage, backups and credentials. */
  STANDALONE = 'standalone',
  /** A DB cluster (Aurora or Multi-AZ cluster): it owns storage, backups and credentials of its instances. */
  CLUSTER = 'cluster',
  /** An instance of a cluster: the cluster owns storage, backups and credentials. */
  CLUSTER_MEMBER = 'cluster-member',
  /** A read replica: its source owns backups and credentials. */
  READ_REPLICA = 'read-replica',
}

/** The role of an `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster`. */
export function databaseRole(node: CfnResource): DatabaseRole {
  if (node.cfnResourceType === 'AWS::RDS::DBCluster') return DatabaseRole.CLUSTER;
  const props = propertiesOf(node);
  if (props.DBClusterIdentifier !== undefined) return DatabaseRole.CLUSTER_MEMBER;
  if (props.SourceDBInstanceIdentifier !== undefined || props.SourceDBClusterIdentifier !== undefined) return DatabaseRole.READ_REPLICA;
  return DatabaseRole.STANDALONE;
}

/** Whether `node` owns its data: a standalone instance or a cluster (not a member, not a replica). */
export function ownsData(node: CfnResource): boolean {
  const role = databaseRole(node);
  return role === DatabaseRole.STANDALONE || role === DatabaseRole.CLUSTER;
}

/** The database engine, lower case (`postgres`, `aurora-postgresql`, ...), `undefined` when not set. */
export function engineOf(node: CfnResource): string | undefined {
  return stringOf(propertiesOf(node).Engine, 'Engine')?.toLowerCase();
}

/** Whether the engine is PostgreSQL (RDS or Aurora). */
export function isPostgres(node: CfnResource): boolean {
  return engineOf(node)?.includes('postgres') ?? false;
}

/** The port an engine listens on when `Port` is not set. */
export function defaultPort(engine: string | undefined): number | undefined {
  if (engine === undefined) return undefined;
  if (engine.includes('postgres')) return 5432;
  if (engine.includes('mysql') || engine.includes('mariadb') || engine === 'aurora') return 3306;
  if (engine.startsWith('oracle')) return 1521;
  if (engine.startsWith('sqlserver')) return 1433;
  return undefined;
}
