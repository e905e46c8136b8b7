import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PropValidation } from '../../core/validation';

/** The SSM parameter the database publishes its host name as (DB_HOST). */
export const DATABASE_HOST_KEY = 'Endpoint';

/** What a tenant's connection reads of its database. */
export interface DatabaseHostSource {
  /** The SSM parameter of the shared value `key` as `scope`'s stack refers to it. */
  _parameterIn(scope: Construct, key: string): ssm.IStringParameter;
}

/**
 * DB_HOST as ECS injects it: from the database's SSM parameter, read each time a task starts. A
 * restore to a new instance (DR-05) points the parameter at the new host and starts new tasks
 * (`aws ecs update-service --force-new-deployment`); no tenant stack is redeployed.
 */
export function databaseHostSecret(scope: Construct, db: DatabaseHostSource): ecs.Secret {
  return ecs.Secret.fromSsmParameter(db._parameterIn(scope, DATABASE_HOST_KEY));
}

/** PostgreSQL role names `rds-db:connect` may name: an identifier, no wildcard (`*`, `?`) or path. */
const DB_USER = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/**
 * Lets `grantee` sign in as the PostgreSQL role `roleName` with IAM authentication on every instance
 * of its account and region: `rds-db:connect` on `arn:aws:rds-db:<region>:<account>:dbuser:*\/<role>` (DB-05).
 *
 * The ARN's `DbiResourceId` names one instance and "never changes" (RDS User Guide, "Creating and
 * using an IAM policy for IAM database access"), so a grant naming it stops working on the instance a
 * restore creates; the same page builds other access patterns with `*` in place of the id. The role
 * name still confines the grant: a tenant's `tenant_<id>` exists only where its identity provider
 * created it, and no other tenant's task role names it. `owner` names the construct in errors.
 */
export function grantConnectAsRole(owner: Construct, grantee: iam.IGrantable, roleName: string): iam.Grant {
  new PropValidation(owner.node.path).matches('dbUser', roleName, DB_USER, 'one PostgreSQL role name, without wildcards');
  // The statement lands in the principal's policy, so the ARN must resolve in the principal's stack.
  const principal = grantee.grantPrincipal;
  const scope = Construct.isConstruct(principal) ? principal : Construct.isConstruct(grantee) ? grantee : owner;
  const stack = Stack.of(scope);
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['rds-db:connect'],
    resourceArns: [stack.formatArn({ service: 'rds-db', resource: 'dbuser', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `*/${roleName}` })],
  });
  const part = (value: string, pseudo: string) => Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:${part(stack.partition, 'Partition')}:rds-db:${part(stack.region, 'Region')}:${part(stack.account, 'AccountId')}:dbuser:*/${roleName}]`,
    reason: `The wildcard stands for the instance's DbiResourceId, which a restore replaces (DR-05); the grant names one PostgreSQL role, ${roleName} (DB-05).`,
  });
  return grant;
}
