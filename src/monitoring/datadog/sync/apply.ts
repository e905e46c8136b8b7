import { forEachLimited } from './concurrency';
import { errorText } from './datadog-api';
import { SyncEngine } from './engine';
import { ChangeAction, Plan, PlannedChange } from './plan';
import { ResourceKind, resolveReferences } from '../model/desired-resource';

/** How `apply` runs. */
export interface ApplyOptions {
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Receives one line per finished change. */
  readonly onProgress?: (line: string) => void;
}

/** What `apply` did. */
export interface ApplyResult {
  readonly done: number;
  /** Kinds of which this run created resources (where a racing run could have made duplicates). */
  readonly createdKinds: ResourceKind[];
  readonly failed: { readonly label: string; readonly error: string }[];
}

/**
 * Makes Datadog match `plan` in dependency order: plain monitors, synthetics tests and dashboards,
 * then composites, then SLOs and downtimes (they reference monitors); deletions run the other way round,
 * referrers before the monitors they reference. A failure is reported and the rest carries on;
 * every resource carries its identity tag, so a rerun adopts what an interrupted run created.
 */
export async function applyPlan(engine: SyncEngine, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const concurrency = options.concurrency ?? 4;
  const progress = options.onProgress ?? (() => undefined);
  const monitorIds = new Map(plan.monitorIds);
  const failed: { label: string; error: string }[] = [];
  const createdKinds = new Set<ResourceKind>();
  let done = 0;
  const total = plan.changes.filter(c => c.action !== ChangeAction.UNCHANGED).length;

  const run = async (change: PlannedChange) => {
    try {
      await applyOne(change);
      done++;
      progress(`[${done + failed.length}/${total}] ${change.action}d ${change.kind} ${change.label}`);
    } catch (error) {
      failed.push({ label: change.label, error: errorText(error) });
      progress(`[${done + failed.length}/${total}] FAILED to ${change.action} ${change.kind} ${change.label}: ${errorText(error)}`);
    }
  };

  const applyOne = async (change: PlannedChange) => {
    if (change.action === ChangeAction.DELETE) {
      await engine.delete(change.kind, change.actual!.id);
      return;
    }
    const want = change.desired!;
    const body = resolveReferences(want.body, index => {
      const id = monitorIds.get(want.references[index]);
      if (id === undefined) throw new Error(`references monitor ${want.references[index]}, which does not exist in Datadog`);
      return id;
    });
    const result = change.action === ChangeAction.CREATE
      ? await engine.createOrAdopt(want.kind, want.identity.id, body, { knownAbsent: true })
      : await engine.update(want.kind, change.actual!.id, want.identity.id, body);
    if (change.action === ChangeAction.CREATE) createdKinds.add(want.kind);
    if (result.monitorId !== undefined) monitorIds.set(want.identity.id, result.monitorId);
  };

  const isComposite = (c: PlannedChange) => (c.desired?.body.type ?? c.actual?.body.type) === 'composite';
  const writes = plan.changes.filter(c => c.action === ChangeAction.CREATE || c.action === ChangeAction.UPDATE);
  const deletes = plan.changes.filter(c => c.action === ChangeAction.DELETE);
  // Referrers (SLOs, downtimes) are deleted first; dashboards reference nothing by id (their widgets search by tag).
  const deletedFirst = (c: PlannedChange) => c.kind === ResourceKind.SLO || c.kind === ResourceKind.DOWNTIME || c.kind === ResourceKind.DASHBOARD;
  const phases: PlannedChange[][] = [
    writes.filter(c => (c.kind === ResourceKind.MONITOR && !isComposite(c)) ||
      c.kind === ResourceKind.SYNTHETICS_API_TEST || c.kind === ResourceKind.DASHBOARD),
    writes.filter(c => c.kind === ResourceKind.MONITOR && isComposite(c)),
    writes.filter(c => c.kind === ResourceKind.SLO || c.kind === ResourceKind.DOWNTIME),
    deletes.filter(deletedFirst),
    deletes.filter(c => c.kind === ResourceKind.MONITOR && isComposite(c)),
    deletes.filter(c => (c.kind === ResourceKind.MONITOR && !isComposite(c)) || c.kind === ResourceKind.SYNTHETICS_API_TEST),
  ];
  for (const phase of phases) {
    await forEachLimited(phase, concurrency, run);
  }
  return { done, failed, createdKinds: [...createdKinds] };
}
