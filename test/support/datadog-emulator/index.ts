import * as http from 'http';
import { AddressInfo } from 'net';
import { dashboardRoutes } from './dashboard-routes';
import { downtimeRoutes } from './downtime-routes';
import { monitorRoutes } from './monitor-routes';
import { sloRoutes } from './slo-routes';
import { ApiError, EmulatorState, Route } from './state';
import { syntheticsRoutes } from './synthetics-routes';

export { EmulatorState } from './state';

/** Which requests a fault applies to. */
export interface FaultMatch {
  /** e.g. `POST`. @default any */
  readonly method?: string;
  /** Tested against the path. @default any */
  readonly path?: RegExp;
  /** Matching requests to let through before the fault starts. @default 0 */
  readonly skip?: number;
}

interface Fault extends FaultMatch {
  remaining: number;
  skipped?: number;
  readonly kind: 'status' | 'drop' | 'hang' | 'html';
  readonly status?: number;
  readonly resetSeconds?: number;
  /** Rate-limit answers: `Retry-After` instead of `X-RateLimit-Reset`. */
  readonly retryAfterSeconds?: number;
}

/** One request the emulator received (status 0: the response was dropped). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The parsed JSON request body, if any. */
  readonly body?: unknown;
}

/** Keys the emulator accepts unless told otherwise. */
export const EMULATOR_KEYS = { apiKey: 'emulator-api-key', appKey: 'emulator-app-key' };

const RATE_LIMIT = 1000;
const FLOAT = '\u0000float:';

/**
 * A stateful Datadog API on 127.0.0.1 (ephemeral port) for tests and benchmarks: monitors (with
 * validate, search, can_delete, force delete), SLOs, v2 downtimes, synthetics API tests and dashboards, with
 * the documented shapes and errors (see each `*-routes.ts`). Requests need `DD-API-KEY` and
 * `DD-APPLICATION-KEY` (403 otherwise). Every answer carries `X-RateLimit-*` headers.
 *
 * Switches: `latencyMs`; `rateLimit()` answers 429 with `X-RateLimit-Reset`,
 * `rateLimitRetryAfter()` with `Retry-After` only; `serverError()` answers 5xx without applying,
 * `htmlError()` a 5xx page in HTML as a load balancer does; `hang()` accepts and never answers;
 * `dropResponses()` applies the request and then destroys the connection (the "lost response" of a
 * create that did happen). `state` is the organisation, to change "in the UI" behind the tools' back.
 */
export class DatadogEmulator {
  /** Starts an emulator on an ephemeral port. */
  public static async start(keys = EMULATOR_KEYS): Promise<DatadogEmulator> {
    const emulator = new DatadogEmulator(keys);
    await new Promise<void>(resolve => emulator.server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  public readonly state = new EmulatorState();
  /** Every request received, in order. */
  public readonly requests: RecordedRequest[] = [];
  /** Delay before each answer. */
  public latencyMs = 0;
  /** Most requests that were being answered at the same time. */
  public maxInFlight = 0;
  private inFlight = 0;
  private readonly faults: Fault[] = [];
  private readonly routes: Route[];
  private readonly server: http.Server;

  private constructor(private readonly keys: { apiKey: string; appKey: string }) {
    this.routes = [
      ...monitorRoutes(this.state), ...sloRoutes(this.state), ...downtimeRoutes(this.state),
      ...syntheticsRoutes(this.state), ...dashboardRoutes(this.state),
    ];
    this.server = http.createServer((req, res) => { void this.serve(req, res); });
  }

  /** Base URL, `http://127.0.0.1:PORT`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` matching requests get 429 with `X-RateLimit-Reset: resetSeconds`. */
  public rateLimit(times: number, resetSeconds = 2, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'status', status: 429, resetSeconds });
  }

  /**
   * The next `times` matching requests get 429 with `Retry-After: seconds` and no
   * `X-RateLimit-Reset` (the answer of a proxy or of an endpoint outside Datadog's rate-limit headers).
   */
  public rateLimitRetryAfter(times: number, seconds: number, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'status', status: 429, retryAfterSeconds: seconds });
  }

  /** The next `times` matching requests are accepted and never answered (until `close`). */
  public hang(times: number, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'hang' });
  }

  /** The next `times` matching requests get `status` with an HTML body, as a load balancer in front of an API answers. */
  public htmlError(times: number, status = 502, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'html', status });
  }

  /** The next `times` matching requests get `status` (5xx) and change nothing. */
  public serverError(times: number, status = 503, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'status', status });
  }

  /** The next `times` matching requests are applied, then their connection is destroyed unanswered. */
  public dropResponses(times: number, match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: times, kind: 'drop' });
  }

  /** Requests received matching `match`. */
  public count(match: FaultMatch = {}): number {
    return this.requests.filter(r => matches(match, r.method, r.path)).length;
  }

  /** Stops listening and closes open connections. */
  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, this.latencyMs));
      this.answer(req, res, method, url, raw);
    } finally {
      this.inFlight--;
    }
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL, raw: string): void {
    const record = (status: number) => this.requests.push({ method, path: url.pathname, status, body: parseOrUndefined(raw) });

    const fault = this.faults.find(f => f.remaining > 0 && matches(f, method, url.pathname) && passes(f));
    if (fault) fault.remaining--;
    if (fault?.kind === 'hang') {
      record(0);
      return;
    }
    if (fault?.kind === 'html') {
      record(fault.status!);
      res.writeHead(fault.status!, { 'content-type': 'text/html' });
      res.end(`<html><head><title>${fault.status} Bad Gateway</title></head><body><center><h1>${fault.status} Bad Gateway</h1></center></body></html>\n`);
      return;
    }
    if (fault?.kind === 'status' && fault.retryAfterSeconds !== undefined) {
      record(429);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfterSeconds) });
      res.end(JSON.stringify({ errors: ['Rate limit exceeded'] }));
      return;
    }
    if (fault?.kind === 'status') {
      record(fault.status!);
      return this.send(res, fault.status!, { errors: [fault.status === 429 ? 'Rate limit exceeded' : 'Internal Server Error'] }, fault.resetSeconds);
    }
    let status: number;
    let body: unknown;
    if (req.headers['dd-api-key'] !== this.keys.apiKey || req.headers['dd-application-key'] !== this.keys.appKey) {
      [status, body] = [403, { errors: ['Forbidden'] }];
    } else {
      [status, body] = this.route(method, url, raw);
    }
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    record(status);
    this.send(res, status, body);
  }

  private route(method: string, url: URL, raw: string): [number, unknown] {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchPattern(route.pattern, url.pathname);
      if (!params) continue;
      try {
        const body = raw ? JSON.parse(raw) : undefined;
        const answer = route.handle({ method, path: url.pathname, params, query: url.searchParams, body });
        return [answer.status ?? 200, answer.body];
      } catch (e) {
        if (e instanceof ApiError) return [e.status, { errors: e.errors }];
        if (e instanceof SyntaxError) return [400, { errors: ['Invalid JSON'] }];
        return [500, { errors: [(e as Error).message] }];
      }
    }
    return [404, { errors: [`No route for ${method} ${url.pathname}`] }];
  }

  private send(res: http.ServerResponse, status: number, body: unknown, resetSeconds = 10): void {
    const remaining = status === 429 ? 0 : RATE_LIMIT - 1;
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-period': '10',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(resetSeconds),
      'x-ratelimit-name': 'emulator',
    });
    res.end(body === undefined ? '' : toWire(body));
  }
}

/**
 * JSON as Datadog writes it: monitor thresholds (monitor-threshold-floats) and SLO threshold
 * targets and warnings (slo-threshold-floats) as floats (`100.0`).
 */
function toWire(body: unknown): string {
  const float = (v: unknown) => (typeof v === 'number' ? `${FLOAT}${v}` : v);
  const text = JSON.stringify(body, (key, value) => {
    if (key !== 'thresholds' || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(t => (t && typeof t === 'object' ? { ...t, target: float(t.target), warning: float(t.warning) } : t));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, float(v)]));
  });
  return text.replace(/"\\u0000float:(-?[\d.e+-]+)"/g, (_, n) => (/[.e]/.test(n) ? n : `${n}.0`));
}

/** Whether a fault's `skip` is used up; counts the matching request when it is not. */
function passes(fault: Fault): boolean {
  if ((fault.skipped ?? 0) >= (fault.skip ?? 0)) return true;
  fault.skipped = (fault.skipped ?? 0) + 1;
  return false;
}

function parseOrUndefined(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return raw;
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  return (!match.method || match.method === method) && (!match.path || match.path.test(path));
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
