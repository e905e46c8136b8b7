import { quoteIdentifier, quoteLiteral, tenantRoleName } from './sql';

/** The part of a node-postgres client the handler uses. */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  end(): Promise<void>;
}

/** Where and as whom to connect. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** What the handler needs from the outside world; the Lambda entry point passes AWS and TLS-backed versions. */
export interface TenantDatabaseHandlerDeps {
  /** ARN of the master secret (JSON with host, port, dbname, username, password), fixed per provider. */
  readonly masterSecretArn: string;
  /** The SecretString of a Secrets Manager secret. */
  readonly readSecret: (secretArn: string) => Promise<string>;
  /** An open connection; rejects when the server refuses it. */
  readonly connect: (settings: ConnectionSettings) => Promise<SqlClient>;
}

/** The CloudFormation custom resource event, as the CDK provider framework passes it on. */
export interface TenantDatabaseEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: TenantDatabaseProperties;
  readonly OldResourceProperties?: TenantDatabaseProperties;
}

/** Properties of `Custom::TenantDatabaseIdentity` (all strings, as CloudFormation passes them). */
export interface TenantDatabaseProperties {
  readonly TenantId: string;
  /** `SCHEMA` (a schema in the platform database) or `DATABASE` (a database of its own). */
  readonly Isolation: string;
  /** `IAM` (rds_iam, tokens) or `PASSWORD` (the tenant's own secret). */
  readonly Authentication: string;
  /** The tenant's own secret, with `PASSWORD` authentication. */
  readonly PasswordSecretArn?: string;
  /** `RETAIN` (role NOLOGIN, schema kept) or `DROP` (schema, database and role dropped). */
  readonly OnRemoval: string;
}

/** What the provider framework returns to CloudFormation. */
export interface TenantDatabaseResponse {
  readonly PhysicalResourceId: string;
  readonly Data: { RoleName: string; SchemaName: string; DatabaseName: string };
}

interface Identity {
  readonly role: string;
  readonly schema: string;
  /** The database that holds the schema. */
  readonly database: string;
  readonly separateDatabase: boolean;
}

/** Serializes concurrent tenant deployments: catalog updates of roles and ACLs conflict otherwise. */
const LOCK_KEY = "hashtext('cdk-tenant-platform/tenant-database')";

/**
 * The tenant database provider (DB-05): creates, updates and retires one tenant's PostgreSQL role
 * and schema (or database), connected as the master user. Every statement is idempotent, so a
 * retried or repeated event converges to the same catalog.
 */
export function createTenantDatabaseHandler(deps: TenantDatabaseHandlerDeps): (event: TenantDatabaseEvent) => Promise<TenantDatabaseResponse> {
  return async event => {
    const master = parseMaster(await deps.readSecret(deps.masterSecretArn), deps.masterSecretArn);
    const props = event.ResourceProperties;
    const identity = identityOf(props, master.dbname);
    if (event.RequestType === 'Update' && event.OldResourceProperties) {
      const old = identityOf(event.OldResourceProperties, master.dbname);
      if (old.role !== identity.role || old.schema !== identity.schema || old.database !== identity.database) {
        throw new Error(`refusing to rename tenant database identity ${old.database}/${old.role} to ${identity.database}/${identity.role}: ` +
          'a changed TenantId or Isolation would orphan the tenant\'s data; create a new tenant and migrate instead');
      }
    }
    const connectAs = (database: string) =>
      deps.connect({ host: master.host, port: master.port, user: master.username, password: master.password, database });
    const admin = await connectAs(master.dbname);
    try {
      await admin.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
      if (event.RequestType === 'Delete') {
        await (props.OnRemoval === 'DROP' ? drop(admin, identity) : retire(admin, identity));
      } else {
        const password = props.Authentication === 'PASSWORD' ? await tenantPassword(deps, props, identity.role) : undefined;
        await converge(admin, connectAs, identity, password);
        if (password !== undefined) await setPasswordUnlessCurrent(admin, deps, master, identity, password);
      }
    } finally {
      await admin.end();
    }
    return {
      PhysicalResourceId: `${identity.database}/${identity.role}`,
      Data: { RoleName: identity.role, SchemaName: identity.schema, DatabaseName: identity.database },
    };
  };
}

function identityOf(props: TenantDatabaseProperties, platformDatabase: string): Identity {
  const role = tenantRoleName(props.TenantId);
  if (props.Isolation !== 'SCHEMA' && props.Isolation !== 'DATABASE') throw new Error(`Isolation ${JSON.stringify(props.Isolation)} must be SCHEMA or DATABASE`);
  if (props.Authentication !== 'IAM' && props.Authentication !== 'PASSWORD') throw new Error(`Authentication ${JSON.stringify(props.Authentication)} must be IAM or PASSWORD`);
  if (props.OnRemoval !== 'RETAIN' && props.OnRemoval !== 'DROP') throw new Error(`OnRemoval ${JSON.stringify(props.OnRemoval)} must be RETAIN or DROP`);
  const separateDatabase = props.Isolation === 'DATABASE';
  return { role, schema: role, database: separateDatabase ? role : platformDatabase, separateDatabase };
}

interface MasterCredentials {
  readonly host: string;
  readonly port: number;
  readonly dbname: string;
  readonly username: string;
  readonly password: string;
}

function parseMaster(secretString: string, secretArn: string): MasterCredentials {
  let value: any;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new Error(`master secret ${secretArn} is not JSON`);
  }
  const missing = ['host', 'dbname', 'username', 'password'].filter(key => typeof value?.[key] !== 'string' || value[key] === '');
  if (missing.length) throw new Error(`master secret ${secretArn} lacks ${missing.join(', ')}`);
  return { host: value.host, port: Number(value.port ?? 5432), dbname: value.dbname, username: value.username, password: value.password };
}

async function tenantPassword(deps: TenantDatabaseHandlerDeps, props: TenantDatabaseProperties, role: string): Promise<string> {
  if (!props.PasswordSecretArn) throw new Error('PasswordSecretArn is required with Authentication PASSWORD');
  let value: any;
  try {
    value = JSON.parse(await deps.readSecret(props.PasswordSecretArn));
  } catch {
    throw new Error(`tenant secret ${props.PasswordSecretArn} is not JSON`);
  }
  if (value?.username !== role) throw new Error(`tenant secret ${props.PasswordSecretArn} must name username "${role}"`);
  if (typeof value.password !== 'string' || value.password === '') throw new Error(`tenant secret ${props.PasswordSecretArn} has no password`);
  return value.password;
}

async function inTransaction(client: SqlClient, statements: string[]): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    const detail = (e as { detail?: string }).detail;
    if (detail) (e as Error).message += ` (${detail})`;
    throw e;
  }
}

async function roleExists(client: SqlClient, role: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [role])).rows.length > 0;
}

async function databaseExists(client: SqlClient, database: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [database])).rows.length > 0;
}

/** Create or update: the role may log in, reaches its own database and schema only, and nothing else. */
async function converge(
  admin: SqlClient, connectAs: (database: string) => Promise<SqlClient>, id: Identity, password: string | undefined,
): Promise<void> {
  const role = quoteIdentifier(id.role);
  const database = quoteIdentifier(id.database);
  const schema = quoteIdentifier(id.schema);
  const create = (await roleExists(admin, id.role))
    ? []
    : [`CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`];
  await inTransaction(admin, [
    ...create,
    // A retired tenant that comes back logs in again; the attributes converge on every run.
    `ALTER ROLE ${role} WITH LOGIN NOCREATEDB NOCREATEROLE`,
    ...password === undefined
      // IAM authentication: RDS accepts only tokens for members of rds_iam; no password is kept.
      ? [`GRANT rds_iam TO ${role}`, `ALTER ROLE ${role} WITH PASSWORD NULL`]
      : [`REVOKE rds_iam FROM ${role}`],
  ]);
  // CREATE DATABASE cannot run inside a transaction.
  if (id.separateDatabase && !(await databaseExists(admin, id.database))) await admin.query(`CREATE DATABASE ${database}`);
  await inTransaction(admin, [
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${role}`,
    `ALTER ROLE ${role} IN DATABASE ${database} SET search_path = ${schema}`,
  ]);
  const target = id.separateDatabase ? await connectAs(id.database) : admin;
  try {
    await inTransaction(target, [
      'REVOKE ALL ON SCHEMA public FROM PUBLIC',
      // Owned by the master user: the tenant cannot grant its schema to anyone else, nor drop it.
      `CREATE SCHEMA IF NOT EXISTS ${schema}`,
      `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
      `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role}`,
    ]);
  } finally {
    if (target !== admin) await target.end();
  }
}

/**
 * Sets the tenant's password unless it already logs in with it: re-setting the same password
 * would write a new salted verifier on every run.
 */
async function setPasswordUnlessCurrent(
  admin: SqlClient, deps: TenantDatabaseHandlerDeps, master: MasterCredentials, id: Identity, password: string,
): Promise<void> {
  try {
    const probe = await deps.connect({ host: master.host, port: master.port, user: id.role, password, database: id.database });
    await probe.end();
    return;
  } catch {
    // Not (yet) this password: set it below.
  }
  await admin.query(`ALTER ROLE ${quoteIdentifier(id.role)} WITH PASSWORD ${quoteLiteral(password)}`);
}

/** Delete, the default: the role can no longer log in; its schema, data and grants stay for a restore. */
async function retire(admin: SqlClient, id: Identity): Promise<void> {
  if (!(await roleExists(admin, id.role))) return;
  await admin.query(`ALTER ROLE ${quoteIdentifier(id.role)} WITH NOLOGIN`);
}

/**
 * Delete with OnRemoval DROP (an explicit opt-in): the tenant's schema or database, its data and its
 * role are dropped, with whatever other tenants granted it. DROP OWNED and the revocation of grants
 * need the privileges of the role and of the grantors, which the master user (their creator, with
 * ADMIN OPTION only) takes for the transaction.
 */
async function drop(admin: SqlClient, id: Identity): Promise<void> {
  const role = quoteIdentifier(id.role);
  if (id.separateDatabase) {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(id.database)} WITH (FORCE)`);
  } else {
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(id.schema)} CASCADE`);
  }
  if (!(await roleExists(admin, id.role))) return;
  const grantors = (await admin.query(GRANTORS_SQL, [id.role])).rows.map(row => quoteIdentifier(row.owner));
  await inTransaction(admin, [
    ...[role, ...grantors].map(r => `GRANT ${r} TO CURRENT_USER`),
    `DROP OWNED BY ${role}`,
    ...grantors.map(r => `REVOKE ${r} FROM CURRENT_USER`),
    ...id.separateDatabase ? [] : [`ALTER ROLE ${role} IN DATABASE ${quoteIdentifier(id.database)} RESET ALL`],
    `DROP ROLE ${role}`,
  ]);
}

/**
 * The owners (other than the current user and the role itself) of objects of the current database
 * whose ACL grants something to role `$1`: tables, views and sequences, functions, types, schemas.
 */
const GRANTORS_SQL = `
  WITH acl AS (
    SELECT classid, objid FROM pg_catalog.pg_shdepend
    WHERE refclassid = 'pg_catalog.pg_authid'::regclass AND refobjid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $1)
      AND deptype = 'a' AND dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))
  SELECT DISTINCT pg_catalog.pg_get_userbyid(owner) AS owner FROM (
    SELECT c.relowner AS owner FROM acl JOIN pg_catalog.pg_class c ON acl.classid = 'pg_catalog.pg_class'::regclass AND acl.objid = c.oid
    UNION SELECT p.proowner FROM acl JOIN pg_catalog.pg_proc p ON acl.classid = 'pg_catalog.pg_proc'::regclass AND acl.objid = p.oid
    UNION SELECT t.typowner FROM acl JOIN pg_catalog.pg_type t ON acl.classid = 'pg_catalog.pg_type'::regclass AND acl.objid = t.oid
    UNION SELECT n.nspowner FROM acl JOIN pg_catalog.pg_namespace n ON acl.classid = 'pg_catalog.pg_namespace'::regclass AND acl.objid = n.oid
  ) owners
  WHERE pg_catalog.pg_get_userbyid(owner) NOT IN (current_user, $1)
  ORDER BY 1`;
