import { createHash } from 'crypto';
import { ChangeAction, Plan, PlannedChange } from './plan';

/** A plan saved by `plan --out`, applied by `apply <file>` only while it still describes what apply would do. */
export interface PlanFile {
  readonly version: 1;
  /** The cloud assembly the plan was made from. */
  readonly app: string;
  /** The `--stack` filter, empty for all stacks. */
  readonly stacks: string[];
  /** Hash of every change and of the Datadog state it was computed against. */
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly summary: PlanSummary;
  readonly changes: PlanFileChange[];
}

/** How many changes of each action a plan holds. */
export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly unchanged: number;
}

/** One change of a saved plan or of `--json` output. */
export interface PlanFileChange {
  readonly action: ChangeAction;
  readonly kind: string;
  readonly label: string;
  readonly identity?: string;
  readonly id?: string;
  readonly name?: string;
  readonly reason?: string;
  readonly fields: { path: string; datadog: unknown; app: unknown }[];
}

/** A plan as JSON-ready changes. */
export function planChanges(plan: Plan): PlanFileChange[] {
  return plan.changes.map((change: PlannedChange) => ({
    action: change.action,
    kind: change.kind,
    label: change.label,
    identity: change.desired?.identity.id ?? change.actual?.identityId,
    id: change.actual?.id,
    name: change.desired?.body.name ?? change.desired?.body.title ?? change.actual?.name,
    reason: change.reason,
    fields: change.changes.map(f => ({ path: f.path, datadog: f.actual, app: f.desired })),
  }));
}

/** Counts of a plan's actions. */
export function planSummary(plan: Plan): PlanSummary {
  const count = (action: ChangeAction) => plan.changes.filter(c => c.action === action).length;
  return {
    create: count(ChangeAction.CREATE),
    update: count(ChangeAction.UPDATE),
    delete: count(ChangeAction.DELETE),
    unchanged: count(ChangeAction.UNCHANGED),
  };
}

/**
 * The fingerprint of a plan: its changes, and for every resource it touches the Datadog state it
 * compared against. Two plans with the same fingerprint would make the same requests.
 */
export function planFingerprint(plan: Plan): string {
  const material = plan.changes.map(change => ({
    action: change.action,
    kind: change.kind,
    identity: change.desired?.identity.id ?? change.actual?.identityId,
    id: change.actual?.id,
    desired: change.desired?.body,
    modified: change.actual?.body.modified ?? change.actual?.body.modified_at ?? change.actual?.body.attributes?.modified ?? null,
    fields: change.changes,
  }));
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** The file `plan --out` writes. */
export function planFile(plan: Plan, app: string, stacks: string[], now = new Date()): PlanFile {
  return {
    version: 1, app, stacks, fingerprint: planFingerprint(plan), createdAt: now.toISOString(), summary: planSummary(plan), changes: planChanges(plan),
  };
}

/** Parses a saved plan; throws naming what is wrong. */
export function parsePlanFile(text: string, file: string): PlanFile {
  let value: any;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not a plan file (not JSON); make one with "tenant-platform datadog plan --out ${file}"`);
  }
  if (value?.version !== 1 || typeof value.app !== 'string' || typeof value.fingerprint !== 'string' || !Array.isArray(value.stacks)) {
    throw new Error(`${file} is not a plan file of this version; make one with "tenant-platform datadog plan --out ${file}"`);
  }
  return value as PlanFile;
}
