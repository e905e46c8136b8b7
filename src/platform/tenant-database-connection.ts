import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { IMonitoredDatabase } from './imported-monitored-database';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { databaseHostSecret } from './tenant-database/database-connection';
import { TenantDatabaseIdentity } from './tenant-database/tenant-database-identity';

/** What a tenant's task gets from `SecureTenantServiceProps.database`. */
export interface TenantDatabaseConnection {
  readonly identity: TenantDatabaseIdentity;
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
  /** Keys of the injected secrets, for the execution role. */
  readonly secretKeys: kms.IKey[];
}

/**
 * Connects the tenant `tenant` (its tasks in `securityGroup`, running as `taskRole`) to `db`: the
 * network path, the tenant's own role and schema (DB-05), and how the task signs in: IAM
 * `rds-db:connect` as that role, or the password of the tenant's own secret.
 */
export function connectTenantDatabase(
  tenant: Construct, db: IMonitoredDatabase, props: SecureTenantServiceProps, securityGroup: ec2.ISecurityGroup, taskRole: iam.IRole,
): TenantDatabaseConnection {
  const platform = props.platform;
  new ec2.CfnSecurityGroupIngress(tenant, 'DatabaseIngress', {
    groupId: db._value(tenant, 'SecurityGroupId'),
    sourceSecurityGroupId: securityGroup.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: db.port,
    toPort: db.port,
    description: `Tenant ${props.tenantId} to PostgreSQL (NET-04)`,
  });
  const platformKey = platform._keyIn(tenant);
  const identity = new TenantDatabaseIdentity(tenant, 'DatabaseIdentity', {
    database: db,
    tenantId: props.tenantId,
    authentication: props.databaseAuthentication,
    isolation: props.databaseIsolation,
    dropOnRemoval: props.dropDatabaseOnRemoval,
    rotationNetwork: {
      vpc: platform._vpcIn(tenant),
      securityGroup,
      encryptionKey: platformKey,
      rotation: platform.profile.secretRotation,
    },
  });
  const environment = {
    DB_PORT: String(db.port),
    DB_NAME: identity.databaseName,
    DB_USER: identity.roleName,
    DB_SCHEMA: identity.schemaName,
  };
  // Read when a task starts, so a database restore reconnects tenants without redeploying them (DR-05).
  const host = { DB_HOST: databaseHostSecret(tenant, db) };
  if (identity.passwordSecret) {
    return { identity, environment, secrets: { ...host, DB_PASSWORD: ecs.Secret.fromSecretsManager(identity.passwordSecret, 'password') }, secretKeys: [platformKey] };
  }
  db.grantConnect(taskRole, identity.roleName);
  return { identity, environment, secrets: host, secretKeys: [] };
}
