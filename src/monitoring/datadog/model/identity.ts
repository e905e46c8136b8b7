import { createHash } from 'crypto';

/** Tag on every Datadog resource this library manages. */
export const MANAGED_BY_TAG = 'managed-by:cdk-tenant-platform';
/** Prefix of the tag that carries a resource's stable identity. */
export const IDENTITY_TAG_PREFIX = 'cdk-tenant-platform-id:';
/** Prefix of the tag that names the stack a resource belongs to (scopes `apply` deletions). */
export const STACK_TAG_PREFIX = 'cdk-tenant-platform-stack:';

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
}

/** The identity of the resource at `pathInStack` of stack `stackName`. */
export function identityOf(stackName: string, pathInStack: string): ResourceIdentity {
  const path = `${stackName}/${pathInStack}`;
  const id = createHash('sha256').update(path).digest('hex').slice(0, 20);
  return { id, path, stack: stackName.toLowerCase() };
}

/** The tags that mark a resource as managed and name it. */
export function identityTags(identity: ResourceIdentity): string[] {
  return [MANAGED_BY_TAG, identityTag(identity.id), `${STACK_TAG_PREFIX}${identity.stack}`];
}

/** The tag that carries identity `id`. */
export function identityTag(id: string): string {
  return `${IDENTITY_TAG_PREFIX}${id}`;
}

/** Reads the identity id and stack out of a resource's tags, if it is managed. */
export function identityFromTags(tags: readonly string[] | undefined): { id?: string; stack?: string } {
  const all = tags ?? [];
  return {
    id: all.find(t => t.startsWith(IDENTITY_TAG_PREFIX))?.slice(IDENTITY_TAG_PREFIX.length),
    stack: all.find(t => t.startsWith(STACK_TAG_PREFIX))?.slice(STACK_TAG_PREFIX.length),
  };
}
