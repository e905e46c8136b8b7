import { MonitorOps } from './monitor-ops';
import { ActualResource } from './resource-ops';

/** The monthly clean-up view of an organisation's monitors (MON-06). */
export interface Inventory {
  /** Monitors carrying the managed-by tag and declared by the app. */
  readonly managed: ActualResource[];
  /** Monitors carrying the managed-by tag of one of the app's stacks but no longer declared. */
  readonly orphaned: ActualResource[];
  /** Monitors made by hand (or another tool). */
  readonly unmanaged: ActualResource[];
  /** Groups of two or more monitors with the same type and query. */
  readonly duplicates: ActualResource[][];
}

/**
 * Sorts every monitor of the organisation into managed, orphaned, unmanaged and duplicate groups.
 * `declared` holds the identity ids the app declares; `stacks` the app's stacks.
 */
export async function takeInventory(monitors: MonitorOps, declared: ReadonlySet<string>, stacks: ReadonlySet<string>): Promise<Inventory> {
  const all = await monitors.listAll();
  const inventory: Inventory = { managed: [], orphaned: [], unmanaged: [], duplicates: [] };
  for (const monitor of all) {
    if (monitor.identityId && declared.has(monitor.identityId)) inventory.managed.push(monitor);
    else if (monitor.identityId && monitor.stack && stacks.has(monitor.stack)) inventory.orphaned.push(monitor);
    else if (!monitor.identityId) inventory.unmanaged.push(monitor);
  }
  const groups = new Map<string, ActualResource[]>();
  for (const monitor of all) {
    const { type, query } = monitors.comparable(monitor.body);
    const key = `${type}\u0000${query}`;
    groups.set(key, [...(groups.get(key) ?? []), monitor]);
  }
  inventory.duplicates.push(...[...groups.values()].filter(group => group.length > 1));
  return inventory;
}

/** The inventory as text: one section per group, one line per monitor. */
export function renderInventory(inventory: Inventory): string {
  const line = (m: ActualResource) => `  ${m.id.padStart(9)}  ${m.body.type.padEnd(14)}  ${m.name}`;
  const section = (title: string, monitors: ActualResource[]) => [`${title} (${monitors.length})`, ...monitors.map(line)];
  return [
    ...section('Managed by this app', inventory.managed),
    ...section('Managed, no longer in the app (apply deletes them)', inventory.orphaned),
    ...section('Unmanaged (made by hand or another tool)', inventory.unmanaged),
    `Duplicates: same type and query (${inventory.duplicates.length} groups)`,
    ...inventory.duplicates.flatMap((group, i) => [`  group ${i + 1}: ${group[0].body.query}`, ...group.map(line)]),
    '',
  ].join('\n');
}
