import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import type { ITenantPlatform } from './platform-context';
import { checkDatabaseId, databaseParameterPrefix } from './platform-parameters';
import { readParameter, sharedParameterIn } from './shared-values';
import { grantConnectAsRole } from './tenant-database/database-connection';
import { PropProblems } from '../core/validation';

/** The port of every `MonitoredDatabase` (PostgreSQL's standard port, NET-04). */
export const DATABASE_PORT = 5432;

/** The PostgreSQL identifiers a `databaseName` may be. */
export const DATABASE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * What a tenant reads of its database: the `MonitoredDatabase` of this app, or one of another app
 * imported with `MonitoredDatabase.fromDatabaseName`.
 */
export interface IMonitoredDatabase extends IConstruct {
  /** The platform the database belongs to. */
  readonly platform: ITenantPlatform;
  /** The PostgreSQL port (`DB_PORT`). */
  readonly port: number;
  /** The platform database (`DB_NAME` of tenants with a schema of their own). */
  readonly databaseName: string;
  /** @internal Tag value that marks the password secrets of the database's tenants for its provider. */
  readonly _tenantSecretTag: string;
  /** @internal The instance as built in this app, drawn in the deployment diagram; undefined when imported. */
  readonly _instance?: IConstruct;
  /**
   * Lets `grantee` sign in with IAM database authentication as the PostgreSQL role `dbUser` and no
   * other (DB-05).
   */
  grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant;
  /** @internal The shared value `key` as `scope` must refer to it. */
  _value(scope: Construct, key: string): string;
  /** @internal The name of the SSM parameter the shared value `key` is published as. */
  _parameterName(key: string): string;
  /** @internal The SSM parameter of the shared value `key` as `scope` refers to it (read when a task starts). */
  _parameterIn(scope: Construct, key: string): ssm.IStringParameter;
}

/**
 * What a tenant stack must know at synth of a `MonitoredDatabase` of another app
 * (`MonitoredDatabase.fromDatabaseName`). Everything else is read at deploy time from the
 * database's SSM parameters under `/cdk-tenant-platform/<platformName>/databases/<databaseId>/`.
 */
export interface MonitoredDatabaseAttributes {
  /** The database's platform, imported with `TenantPlatform.fromPlatformName`. */
  readonly platform: ITenantPlatform;
  /** The database's construct id in the platform's app, which its SSM parameters are published under. */
  readonly databaseId: string;
  /**
   * The database's `databaseName` (`DB_NAME` of tenants with a schema of their own).
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Name of the stack the database is in: the password secrets of its tenants are tagged
   * `<stack>-<databaseId>` for its identity provider (`TenantDatabaseAuthentication.PASSWORD`).
   * @default - the platform's `platformStackName`
   */
  readonly databaseStackName?: string;
}

/** A `MonitoredDatabase` of another app, as a tenant stack of this app refers to it. */
export class ImportedMonitoredDatabase extends Construct implements IMonitoredDatabase {
  public readonly platform: ITenantPlatform;
  public readonly port: number = DATABASE_PORT;
  public readonly databaseName: string;
  /** @internal */
  public readonly _tenantSecretTag: string;
  /** @internal */
  public readonly _instance = undefined;
  private readonly parameterPrefix: string;

  public constructor(scope: Construct, id: string, attrs: MonitoredDatabaseAttributes) {
    super(scope, id);
    const check = new PropProblems(this.node.path);
    if (attrs.platform._built) {
      check.report('platform', attrs.platform.node.path,
        'is a TenantPlatform of this app; accepted: a platform imported with TenantPlatform.fromPlatformName (in its own app, pass the MonitoredDatabase itself)');
    }
    checkDatabaseId(check, 'databaseId', attrs.databaseId);
    this.databaseName = attrs.databaseName ?? 'app';
    check.matches('databaseName', this.databaseName, DATABASE_NAME, 'a PostgreSQL identifier');
    check.throwIfAny();
    this.platform = attrs.platform;
    this.parameterPrefix = databaseParameterPrefix(attrs.platform.platformName, attrs.databaseId);
    this._tenantSecretTag = `${attrs.databaseStackName ?? attrs.platform.platformStackName}-${attrs.databaseId}`;
  }

  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return grantConnectAsRole(this, grantee, dbUser);
  }

  /** @internal */
  public _value(scope: Construct, key: string): string {
    return readParameter(scope, this._parameterName(key));
  }

  /** @internal */
  public _parameterName(key: string): string {
    return `${this.parameterPrefix}/${key}`;
  }

  /** @internal */
  public _parameterIn(scope: Construct, key: string): ssm.IStringParameter {
    return sharedParameterIn(scope, key, this._parameterName(key));
  }
}
