import { ResourceIdentity } from './identity';

/** The kinds of Datadog resource the provider and the sync engine manage. */
export enum ResourceKind {
  /** A monitor, composite monitors included (`/api/v1/monitor`). */
  MONITOR = 'monitor',
  /** A service level objective (`/api/v1/slo`). */
  SLO = 'slo',
  /** A synthetics API test (`/api/v1/synthetics/tests/api`). */
  SYNTHETICS_API_TEST = 'synthetics-api-test',
  /** A downtime (`/api/v2/downtime`). */
  DOWNTIME = 'downtime',
  /** A dashboard (`/api/v1/dashboard`). */
  DASHBOARD = 'dashboard',
}

/** A JSON object in Datadog's own API shape (snake_case keys). */
export type ApiJson = { [key: string]: any };

/**
 * One resource as the app wants it, written by the constructs into the custom resource's `Definition`
 * (a JSON string), so the deploy-time handler and the CLI reading a cloud assembly offline start from
 * the same value. Monitor ids known only at deploy time appear in `body` as `{{ref:N}}` placeholders;
 * `references[N]` is that monitor's identity id. Ordering by `ReferencedMonitorIds`: docs/datadog.md.
 */
export interface DesiredResource {
  readonly kind: ResourceKind;
  readonly identity: ResourceIdentity;
  /** The request body in Datadog's API shape, identity tags included. */
  readonly body: ApiJson;
  /** Identity ids of the monitors referenced by `{{ref:N}}` placeholders, in order. */
  readonly references: string[];
}

const WHOLE_PLACEHOLDER = /^\{\{ref:(\d+)\}\}$/;
const PLACEHOLDER = /\{\{ref:(\d+)\}\}/g;

/** The placeholder of the `index`-th referenced monitor. */
export function referencePlaceholder(index: number): string {
  return `{{ref:${index}}}`;
}

/**
 * Replaces every `{{ref:N}}` in `body` with `resolve(N)`. A string that is exactly one placeholder
 * becomes the value itself (monitor ids are numbers in Datadog's API); placeholders inside longer
 * strings (a composite query) are substituted as text.
 */
export function resolveReferences(body: ApiJson, resolve: (index: number) => number | string): ApiJson {
  const walk = (value: any): any => {
    if (typeof value === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(value);
      if (whole) return resolve(Number(whole[1]));
      return value.replace(PLACEHOLDER, (_, n) => String(resolve(Number(n))));
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(body);
}

/**
 * `value` without `undefined` members, recursively: what a construct leaves unset is omitted from
 * the request body (Datadog's schemas are not all nullable) and from the definition.
 */
export function withoutUnset(value: ApiJson): ApiJson {
  const walk = (v: any): any => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value);
}

/** Parses and checks the `Definition` property of a custom resource. */
export function parseDefinition(json: string): DesiredResource {
  const value = JSON.parse(json) as DesiredResource;
  if (!Object.values(ResourceKind).includes(value.kind) || !value.identity?.id || typeof value.body !== 'object') {
    throw new Error(`not a Datadog resource definition: ${json.slice(0, 200)}`);
  }
  return { ...value, references: value.references ?? [] };
}
