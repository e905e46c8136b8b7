import { FieldChange, fieldChanges, show } from './diff';
import { SyncEngine } from './engine';
import { ActualResource, survivorOrder } from './resource-ops';
import { DesiredResource, ResourceKind, resolveReferences } from '../model/desired-resource';

/** What `apply` would do to one resource. */
export enum ChangeAction {
  CREATE = 'create',
  UPDATE = 'update',
  DELETE = 'delete',
  UNCHANGED = 'unchanged',
}

/** One line of a plan. */
export interface PlannedChange {
  readonly action: ChangeAction;
  readonly kind: ResourceKind;
  /** The construct path (desired) or the Datadog name (only in Datadog). */
  readonly label: string;
  readonly desired?: DesiredResource;
  readonly actual?: ActualResource;
  /** For updates: the fields that differ. */
  readonly changes: FieldChange[];
  /** Why a delete is planned. */
  readonly reason?: string;
}

/** The difference between an app's Datadog resources and what Datadog holds. */
export interface Plan {
  readonly changes: PlannedChange[];
  /** Monitor id of every managed monitor identity that exists in Datadog. */
  readonly monitorIds: Map<string, number>;
}

/** Every kind, children before referrers. */
export const ALL_KINDS = [ResourceKind.MONITOR, ResourceKind.SYNTHETICS_API_TEST, ResourceKind.SLO, ResourceKind.DOWNTIME, ResourceKind.DASHBOARD];

/** The managed resources of every kind in `kinds`, read with one paged list call per kind. */
export async function readManaged(engine: SyncEngine, kinds: readonly ResourceKind[] = ALL_KINDS): Promise<ActualResource[]> {
  const lists = await Promise.all(kinds.map(kind => engine.of(kind).listManaged()));
  return lists.flat();
}

/**
 * Compares `desired` with `actual`. Managed resources of `stacks` that the app no longer declares
 * are planned for deletion, as are duplicates of one identity (the oldest is kept); managed
 * resources of other stacks (another environment sharing the organisation) are left alone.
 */
export function computePlan(
  engine: SyncEngine, desired: readonly DesiredResource[], actual: readonly ActualResource[], stacks: ReadonlySet<string>,
): Plan {
  const byIdentity = new Map<string, ActualResource[]>();
  for (const resource of [...actual].sort(survivorOrder)) {
    if (!resource.identityId) continue;
    const key = `${resource.kind}/${resource.identityId}`;
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), resource]);
  }
  const monitorIds = new Map<string, number>();
  for (const [first] of byIdentity.values()) {
    // Monitors and synthetics tests (through the monitor they own) can be referenced.
    if (first.monitorId !== undefined) monitorIds.set(first.identityId!, first.monitorId);
  }
  const pathOf = new Map(desired.map(d => [d.identity.id, d.identity.path]));

  const changes: PlannedChange[] = [];
  const matched = new Set<ActualResource>();
  for (const want of desired) {
    const [keep, ...duplicates] = byIdentity.get(`${want.kind}/${want.identity.id}`) ?? [];
    const label = want.identity.path;
    for (const duplicate of duplicates) {
      matched.add(duplicate);
      changes.push({ action: ChangeAction.DELETE, kind: want.kind, label, actual: duplicate, changes: [], reason: `duplicate of ${keep.id}` });
    }
    if (!keep) {
      changes.push({ action: ChangeAction.CREATE, kind: want.kind, label, desired: want, changes: [] });
      continue;
    }
    matched.add(keep);
    const body = resolveReferences(want.body, index => {
      const identity = want.references[index];
      return monitorIds.get(identity) ?? `<${pathOf.get(identity) ?? identity}>`;
    });
    const ops = engine.of(want.kind);
    const diff = fieldChanges(ops.comparable(body), ops.comparable(keep.body));
    changes.push({
      action: diff.length ? ChangeAction.UPDATE : ChangeAction.UNCHANGED, kind: want.kind, label, desired: want, actual: keep, changes: diff,
    });
  }
  for (const resource of actual) {
    if (matched.has(resource) || !resource.stack || !stacks.has(resource.stack)) continue;
    changes.push({ action: ChangeAction.DELETE, kind: resource.kind, label: resource.name, actual: resource, changes: [], reason: 'no longer in the app' });
  }
  return { changes, monitorIds };
}

/** Whether applying `plan` would change anything. */
export function hasDifferences(plan: Plan): boolean {
  return plan.changes.some(c => c.action !== ChangeAction.UNCHANGED);
}

/** A readable plan, one block per changed resource and a summary line. */
export function renderPlan(plan: Plan, verbose = false): string {
  const lines: string[] = [];
  const symbol: Record<ChangeAction, string> = { create: '+', update: '~', delete: '-', unchanged: '=' };
  for (const change of plan.changes) {
    if (change.action === ChangeAction.UNCHANGED && !verbose) continue;
    const id = change.actual ? ` (id ${change.actual.id})` : '';
    const name = change.desired?.body.name ?? change.desired?.body.title ?? change.actual?.name;
    const reason = change.reason ? ` — ${change.reason}` : '';
    lines.push(`${symbol[change.action]} ${change.action} ${change.kind} ${change.label}${id}${name ? ` "${name}"` : ''}${reason}`);
    for (const field of change.changes) {
      lines.push(`    ${field.path}: Datadog has ${show(field.actual)}, the app wants ${show(field.desired)}`);
    }
  }
  const count = (action: ChangeAction) => plan.changes.filter(c => c.action === action).length;
  lines.push(`Plan: ${count(ChangeAction.CREATE)} to create, ${count(ChangeAction.UPDATE)} to update, ` +
    `${count(ChangeAction.DELETE)} to delete, ${count(ChangeAction.UNCHANGED)} unchanged.`);
  return lines.join('\n') + '\n';
}
