import { DatadogApi, errorText, statusOf, toJson, toModel } from './datadog-api';
import {
  ActualResource, DeleteOutcome, actualResource, ResourceOps, allPages, normalBoolean, normalNumber, normalTags, normalText,
} from './resource-ops';
import { compositeReferences, parseComposite, renderComposite } from '../model/composite-expression';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { MANAGED_BY_TAG, identityTag } from '../model/identity';
import { normalMonitorType } from '../model/normalisations';

const PAGE_SIZE = 1000;
/** Monitors owned by a synthetics test are managed through the test, never on their own. */
const OWNED_TYPES = new Set(['synthetics alert']);

/** Monitors and composite monitors, `/api/v1/monitor`. */
export class MonitorOps implements ResourceOps {
  public readonly kind = ResourceKind.MONITOR;

  constructor(private readonly api: DatadogApi) {}

  public async listManaged(): Promise<ActualResource[]> {
    return this.list(MANAGED_BY_TAG);
  }

  public async findByIdentity(identityId: string): Promise<ActualResource[]> {
    return this.list(identityTag(identityId));
  }

  /** Every monitor in the organisation, managed or not (for `inventory`). */
  public async listAll(): Promise<ActualResource[]> {
    return this.list(undefined);
  }

  public async get(id: string): Promise<ActualResource | undefined> {
    try {
      return toActual(await this.api.monitors.getMonitor({ monitorId: Number(id) }));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async create(body: ApiJson): Promise<ActualResource> {
    return toActual(await this.api.monitors.createMonitor({ body: toModel(body, 'Monitor') }));
  }

  public async update(id: string, body: ApiJson): Promise<ActualResource | undefined> {
    try {
      return toActual(await this.api.monitors.updateMonitor({ monitorId: Number(id), body: toModel(body, 'MonitorUpdateRequest') }));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async delete(id: string): Promise<DeleteOutcome> {
    try {
      await this.api.monitors.deleteMonitor({ monitorId: Number(id) });
      return DeleteOutcome.DELETED;
    } catch (e) {
      if (statusOf(e) === 404) return DeleteOutcome.ABSENT;
      if (statusOf(e) === 400 && /referenced/i.test(errorText(e))) return DeleteOutcome.REFERENCED;
      throw e;
    }
  }

  /** Datadog's own check of a monitor definition (`POST /api/v1/monitor/validate`); problems, if any. */
  public async validate(body: ApiJson): Promise<string[]> {
    try {
      await this.api.monitors.validateMonitor({ body: toModel(body, 'Monitor') });
      return [];
    } catch (e) {
      if (statusOf(e) === 400) return [errorText(e)];
      throw e;
    }
  }

  public isId(id: string): boolean {
    return /^\d+$/.test(id);
  }

  public comparable(body: ApiJson): ApiJson {
    const options: ApiJson = body.options ?? {};
    const thresholds: ApiJson = options.thresholds ?? {};
    return {
      name: normalText(body.name),
      type: normalMonitorType(body.type),
      query: normalQuery(body.type, body.query),
      message: normalText(body.message),
      tags: normalTags(body.tags),
      priority: normalNumber(body.priority),
      options: {
        thresholds: {
          critical: normalNumber(thresholds.critical),
          warning: normalNumber(thresholds.warning),
          critical_recovery: normalNumber(thresholds.critical_recovery),
          warning_recovery: normalNumber(thresholds.warning_recovery),
          ok: normalNumber(thresholds.ok),
        },
        notify_no_data: normalBoolean(options.notify_no_data, false),
        no_data_timeframe: normalNumber(options.no_data_timeframe),
        renotify_interval: normalNumber(options.renotify_interval) || null,
        escalation_message: normalText(options.escalation_message) || null,
        evaluation_delay: normalNumber(options.evaluation_delay),
        new_group_delay: normalNumber(options.new_group_delay),
        require_full_window: normalBoolean(options.require_full_window, false),
        include_tags: normalBoolean(options.include_tags, true),
        timeout_h: normalNumber(options.timeout_h) || null,
      },
    };
  }

  private async list(monitorTags: string | undefined): Promise<ActualResource[]> {
    const monitors = await allPages(PAGE_SIZE, page => this.api.monitors.listMonitors({ monitorTags, page, pageSize: PAGE_SIZE }));
    return monitors.map(toActual).filter(m => !OWNED_TYPES.has(m.body.type));
  }
}

/** A composite's query compares as its canonical rendering; other queries as trimmed text. */
function normalQuery(type: unknown, query: unknown): string | null {
  const text = normalText(query);
  if (type !== 'composite' || text === null) return text;
  try {
    return renderComposite(parseComposite(text));
  } catch {
    return text;
  }
}

function toActual(model: unknown): ActualResource {
  const body = toJson(model, 'Monitor');
  const references = body.type === 'composite' ? compositeMonitorIds(body.query) : [];
  return actualResource(ResourceKind.MONITOR, body.id, body.name ?? '', body, body.tags, references, Number(body.id));
}

function compositeMonitorIds(query: string): number[] {
  try {
    return compositeReferences(parseComposite(query)).map(Number).filter(Number.isFinite);
  } catch {
    return [];
  }
}
