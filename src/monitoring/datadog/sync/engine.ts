import { DashboardOps } from './dashboard-ops';
import { DatadogApi, errorText, statusOf } from './datadog-api';
import { fieldChanges } from './diff';
import { DowntimeOps } from './downtime-ops';
import { MonitorOps } from './monitor-ops';
import { ActualResource, DeleteOutcome, ResourceOps, survivorOrder } from './resource-ops';
import { SloOps } from './slo-ops';
import { SyntheticsOps } from './synthetics-ops';
import { ApiJson, ResourceKind } from '../model/desired-resource';

/** How long the engine keeps trying when Datadog's answer is ambiguous or blocked. */
export interface EngineOptions {
  /** Waits `ms` milliseconds. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Create attempts when the answer was lost (5xx, dropped connection). @default 4 */
  readonly createAttempts?: number;
  /** Pause between create attempts, doubled each time. @default 1000 */
  readonly createBackoffMs?: number;
  /** How long a delete waits for the composites/SLOs still referencing a monitor to go. @default 300000 */
  readonly referrerWaitMs?: number;
  /** Pause between delete attempts while referenced. @default 5000 */
  readonly referrerPollMs?: number;
}

/** How `createOrAdopt` looks for an existing resource. */
export interface CreateOptions {
  /**
   * The caller has just listed the managed resources and found none with this identity (`apply`),
   * so the look-up before the first POST is skipped; the look after a create (which settles a race
   * with another run) and the look after a failed create still happen.
   * @default false
   */
  readonly knownAbsent?: boolean;
}

/**
 * The one place that writes to Datadog: the deploy-time handler and `tenant-platform datadog apply`
 * both go through it, and `plan`/`drift` compare with the same `comparable` views, so deploy and
 * drift can never disagree about what "in sync" means.
 */
export class SyncEngine {
  public readonly monitors: MonitorOps;
  private readonly ops: Record<ResourceKind, ResourceOps>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(public readonly api: DatadogApi, private readonly options: EngineOptions = {}) {
    this.monitors = new MonitorOps(api);
    this.ops = {
      [ResourceKind.MONITOR]: this.monitors,
      [ResourceKind.SLO]: new SloOps(api),
      [ResourceKind.SYNTHETICS_API_TEST]: new SyntheticsOps(api),
      [ResourceKind.DOWNTIME]: new DowntimeOps(api),
      [ResourceKind.DASHBOARD]: new DashboardOps(api),
    };
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /** The operations of one kind. */
  public of(kind: ResourceKind): ResourceOps {
    return this.ops[kind];
  }

  /** Whether `actual` differs from `body` in any managed field. */
  public differs(kind: ResourceKind, body: ApiJson, actual: ActualResource): boolean {
    const ops = this.of(kind);
    return fieldChanges(ops.comparable(body), ops.comparable(actual.body)).length > 0;
  }

  /**
   * Creates the resource, or adopts the one that already carries its identity tag, so neither a
   * create that CloudFormation retries, nor one whose answer was lost, nor two `apply` runs racing
   * leave a duplicate:
   * - it looks up the identity before the first POST (unless the caller just did), and after an
   *   ambiguous failure (5xx, timeout, lost connection) it looks again before any new POST;
   * - after a successful POST it looks once more: if another run created the same identity, the
   *   one created first survives everywhere (`survivorOrder`), the others are deleted by their maker.
   * Once a POST succeeded the create never fails: a failing clean-up look is left to `plan`.
   */
  public async createOrAdopt(kind: ResourceKind, identityId: string, body: ApiJson, options: CreateOptions = {}): Promise<ActualResource> {
    const existing = options.knownAbsent ? undefined : await this.adopt(kind, identityId, body);
    if (existing) return existing;
    const attempts = this.options.createAttempts ?? 4;
    let backoff = this.options.createBackoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      let created: ActualResource;
      try {
        created = await this.of(kind).create(body);
      } catch (error) {
        const status = statusOf(error);
        // A 4xx other than 429 is a definite "no": nothing was created and repeating would not help.
        if ((status !== undefined && status < 500 && status !== 429) || attempt >= attempts) throw error;
        // The request may have been applied even though no answer arrived: look before retrying.
        const found = await this.lookUpAfterFailedCreate(kind, identityId, body, error);
        if (found) return found;
        await this.sleep(backoff);
        backoff *= 2;
        continue;
      }
      return this.settle(kind, identityId, body, created);
    }
  }

  /** Updates resource `id`; if it was deleted behind our back (404), creates it again. */
  public async update(kind: ResourceKind, id: string, identityId: string, body: ApiJson): Promise<ActualResource> {
    const ops = this.of(kind);
    if (ops.isId(id)) {
      const updated = await ops.update(id, body);
      if (updated) return updated;
    }
    return this.createOrAdopt(kind, identityId, body);
  }

  /**
   * Deletes resource `id`, tolerating 404. A monitor still referenced by a composite or an SLO is
   * deleted only after its referrer: the delete is retried until the referrer is gone (it usually
   * is being deleted in the same deployment) or `referrerWaitMs` has passed.
   */
  public async delete(kind: ResourceKind, id: string): Promise<DeleteOutcome> {
    const ops = this.of(kind);
    let waited = 0;
    const limit = this.options.referrerWaitMs ?? 300_000;
    const poll = this.options.referrerPollMs ?? 5_000;
    for (;;) {
      const outcome = await ops.delete(id);
      if (outcome !== DeleteOutcome.REFERENCED) return outcome;
      if (waited >= limit) {
        const referrers = await this.referrersOf(id);
        throw new Error(`monitor ${id} is still referenced by ${referrers || 'another resource'} after ${Math.round(waited / 1000)} s; delete the referrer first`);
      }
      await this.sleep(poll);
      waited += poll;
    }
  }

  /**
   * Deletes every resource carrying identity `identityId` and owned by `owner` (all of them when
   * no owner is given): a monitor `apply` re-created under a new id, what a failed create made.
   * Returns the ids deleted.
   */
  public async deleteByIdentity(kind: ResourceKind, identityId: string, owner?: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const resource of await this.of(kind).findByIdentity(identityId)) {
      if (owner !== undefined && resource.owner !== undefined && resource.owner !== owner) continue;
      await this.delete(kind, resource.id);
      deleted.push(resource.id);
    }
    return deleted;
  }

  /** The surviving resource of identity `identityId`, brought up to `body`; undefined when there is none. */
  private async adopt(kind: ResourceKind, identityId: string, body: ApiJson): Promise<ActualResource | undefined> {
    const [keep] = (await this.of(kind).findByIdentity(identityId)).sort(survivorOrder);
    if (!keep) return undefined;
    if (!this.differs(kind, body, keep)) return keep;
    return (await this.of(kind).update(keep.id, body)) ?? this.of(kind).create(body);
  }

  /** Looks for what an unanswered create may have made, retrying the look itself; never POSTs. */
  private async lookUpAfterFailedCreate(kind: ResourceKind, identityId: string, body: ApiJson, cause: unknown): Promise<ActualResource | undefined> {
    const attempts = this.options.createAttempts ?? 4;
    let backoff = this.options.createBackoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.adopt(kind, identityId, body);
      } catch (error) {
        if (attempt >= attempts) {
          throw new Error(`${errorText(cause)}; whether Datadog made the ${kind} is unknown (looking it up failed: ${errorText(error)}); ` +
            'the next deploy or apply adopts it by its identity tag');
        }
        await this.sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /** After a successful create: if a concurrent run made the same identity, keep the first made and delete ours. */
  private async settle(kind: ResourceKind, identityId: string, body: ApiJson, created: ActualResource): Promise<ActualResource> {
    let all: ActualResource[];
    try {
      all = await this.of(kind).findByIdentity(identityId);
    } catch {
      return created;
    }
    if (!all.some(r => r.id === created.id)) all.push(created);
    const [survivor] = all.sort(survivorOrder);
    if (survivor.id === created.id) return created;
    try {
      await this.delete(kind, created.id);
      return (await this.adopt(kind, identityId, body)) ?? created;
    } catch {
      return created;
    }
  }

  private async referrersOf(monitorId: string): Promise<string> {
    try {
      const answer = await this.api.monitors.checkCanDeleteMonitor({ monitorIds: [Number(monitorId)] });
      return JSON.stringify(answer.errors ?? {});
    } catch (e) {
      return errorText(e);
    }
  }
}
