import { IConstruct } from 'constructs';

/**
 * Tables that carry a backup of their own until a `DrPlan` protects them (`ServerlessTable`'s daily
 * backup, SRV-03). `DrPlan.protectTable` replaces it with the plan's: one daily backup per table,
 * in the plan's vault, copied and restore-tested with the rest (DR-02).
 */
const BASELINE_BACKUPS = new WeakMap<IConstruct, () => void>();

/** Records how to remove the own backup of `table` once a `DrPlan` protects it. */
export function registerTableBaselineBackup(table: IConstruct, remove: () => void): void {
  BASELINE_BACKUPS.set(table, remove);
}

/** Removes the own backup of `table`, if it has one. */
export function replaceTableBaselineBackup(table: IConstruct): void {
  const remove = BASELINE_BACKUPS.get(table);
  BASELINE_BACKUPS.delete(table);
  remove?.();
}
