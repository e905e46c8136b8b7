import { DatadogApi, statusOf, toJson, toModel } from './datadog-api';
import { ActualResource, DeleteOutcome, ResourceOps, actualResource, allPages, normalNumber, normalTags, normalText } from './resource-ops';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { MANAGED_BY_TAG, identityTag } from '../model/identity';
import { normalOptionalText } from '../model/normalisations';

const PAGE_SIZE = 1000;

/** Service level objectives, `/api/v1/slo`. */
export class SloOps implements ResourceOps {
  public readonly kind = ResourceKind.SLO;

  constructor(private readonly api: DatadogApi) {}

  public listManaged(): Promise<ActualResource[]> {
    return this.list(MANAGED_BY_TAG);
  }

  public findByIdentity(identityId: string): Promise<ActualResource[]> {
    return this.list(identityTag(identityId));
  }

  public async get(id: string): Promise<ActualResource | undefined> {
    try {
      return toActual((await this.api.slos.getSLO({ sloId: id })).data);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async create(body: ApiJson): Promise<ActualResource> {
    const response = await this.api.slos.createSLO({ body: toModel(body, 'ServiceLevelObjectiveRequest') });
    return toActual(response.data![0]);
  }

  public async update(id: string, body: ApiJson): Promise<ActualResource | undefined> {
    try {
      const response = await this.api.slos.updateSLO({ sloId: id, body: toModel(body, 'ServiceLevelObjective') });
      return toActual(response.data![0]);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async delete(id: string): Promise<DeleteOutcome> {
    try {
      await this.api.slos.deleteSLO({ sloId: id });
      return DeleteOutcome.DELETED;
    } catch (e) {
      if (statusOf(e) === 404) return DeleteOutcome.ABSENT;
      throw e;
    }
  }

  public isId(id: string): boolean {
    return /^[0-9a-f]{32}$/.test(id);
  }

  public comparable(body: ApiJson): ApiJson {
    return {
      name: normalText(body.name),
      description: normalOptionalText(body.description),
      type: body.type ?? null,
      monitor_ids: [...(body.monitor_ids ?? [])].map(Number).sort((a, b) => a - b),
      query: body.query ? { numerator: normalText(body.query.numerator), denominator: normalText(body.query.denominator) } : null,
      thresholds: (body.thresholds ?? []).map((t: ApiJson) => ({
        timeframe: t.timeframe, target: normalNumber(t.target), warning: normalNumber(t.warning),
      })).sort((a: ApiJson, b: ApiJson) => String(a.timeframe).localeCompare(String(b.timeframe))),
      tags: normalTags(body.tags),
    };
  }

  private async list(tagsQuery: string): Promise<ActualResource[]> {
    const slos = await allPages(PAGE_SIZE, async page =>
      (await this.api.slos.listSLOs({ tagsQuery, limit: PAGE_SIZE, offset: page * PAGE_SIZE })).data ?? []);
    return slos.map(toActual);
  }
}

function toActual(model: unknown): ActualResource {
  const body = toJson(model, 'ServiceLevelObjective');
  return actualResource(ResourceKind.SLO, body.id, body.name ?? '', body, body.tags, (body.monitor_ids ?? []).map(Number));
}
