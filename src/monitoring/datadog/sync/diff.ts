import { ApiJson } from '../model/desired-resource';

/** One managed field whose value in Datadog differs from the app's. */
export interface FieldChange {
  /** Dotted path, e.g. `options.thresholds.critical`. */
  readonly path: string;
  readonly desired: unknown;
  readonly actual: unknown;
}

/** The fields of two `comparable` views that differ; arrays compare whole. */
export function fieldChanges(desired: ApiJson, actual: ApiJson, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of new Set([...Object.keys(desired), ...Object.keys(actual)])) {
    const path = prefix ? `${prefix}.${key}` : key;
    const d = desired[key];
    const a = actual[key];
    if (isObject(d) && isObject(a)) {
      changes.push(...fieldChanges(d, a, path));
    } else if (JSON.stringify(d ?? null) !== JSON.stringify(a ?? null)) {
      changes.push({ path, desired: d ?? null, actual: a ?? null });
    }
  }
  return changes;
}

/** A value for a one-line diff. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isObject(value: unknown): value is ApiJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
