import { SyncEngine } from './engine';
import { ALL_KINDS, readManaged } from './plan';
import { ActualResource, survivorOrder } from './resource-ops';
import { DesiredResource, ResourceKind } from '../model/desired-resource';
import { normalMonitorType } from '../model/normalisations';

/** One resource of the inventory and the command that resolves it. */
export interface InventoryEntry {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly name: string;
  /** The stack tag's value, for managed resources. */
  readonly stack?: string;
  /** Why it is listed. */
  readonly reason: string;
  /** A command that resolves it (empty for resources that need nothing). */
  readonly resolve: string;
}

/** The monthly clean-up view of an organisation's Datadog resources (MON-06). */
export interface Inventory {
  /** Managed resources the app declares (the first made of each identity). */
  readonly managed: InventoryEntry[];
  /**
   * Managed resources whose identity the app does not declare: of one of the app's stacks (`apply`
   * deletes them) or of a stack that is not in the app (left behind by a removed stack, or another app's).
   */
  readonly orphaned: InventoryEntry[];
  /** Extra resources of one identity, beyond the first made (`apply` deletes them). */
  readonly duplicates: InventoryEntry[];
  /** Monitors made by hand or another tool. */
  readonly unmanaged: InventoryEntry[];
  /** Groups of two or more monitors with the same type and query, managed or not. */
  readonly sameQuery: InventoryEntry[][];
}

/** How the inventory words its commands. */
export interface InventoryContext {
  /** The `--app` argument, repeated in the commands. */
  readonly app: string;
  /** The API base URL, for the `curl` commands that delete what no app owns. */
  readonly apiUrl: string;
}

/** Sorts every managed resource of every kind, and every monitor, into the inventory's groups. */
export async function takeInventory(
  engine: SyncEngine, desired: readonly DesiredResource[], stacks: ReadonlySet<string>, context: InventoryContext,
): Promise<Inventory> {
  const [managed, monitors] = await Promise.all([readManaged(engine, ALL_KINDS), engine.monitors.listAll()]);
  const declared = new Set(desired.map(d => `${d.kind}/${d.identity.id}`));
  const inventory: Inventory = { managed: [], orphaned: [], duplicates: [], unmanaged: [], sameQuery: [] };
  const byIdentity = new Map<string, ActualResource[]>();
  for (const resource of [...managed].sort(survivorOrder)) {
    const key = `${resource.kind}/${resource.identityId}`;
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), resource]);
  }
  const apply = `tenant-platform datadog apply --app ${context.app}`;
  for (const [key, [first, ...extra]] of byIdentity) {
    if (!declared.has(key)) {
      for (const resource of [first, ...extra]) {
        inventory.orphaned.push(stacks.has(resource.stack ?? '')
          ? entry(resource, `stack ${resource.stack} no longer declares it`, apply)
          : entry(resource, `stack ${resource.stack} is not in this app`, deleteCommand(context.apiUrl, resource)));
      }
      continue;
    }
    inventory.managed.push(entry(first, 'declared by the app', ''));
    for (const resource of extra) inventory.duplicates.push(entry(resource, `duplicate of ${first.id} (same identity)`, apply));
  }
  for (const monitor of monitors) {
    if (monitor.identityId) continue;
    // The construct path is the user's choice: where in the app the monitor's construct will live.
    inventory.unmanaged.push(entry(monitor, 'no identity tag', `tenant-platform datadog adopt ${monitor.id} --as <Stack/ConstructPath> --app ${context.app}`));
  }
  const groups = new Map<string, ActualResource[]>();
  for (const monitor of monitors) {
    const key = `${normalMonitorType(monitor.body.type)}\u0000${String(monitor.body.query ?? '').trim()}`;
    groups.set(key, [...(groups.get(key) ?? []), monitor]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    inventory.sameQuery.push(group.map(m => entry(m, m.identityId ? 'managed' : 'unmanaged',
      m.identityId ? '' : deleteCommand(context.apiUrl, m))));
  }
  return inventory;
}

function entry(resource: ActualResource, reason: string, resolve: string): InventoryEntry {
  return { kind: resource.kind, id: resource.id, name: resource.name, stack: resource.stack, reason, resolve };
}

/** The request that deletes `resource` by hand (what no app in reach owns). */
export function deleteCommand(apiUrl: string, resource: { kind: ResourceKind; id: string }): string {
  const auth = '-H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY"';
  const id = encodeURIComponent(resource.id);
  switch (resource.kind) {
    case ResourceKind.MONITOR: return `curl -X DELETE "${apiUrl}/api/v1/monitor/${id}" ${auth}`;
    case ResourceKind.SLO: return `curl -X DELETE "${apiUrl}/api/v1/slo/${id}" ${auth}`;
    case ResourceKind.DOWNTIME: return `curl -X DELETE "${apiUrl}/api/v2/downtime/${id}" ${auth}`;
    case ResourceKind.DASHBOARD: return `curl -X DELETE "${apiUrl}/api/v1/dashboard/${id}" ${auth}`;
    case ResourceKind.SYNTHETICS_API_TEST:
      return `curl -X POST "${apiUrl}/api/v1/synthetics/tests/delete" ${auth} -H "Content-Type: application/json" -d '{"public_ids":["${resource.id}"]}'`;
  }
}

/** The inventory as text: one section per group, one line per resource and the command that resolves it. */
export function renderInventory(inventory: Inventory): string {
  const line = (e: InventoryEntry) => [
    `  ${e.kind.padEnd(19)} ${e.id.padStart(10)}  ${e.name}${e.reason ? ` — ${e.reason}` : ''}`,
    ...(e.resolve ? [`      $ ${e.resolve}`] : []),
  ];
  const section = (title: string, entries: InventoryEntry[]) => [`${title} (${entries.length})`, ...entries.flatMap(line)];
  return [
    `Managed by this app (${inventory.managed.length})`,
    ...section('Orphaned: managed, not declared by the app', inventory.orphaned),
    ...section('Duplicates: more than one resource of an identity', inventory.duplicates),
    ...section('Unmanaged monitors (made by hand or another tool)', inventory.unmanaged),
    `Monitors with the same type and query (${inventory.sameQuery.length} groups)`,
    ...inventory.sameQuery.flatMap((group, i) => [`  group ${i + 1}:`, ...group.flatMap(line)]),
    '',
  ].join('\n');
}
