// SQL text helpers of the tenant database provider (DB-05). Tenant ids are validated at synth and
// again by the handler, but every identifier and literal is quoted anyway.

/** A PostgreSQL identifier in double quotes, embedded quotes doubled (`quote_ident`). */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A PostgreSQL string literal (`quote_literal`): single quotes doubled, and an `E''` literal with
 * doubled backslashes when the text holds a backslash, so the result means the same whatever
 * `standard_conforming_strings` is.
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a SQL literal cannot hold a NUL character');
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/** Tenant ids as SecureTenantService accepts them. */
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;

/** The PostgreSQL role (and schema, and separate database) name of a tenant: `tenant_<id>`, hyphens as underscores. */
export function tenantRoleName(tenantId: string): string {
  if (!TENANT_ID_PATTERN.test(tenantId)) {
    throw new Error(`TenantId ${JSON.stringify(tenantId)} must match ${TENANT_ID_PATTERN} (lower-case letters, digits and hyphens, 2 to 31 characters)`);
  }
  return `tenant_${tenantId.replace(/-/g, '_')}`;
}
