// Deep imports keep the bundles small (the package root pulls in every API: ~10 MB minified).
import { logger } from '@datadog/datadog-api-client/dist/logger';
import {
  HttpLibrary, IsomorphicFetchHttpLibrary, RequestContext, ResponseContext,
} from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';

// The client logs every network error it throws; this transport retries or reports them itself.
if (!process.env.DEBUG) logger.setLevel(logger.levels.SILENT);

/** How the transport waits and retries; tests inject a fake `sleep`. */
export interface RetryPolicy {
  /** Waits `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Attempts per request before the last answer is returned (or the last network error thrown). */
  readonly maxAttempts: number;
  /** First backoff after a 5xx or a network error; doubles per attempt. */
  readonly backoffMs: number;
  /** Longest single wait, whatever `X-RateLimit-Reset` says. */
  readonly maxWaitMs: number;
}

/** The defaults used by the Lambda handler and the CLI. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  maxAttempts: 6,
  backoffMs: 500,
  maxWaitMs: 60_000,
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
 * The client's HTTP layer with our own retry rules, because the built-in retry (`enableRetry`)
 * retries POST on 5xx — a create whose response was lost would make a duplicate — and hides the
 * response headers.
 *
 * - 429 (nothing was applied): wait `X-RateLimit-Reset` seconds and retry, any method.
 * - 5xx or a network error: retry with exponential backoff only when repeating the request is
 *   harmless (GET, PUT, PATCH, DELETE, validate). A failed create is handed back to the sync
 *   engine, which looks for the resource by its identity tag before trying again.
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
    const repeatable = isRepeatable(request);
    let backoff = this.policy.backoffMs;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.policy.maxAttempts;
      this.stats.requests++;
      let response: ResponseContext;
      try {
        response = await this.inner.send(request);
      } catch (error) {
        if (!repeatable || last) throw error;
        this.stats.retried++;
        await this.policy.sleep(backoff);
        backoff *= 2;
        continue;
      }
      if (response.httpStatusCode === 429 && !last) {
        this.stats.rateLimited++;
        await drain(response);
        await this.policy.sleep(this.rateLimitWait(response.headers));
        continue;
      }
      if (response.httpStatusCode >= 500 && repeatable && !last) {
        this.stats.retried++;
        await drain(response);
        await this.policy.sleep(backoff);
        backoff *= 2;
        continue;
      }
      return response;
    }
  }

  private rateLimitWait(headers: Record<string, string>): number {
    const reset = Number(headers['x-ratelimit-reset']);
    const ms = Number.isFinite(reset) && reset >= 0 ? reset * 1000 : this.policy.backoffMs;
    return Math.min(ms, this.policy.maxWaitMs);
  }
}

function isRepeatable(request: RequestContext): boolean {
  const method = request.getHttpMethod().toString();
  if (method !== 'POST') return true;
  const path = new URL(request.getUrl()).pathname;
  return path.endsWith('/validate') || path.endsWith('/synthetics/tests/delete');
}

async function drain(response: ResponseContext): Promise<void> {
  await response.body.text().catch(() => undefined);
}
