// Deep imports keep the bundles small (the package root pulls in every API: ~10 MB minified).
import { logger } from '@datadog/datadog-api-client/dist/logger';
import {
  HttpLibrary, IsomorphicFetchHttpLibrary, RequestContext, ResponseContext,
} from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';

// The client logs every network error it throws; this transport retries or reports them itself.
if (!process.env.DEBUG) logger.setLevel(logger.levels.SILENT);

/** How the transport waits and retries; tests inject a fake `sleep` and `random`. */
export interface RetryPolicy {
  /** Waits `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Attempts per request before the last answer is reported as an error. */
  readonly maxAttempts: number;
  /** First backoff after a 5xx or a network error; doubles per attempt, with jitter. */
  readonly backoffMs: number;
  /** Longest single wait, whatever `Retry-After` or `X-RateLimit-Reset` says. */
  readonly maxWaitMs: number;
  /**
   * How long one attempt may take, answer body included. A server that accepted the request and
   * stays silent this long is reported, not retried: it is unlikely to answer a repeat, and the caller
   * (a CI job, a Lambda function) must end.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /** A number in [0, 1) for the backoff jitter. @default Math.random */
  readonly random?: () => number;
}

/** The defaults used by the Lambda handler and the CLI. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  maxAttempts: 6,
  backoffMs: 500,
  maxWaitMs: 60_000,
  timeoutMs: 30_000,
};

/** What the transport saw, for progress output and the benchmark. */
export interface TransportStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests answered 429. */
  rateLimited: number;
  /** Requests retried after a 5xx or a network error. */
  retried: number;
}

/**
 * A Datadog request that failed: the status (when there was an answer), the method and the
 * endpoint, and Datadog's `errors` (or what the body was when it was not JSON). Its message is one
 * line, fit for a CLI or a CloudFormation event.
 */
export class DatadogRequestError extends Error {
  constructor(
    public readonly method: string,
    public readonly path: string,
    /** HTTP status; undefined when no answer arrived (timeout, connection refused or reset). */
    public readonly status: number | undefined,
    /** Datadog's `errors`, or a description of a body that is not Datadog's JSON. */
    public readonly errors: string[],
  ) {
    super(`${method} ${path}: ${status === undefined ? '' : `HTTP ${status}${errors.length ? ': ' : ''}`}${errors.join('; ')}`);
    this.name = 'DatadogRequestError';
  }
}

/**
 * The Datadog client's HTTP layer, respecting the API's rate limits (MON-06): every attempt has a
 * timeout, 429 waits `Retry-After` or `X-RateLimit-Reset`, 5xx and network errors back off only for
 * requests safe to repeat (never a create's POST), any other failure throws a `DatadogRequestError`.
 * It replaces the client's built-in retry; rules and reasons: docs/datadog.md, "Transport".
 */
export class ResilientHttpLibrary implements HttpLibrary {
  public readonly stats: TransportStats = { requests: 0, rateLimited: 0, retried: 0 };
  public debug?: boolean;
  public enableRetry?: boolean;
  public maxRetries?: number;
  public backoffBase?: number;
  public backoffMultiplier?: number;
  public fetch?: any;
  public zstdCompressorCallback?: (body: string) => Buffer;
  private readonly inner = new IsomorphicFetchHttpLibrary();

  constructor(private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {}

  public async send(request: RequestContext): Promise<ResponseContext> {
    this.inner.enableRetry = false;
    this.inner.fetch = this.fetch;
    const method = request.getHttpMethod().toString();
    const path = new URL(request.getUrl()).pathname;
    const repeatable = isRepeatable(method, path);
    const random = this.policy.random ?? Math.random;
    let backoff = this.policy.backoffMs;
    const jittered = () => Math.round(backoff / 2 + (random() * backoff) / 2);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.policy.maxAttempts;
      this.stats.requests++;
      let answer: { status: number; headers: Record<string, string>; text: string };
      try {
        answer = await this.attempt(request, method, path);
      } catch (error) {
        if (!(error instanceof DatadogRequestError) || error.errors[0]?.startsWith('no answer within') || !repeatable || last) throw error;
        this.stats.retried++;
        await this.policy.sleep(jittered());
        backoff *= 2;
        continue;
      }
      if (answer.status === 429 && !last) {
        this.stats.rateLimited++;
        await this.policy.sleep(this.rateLimitWait(answer.headers, jittered()));
        continue;
      }
      if (answer.status >= 500 && repeatable && !last) {
        this.stats.retried++;
        await this.policy.sleep(jittered());
        backoff *= 2;
        continue;
      }
      if (answer.status < 200 || answer.status > 299) {
        throw new DatadogRequestError(method, path, answer.status, describeErrorBody(answer.headers, answer.text));
      }
      const text = answer.text;
      return new ResponseContext(answer.status, answer.headers, { text: async () => text, binary: async () => Buffer.from(text) });
    }
  }

  /** One attempt, answer body read, within the timeout. */
  private async attempt(request: RequestContext, method: string, path: string) {
    const timeoutMs = this.policy.timeoutMs ?? 30_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    request.setHttpConfig({ ...request.getHttpConfig(), signal: controller.signal as any });
    try {
      const response = await this.inner.send(request);
      const text = await response.body.text();
      return { status: response.httpStatusCode, headers: response.headers, text };
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${timeoutMs / 1000} s`
        : `no answer: ${(error as any)?.code ?? (error as Error)?.message ?? error}`;
      throw new DatadogRequestError(method, path, undefined, [reason]);
    } finally {
      clearTimeout(timer);
    }
  }

  private rateLimitWait(headers: Record<string, string>, backoff: number): number {
    const retryAfter = headers['retry-after'];
    let ms = backoff;
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
      ms = Number(retryAfter) * 1000;
    } else if (retryAfter !== undefined && !Number.isNaN(Date.parse(retryAfter))) {
      ms = Math.max(0, Date.parse(retryAfter) - Date.now());
    } else if (headers['x-ratelimit-reset'] !== undefined && Number(headers['x-ratelimit-reset']) >= 0) {
      ms = Number(headers['x-ratelimit-reset']) * 1000;
    }
    return Math.min(ms, this.policy.maxWaitMs);
  }
}

function isRepeatable(method: string, path: string): boolean {
  if (method !== 'POST') return true;
  return path.endsWith('/validate') || path.endsWith('/synthetics/tests/delete');
}

/** Datadog's `errors`, or what the body is: an HTML page from a proxy keeps only its title. */
function describeErrorBody(headers: Record<string, string>, text: string): string[] {
  try {
    const body = JSON.parse(text);
    if (Array.isArray(body?.errors)) return body.errors.map((e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e)));
    return [JSON.stringify(body).slice(0, 200)];
  } catch {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const type = (headers['content-type'] ?? 'unknown').split(';')[0];
    return [`${type} body${title ? ` "${title}"` : text.trim() ? ` "${text.trim().replace(/\s+/g, ' ').slice(0, 80)}"` : ' (empty)'}`];
  }
}
