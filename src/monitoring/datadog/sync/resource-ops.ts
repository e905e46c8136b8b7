import { statusOf } from './datadog-api';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { identityFromTags } from '../model/identity';

/** A resource as Datadog holds it. */
export interface ActualResource {
  readonly kind: ResourceKind;
  /** Datadog's id: a monitor id, an SLO id, a synthetics public id or a downtime id. */
  readonly id: string;
  /** The identity tag's value, if the resource is managed. */
  readonly identityId?: string;
  /** The stack tag's value, if the resource is managed. */
  readonly stack?: string;
  /** The construct that owns the resource: the owner tag's value, else the identity id. */
  readonly owner?: string;
  readonly name: string;
  /** The resource in Datadog's API shape, server-managed fields included. */
  readonly body: ApiJson;
  /** Monitors this resource points at (composite children, SLO monitors, a downtime's monitor). */
  readonly referencedMonitorIds: number[];
  /** The monitor behind the resource: a monitor's own id, the monitor a synthetics test owns. */
  readonly monitorId?: number;
}

/** What a delete found. */
export enum DeleteOutcome {
  DELETED = 'deleted',
  /** It was already gone (404): fine for CloudFormation and for apply. */
  ABSENT = 'absent',
  /** Datadog refused because a composite or SLO still references it. */
  REFERENCED = 'referenced',
}

/** How one kind of Datadog resource is listed, written and compared. */
export interface ResourceOps {
  readonly kind: ResourceKind;
  /** Every resource carrying the managed-by marker. */
  listManaged(): Promise<ActualResource[]>;
  /** The resources carrying identity `identityId` (more than one means duplicates). */
  findByIdentity(identityId: string): Promise<ActualResource[]>;
  /** One resource, `undefined` on 404. */
  get(id: string): Promise<ActualResource | undefined>;
  create(body: ApiJson): Promise<ActualResource>;
  /** `undefined` on 404. */
  update(id: string, body: ApiJson): Promise<ActualResource | undefined>;
  delete(id: string): Promise<DeleteOutcome>;
  /** Whether `id` has the shape of this kind's ids (a failed create leaves a request id instead). */
  isId(id: string): boolean;
  /**
   * The fields this library manages, normalised as Datadog normalises them (trimmed text, sorted
   * tags, numbers as numbers), so a desired body and an actual one compare equal when Datadog
   * would consider them the same. Server-managed fields are left out.
   */
  comparable(body: ApiJson): ApiJson;
}

export { normalBoolean, normalNumber, normalTags, normalText } from '../model/normalisations';

/**
 * The order in which duplicates of one identity survive: the first made first (creation time,
 * then id), so that every run that sees the same duplicates keeps the same one.
 */
export function survivorOrder(a: ActualResource, b: ActualResource): number {
  return createdMs(a) - createdMs(b) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

function createdMs(resource: ActualResource): number {
  const body = resource.body;
  const stamp = body.created ?? body.created_at ?? body.attributes?.created;
  if (typeof stamp === 'number') return stamp < 1e11 ? stamp * 1000 : stamp;
  const ms = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
}

/** Reads every page of a paged list. */
export async function allPages<T>(pageSize: number, read: (page: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; ; page++) {
    const items = await read(page);
    all.push(...items);
    if (items.length < pageSize) return all;
  }
}

/** An `ActualResource` whose identity is read from `tags` (for downtimes: the message's words). */
export function actualResource(
  kind: ResourceKind, id: unknown, name: string, body: ApiJson, tags: readonly string[] | undefined,
  referencedMonitorIds: number[] = [], monitorId?: number,
): ActualResource {
  const { id: identityId, stack, owner } = identityFromTags(tags);
  return { kind, id: String(id), identityId, stack, owner, name, body, referencedMonitorIds, monitorId };
}

/** The `abc-def-ghi` ids Datadog gives synthetics tests and dashboards. */
export const PUBLIC_ID = /^[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}$/;

/** The answer of `request`, or `undefined` when Datadog answers 404. */
export async function unlessNotFound<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** Runs a delete `request`: DELETED, or ABSENT when Datadog answers 404. */
export async function deleteUnlessAbsent(request: () => Promise<unknown>): Promise<DeleteOutcome> {
  const done = await unlessNotFound(async () => { await request(); return true; });
  return done ? DeleteOutcome.DELETED : DeleteOutcome.ABSENT;
}
