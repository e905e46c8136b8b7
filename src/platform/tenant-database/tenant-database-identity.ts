import { CustomResource, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tenantRoleName } from './provider/sql';
import { TENANT_DATABASE_SECRET_TAG } from './tenant-database-provider';
import type { IMonitoredDatabase } from '../imported-monitored-database';

/** How a tenant's role authenticates to PostgreSQL (DB-05). */
export enum TenantDatabaseAuthentication {
  /**
   * IAM database authentication: the role is a member of `rds_iam` and has no password; the task
   * role may `rds-db:connect` as it and the application signs a 15-minute token.
   */
  IAM = 'IAM',
  /**
   * A password in the tenant's own Secrets Manager secret, rotated by a hosted single-user rotation
   * function; the task receives it as `DB_PASSWORD`.
   */
  PASSWORD = 'PASSWORD',
}

/** Where a tenant's tables live (DB-05). */
export enum TenantDatabaseIsolation {
  /** A schema of its own in the platform database. */
  SCHEMA = 'SCHEMA',
  /** A database of its own on the platform's instance (with a schema of the same name). */
  DATABASE = 'DATABASE',
}

/** Props of `TenantDatabaseIdentity`. */
export interface TenantDatabaseIdentityProps {
  /** The platform database the role is created on. */
  readonly database: IMonitoredDatabase;
  /** The tenant: the role, schema (and database) are named `tenant_<tenantId>` with hyphens as underscores. */
  readonly tenantId: string;
  /**
   * How the role authenticates.
   * @default TenantDatabaseAuthentication.IAM
   */
  readonly authentication?: TenantDatabaseAuthentication;
  /**
   * Where the tenant's tables live.
   * @default TenantDatabaseIsolation.SCHEMA
   */
  readonly isolation?: TenantDatabaseIsolation;
  /**
   * Whether removing the identity from the stack drops the tenant's schema (or database), its data
   * and its role. By default the role is only set NOLOGIN and everything else is kept.
   * @default false
   */
  readonly dropOnRemoval?: boolean;
  /**
   * Subnets and security group of the rotation function of the password secret (PASSWORD only).
   * @default - required with TenantDatabaseAuthentication.PASSWORD
   */
  readonly rotationNetwork?: TenantDatabaseRotationNetwork;
}

/** Where the hosted rotation function of a tenant's password runs. */
export interface TenantDatabaseRotationNetwork {
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  /** The key the secret is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** How often the password rotates (DB-05). */
  readonly rotation: Duration;
}

/**
 * A tenant's own PostgreSQL role and schema (DB-05), created, updated and retired by the database's
 * tenant identity provider; the tenant never sees the master credentials. A changed tenant id is
 * refused by the provider instead of orphaning the data.
 */
export class TenantDatabaseIdentity extends Construct {
  /** The PostgreSQL role the tenant logs in as (`DB_USER`). */
  public readonly roleName: string;
  /** The tenant's schema, first on its `search_path` (`DB_SCHEMA`). */
  public readonly schemaName: string;
  /** The database holding the schema (`DB_NAME`). */
  public readonly databaseName: string;
  public readonly authentication: TenantDatabaseAuthentication;
  /** The tenant's own password secret (JSON: username, password, host, port, dbname, engine), PASSWORD only. */
  public readonly passwordSecret?: secretsmanager.ISecret;

  public constructor(scope: Construct, id: string, props: TenantDatabaseIdentityProps) {
    super(scope, id);
    const db = props.database;
    this.roleName = tenantRoleName(props.tenantId);
    this.schemaName = this.roleName;
    const isolation = props.isolation ?? TenantDatabaseIsolation.SCHEMA;
    this.databaseName = isolation === TenantDatabaseIsolation.DATABASE ? this.roleName : db.databaseName;
    this.authentication = props.authentication ?? TenantDatabaseAuthentication.IAM;

    let passwordSecretArn: string | undefined;
    let rotationSchedule: secretsmanager.RotationSchedule | undefined;
    if (this.authentication === TenantDatabaseAuthentication.PASSWORD) {
      const network = props.rotationNetwork;
      if (!network) throw new Error(`${this.node.path}: rotationNetwork is required with authentication PASSWORD`);
      const secret = new secretsmanager.Secret(this, 'PasswordSecret', {
        description: `${this.node.path}: PostgreSQL password of ${this.roleName} (DB-05)`,
        encryptionKey: network.encryptionKey,
        generateSecretString: {
          secretStringTemplate: Stack.of(this).toJsonString({
            engine: 'postgres',
            username: this.roleName,
            dbname: this.databaseName,
            host: db._value(this, 'Endpoint'),
            port: db.port,
          }),
          generateStringKey: 'password',
          passwordLength: 32,
          // Characters the hosted PostgreSQL rotation function and connection strings do not accept.
          excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
        },
        // The role and its data outlive the tenant's stack; so do its credentials.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Tags.of(secret).add(TENANT_DATABASE_SECRET_TAG, db._tenantSecretTag);
      // Rotation signs in as the role, so it starts once the provider has created it.
      rotationSchedule = secret.addRotationSchedule('Rotation', {
        automaticallyAfter: network.rotation,
        hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
          vpc: network.vpc,
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          securityGroups: [network.securityGroup],
        }),
      });
      this.passwordSecret = secret;
      passwordSecretArn = secret.secretArn;
    }

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: db._value(this, 'TenantIdentityServiceToken'),
      resourceType: 'Custom::TenantDatabaseIdentity',
      properties: {
        TenantId: props.tenantId,
        Isolation: isolation,
        Authentication: this.authentication,
        OnRemoval: props.dropOnRemoval ? 'DROP' : 'RETAIN',
        ...passwordSecretArn ? { PasswordSecretArn: passwordSecretArn } : {},
      },
    });
    rotationSchedule?.node.addDependency(resource);
  }
}
