import { DashboardOps } from './dashboard-ops';
import { DatadogApi, errorText, statusOf } from './datadog-api';
import { fieldChanges } from './diff';
import { DowntimeOps } from './downtime-ops';
import { MonitorOps } from './monitor-ops';
import { ActualResource, DeleteOutcome, ResourceOps } from './resource-ops';
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
   * so the first lookup is skipped; a failed create is still followed by one.
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
   * Creates the resource, or adopts the one that already carries its identity tag: a create that
   * CloudFormation retries, or whose response was lost, never makes a duplicate.
   */
  public async createOrAdopt(kind: ResourceKind, identityId: string, body: ApiJson, options: CreateOptions = {}): Promise<ActualResource> {
    if (!options.knownAbsent) {
      const adopted = await this.adopt(kind, identityId, body);
      if (adopted) return adopted;
    }
    const attempts = this.options.createAttempts ?? 4;
    let backoff = this.options.createBackoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.of(kind).create(body);
      } catch (error) {
        const status = statusOf(error);
        // A 4xx is a definite "no": nothing was created and repeating would not help.
        if ((status !== undefined && status < 500) || attempt >= attempts) throw error;
      }
      // The request may have been applied even though no answer arrived: look before retrying.
      const found = await this.adopt(kind, identityId, body);
      if (found) return found;
      await this.sleep(backoff);
      backoff *= 2;
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

  /** Deletes every resource carrying identity `identityId` (cleans up after a failed create). */
  public async deleteByIdentity(kind: ResourceKind, identityId: string): Promise<void> {
    for (const resource of await this.of(kind).findByIdentity(identityId)) {
      await this.delete(kind, resource.id);
    }
  }

  private async adopt(kind: ResourceKind, identityId: string, body: ApiJson): Promise<ActualResource | undefined> {
    const found = await this.of(kind).findByIdentity(identityId);
    if (found.length === 0) return undefined;
    const [keep] = found.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    if (!this.differs(kind, body, keep)) return keep;
    return (await this.of(kind).update(keep.id, body)) ?? this.of(kind).create(body);
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
