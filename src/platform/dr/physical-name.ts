import * as crypto from 'crypto';

/**
 * A readable, stable physical name made of `parts`: characters a service does not accept become
 * `separator`, and a name longer than `maxLength` keeps its start and ends with a hash of the whole,
 * so two long names never collide. Runbook commands use these names as they stand.
 */
export function physicalName(parts: string[], maxLength: number, separator: '-' | '_'): string {
  const name = parts.join(separator).replace(/[^A-Za-z0-9]+/g, separator).replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
  if (name.length <= maxLength) return name;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1)}${separator}${hash}`;
}
