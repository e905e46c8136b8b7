import { randomBytes, randomUUID } from 'crypto';

/** A JSON object as the Datadog API speaks it (snake_case). */
export type Json = { [key: string]: any };

/** An error answer: `{"errors": [...]}` with an HTTP status, as the Datadog API sends them. */
export class ApiError extends Error {
  constructor(public readonly status: number, public readonly errors: string[]) {
    super(errors.join('; '));
  }
}

/** What a route sees of a request. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  /** Path parameters matched by the route pattern (`:id`). */
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: any;
}

/** What a route answers (status 200 unless given). */
export interface EmulatorResponse {
  readonly status?: number;
  readonly body?: unknown;
}

/** One route: method + path pattern (`/api/v1/monitor/:id`) -> handler. */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handle: (request: EmulatorRequest) => EmulatorResponse;
}

/** The organisation's state, shared by all route families. */
export class EmulatorState {
  public readonly monitors = new Map<number, Json>();
  public readonly slos = new Map<string, Json>();
  public readonly downtimes = new Map<string, Json>();
  public readonly syntheticsTests = new Map<string, Json>();
  public readonly dashboards = new Map<string, Json>();
  public readonly orgId = 321813;
  public readonly creator = { email: 'ops@example.com', handle: 'ops@example.com', name: 'Ops', id: 1001 };
  private nextMonitorId = 1_000_001;
  private nextWidgetId = 1;
  /** The fake clock of `created`/`modified` stamps. */
  public now = () => new Date();

  /** A new monitor id. */
  public monitorId(): number {
    return this.nextMonitorId++;
  }

  /** A new dashboard widget id. */
  public widgetId(): number {
    return this.nextWidgetId++;
  }

  /** A new SLO id: 32 hex characters. */
  public sloId(): string {
    return randomBytes(16).toString('hex');
  }

  /** A new synthetics public id: `abc-def-ghi`. */
  public publicId(): string {
    const part = () => Array.from(randomBytes(3), b => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
    return `${part()}-${part()}-${part()}`;
  }

  /** A new downtime id (UUID). */
  public downtimeId(): string {
    return randomUUID();
  }

  /** Monitor ids named in a composite query. */
  public compositeIds(query: string): number[] {
    return [...new Set((query.match(/\d+/g) ?? []).map(Number))];
  }

  /** What still references monitor `id`: composites and SLOs, as Datadog names them in errors. */
  public referrersOf(id: number): string[] {
    const composites = [...this.monitors.values()]
      .filter(m => m.type === 'composite' && this.compositeIds(m.query).includes(id)).map(m => m.id);
    const slos = [...this.slos.values()].filter(s => (s.monitor_ids ?? []).includes(id)).map(s => s.id);
    const referrers: string[] = [];
    if (composites.length) referrers.push(`composite monitors: [${composites.join(',')}]`);
    if (slos.length) referrers.push(`slos: [${slos.join(',')}]`);
    return referrers;
  }
}

/** A body field that must be a non-empty string. */
export function requireString(body: Json, field: string, errors: string[]): void {
  if (typeof body?.[field] !== 'string' || body[field].trim() === '') {
    errors.push(`Invalid value for parameter '${field}': a non-empty string is required`);
  }
}

/** Tags of a resource match every tag in `wanted`. */
export function hasAllTags(tags: unknown, wanted: string[]): boolean {
  const own = Array.isArray(tags) ? tags : [];
  return wanted.every(tag => own.includes(tag));
}
