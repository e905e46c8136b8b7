import { DatadogApi, statusOf } from './datadog-api';
import { ActualResource, DeleteOutcome, ResourceOps, actualResource, allPages, normalBoolean, normalText } from './resource-ops';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { MANAGED_BY_TAG, identityTag } from '../model/identity';
import { normalInstant } from '../model/normalisations';

const PAGE_SIZE = 100;

/**
 * Downtimes (maintenance windows), v2 `/api/v2/downtime`. Downtimes have no tags, so the identity
 * tags travel as the last line of the downtime's message. Deleting a downtime cancels it; a
 * cancelled downtime counts as gone.
 */
export class DowntimeOps implements ResourceOps {
  public readonly kind = ResourceKind.DOWNTIME;

  constructor(private readonly api: DatadogApi) {}

  public async listManaged(): Promise<ActualResource[]> {
    return (await this.listActive()).filter(d => messageWords(d.body).includes(MANAGED_BY_TAG));
  }

  public async findByIdentity(identityId: string): Promise<ActualResource[]> {
    return (await this.listActive()).filter(d => messageWords(d.body).includes(identityTag(identityId)));
  }

  public async get(id: string): Promise<ActualResource | undefined> {
    try {
      const downtime = toActual((await this.api.request('GET', `/api/v2/downtime/${encodeURIComponent(id)}`)).data);
      return downtime.body.canceled ? undefined : downtime;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async create(body: ApiJson): Promise<ActualResource> {
    return toActual((await this.api.request('POST', '/api/v2/downtime', { data: { type: 'downtime', attributes: body } })).data);
  }

  public async update(id: string, body: ApiJson): Promise<ActualResource | undefined> {
    try {
      const path = `/api/v2/downtime/${encodeURIComponent(id)}`;
      return toActual((await this.api.request('PATCH', path, { data: { id, type: 'downtime', attributes: body } })).data);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async delete(id: string): Promise<DeleteOutcome> {
    try {
      await this.api.request('DELETE', `/api/v2/downtime/${encodeURIComponent(id)}`);
      return DeleteOutcome.DELETED;
    } catch (e) {
      if (statusOf(e) === 404) return DeleteOutcome.ABSENT;
      throw e;
    }
  }

  public isId(id: string): boolean {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
  }

  public comparable(body: ApiJson): ApiJson {
    const schedule: ApiJson = body.schedule ?? {};
    return {
      message: normalText(body.message),
      scope: normalText(body.scope),
      monitor_identifier: body.monitor_identifier?.monitor_id !== undefined
        ? { monitor_id: Number(body.monitor_identifier.monitor_id) }
        : { monitor_tags: [...(body.monitor_identifier?.monitor_tags ?? [])].sort() },
      schedule: schedule.recurrences
        ? {
          recurrences: schedule.recurrences.map((r: ApiJson) => ({ duration: r.duration, rrule: r.rrule, start: r.start ?? null })),
          timezone: schedule.timezone ?? 'UTC',
        }
        : { start: normalInstant(schedule.start), end: normalInstant(schedule.end) },
      display_timezone: body.display_timezone ?? 'UTC',
      mute_first_recovery_notification: normalBoolean(body.mute_first_recovery_notification, false),
    };
  }

  private async listActive(): Promise<ActualResource[]> {
    const all = await allPages<ApiJson>(PAGE_SIZE, async page => {
      const path = `/api/v2/downtime?current_only=false&page%5Blimit%5D=${PAGE_SIZE}&page%5Boffset%5D=${page * PAGE_SIZE}`;
      return (await this.api.request('GET', path)).data ?? [];
    });
    return all.map(toActual).filter(d => !d.body.canceled);
  }
}

function messageWords(body: ApiJson): string[] {
  return String(body.message ?? '').split(/\s+/);
}

function toActual(data: ApiJson): ActualResource {
  const body: ApiJson = { ...data.attributes };
  const monitorId = body.monitor_identifier?.monitor_id;
  const name = normalText(body.message)?.split('\n')[0] ?? '';
  return actualResource(ResourceKind.DOWNTIME, data.id, name, body, messageWords(body), monitorId === undefined ? [] : [Number(monitorId)]);
}
