import { createHash } from 'crypto';

/** Tag on every Datadog resource this library manages. */
export const MANAGED_BY_TAG = 'managed-by:cdk-tenant-platform';
/** Prefix of the tag that carries a resource's stable identity. */
export const IDENTITY_TAG_PREFIX = 'cdk-tenant-platform-id:';
/** Prefix of the tag that names the stack a resource belongs to (scopes `apply` deletions). */
export const STACK_TAG_PREFIX = 'cdk-tenant-platform-stack:';
/**
 * Prefix of the tag naming the construct that currently owns a resource with an explicit identity
 * (a hash of stack and construct path). After a rename, the Delete of the old custom resource sees
 * the resource has moved to another owner and leaves it alone.
 */
export const OWNER_TAG_PREFIX = 'cdk-tenant-platform-owner:';

/**
 * Who a Datadog resource is, independent of the id Datadog gives it: derived from the stack name
 * and the construct path, so it survives redeploys and lets a retried create find what it made.
 */
export interface ResourceIdentity {
  /** Short stable hash, the value of the identity tag. */
  readonly id: string;
  /** `StackName/Construct/Path`, for people reading a plan. */
  readonly path: string;
  /** Stack name, lower-cased as Datadog stores tags. */
  readonly stack: string;
  /**
   * For an explicit identity: the hash of stack name and construct path, the construct that owns
   * the resource now. Without one the identity itself is derived from them and names the owner.
   */
  readonly owner?: string;
}

/**
 * The identity of the resource at `pathInStack` of stack `stackName`: a hash of both, or of
 * `explicitIdentity` when the construct was given one, so renaming the construct or its stack
 * keeps the Datadog resource.
 */
export function identityOf(stackName: string, pathInStack: string, explicitIdentity?: string): ResourceIdentity {
  const path = `${stackName}/${pathInStack}`;
  const pathHash = hash(path);
  if (explicitIdentity === undefined) return { id: pathHash, path, stack: stackName.toLowerCase() };
  return { id: hash(`identity:${explicitIdentity}`), path, stack: stackName.toLowerCase(), owner: pathHash };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** The construct that owns a resource of `identity`: the owner hash, or the path-derived identity. */
export function ownerOf(identity: ResourceIdentity): string {
  return identity.owner ?? identity.id;
}

/** The tags that mark a resource as managed and name it. */
export function identityTags(identity: ResourceIdentity): string[] {
  const tags = [MANAGED_BY_TAG, identityTag(identity.id), `${STACK_TAG_PREFIX}${identity.stack}`];
  return identity.owner ? [...tags, `${OWNER_TAG_PREFIX}${identity.owner}`] : tags;
}

/** The tag that carries identity `id`. */
export function identityTag(id: string): string {
  return `${IDENTITY_TAG_PREFIX}${id}`;
}

/** Reads the identity id, stack and owner out of a resource's tags, if it is managed. */
export function identityFromTags(tags: readonly string[] | undefined): { id?: string; stack?: string; owner?: string } {
  const all = tags ?? [];
  const id = all.find(t => t.startsWith(IDENTITY_TAG_PREFIX))?.slice(IDENTITY_TAG_PREFIX.length);
  return {
    id,
    stack: all.find(t => t.startsWith(STACK_TAG_PREFIX))?.slice(STACK_TAG_PREFIX.length),
    owner: all.find(t => t.startsWith(OWNER_TAG_PREFIX))?.slice(OWNER_TAG_PREFIX.length) ?? id,
  };
}
