import { DatadogApi, statusOf, toJson, toModel } from './datadog-api';
import {
  ActualResource, DeleteOutcome, PUBLIC_ID, ResourceOps, actualResource, allPages, deleteUnlessAbsent, normalNumber, normalTags, normalText,
} from './resource-ops';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { MANAGED_BY_TAG, identityTag } from '../model/identity';

const PAGE_SIZE = 100;

/** Synthetics API tests, `/api/v1/synthetics/tests/api`. Each test owns a monitor. */
export class SyntheticsOps implements ResourceOps {
  public readonly kind = ResourceKind.SYNTHETICS_API_TEST;

  constructor(private readonly api: DatadogApi) {}

  public async listManaged(): Promise<ActualResource[]> {
    return (await this.listApiTests()).filter(t => (t.body.tags ?? []).includes(MANAGED_BY_TAG));
  }

  public async findByIdentity(identityId: string): Promise<ActualResource[]> {
    return (await this.listApiTests()).filter(t => (t.body.tags ?? []).includes(identityTag(identityId)));
  }

  public async get(id: string): Promise<ActualResource | undefined> {
    try {
      return toActual(toJson(await this.api.synthetics.getAPITest({ publicId: id }), 'SyntheticsAPITest'));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public async create(body: ApiJson): Promise<ActualResource> {
    const test = await this.api.synthetics.createSyntheticsAPITest({ body: toModel(body, 'SyntheticsAPITest') });
    return toActual(toJson(test, 'SyntheticsAPITest'));
  }

  public async update(id: string, body: ApiJson): Promise<ActualResource | undefined> {
    try {
      const test = await this.api.synthetics.updateAPITest({ publicId: id, body: toModel(body, 'SyntheticsAPITest') });
      return toActual(toJson(test, 'SyntheticsAPITest'));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  public delete(id: string): Promise<DeleteOutcome> {
    return deleteUnlessAbsent(() => this.api.synthetics.deleteTests({ body: { publicIds: [id] } }));
  }

  public isId(id: string): boolean {
    return PUBLIC_ID.test(id);
  }

  public comparable(body: ApiJson): ApiJson {
    const request: ApiJson = body.config?.request ?? {};
    return {
      name: normalText(body.name),
      message: normalText(body.message),
      tags: normalTags(body.tags),
      status: body.status ?? 'live',
      subtype: body.subtype ?? 'http',
      locations: normalTags(body.locations),
      request: { method: request.method ?? null, url: request.url ?? null },
      assertions: (body.config?.assertions ?? []).map((a: ApiJson) => ({
        type: a.type, operator: a.operator, target: typeof a.target === 'number' || /^\d+(\.\d+)?$/.test(a.target) ? normalNumber(a.target) : a.target,
      })),
      tick_every: normalNumber(body.options?.tick_every),
    };
  }

  private async listApiTests(): Promise<ActualResource[]> {
    const tests = await allPages(PAGE_SIZE, async page =>
      (await this.api.synthetics.listTests({ pageSize: PAGE_SIZE, pageNumber: page })).tests ?? []);
    return tests
      .map(t => toJson(t, 'SyntheticsTestDetails'))
      .filter(t => t.type === 'api')
      .map(toActual);
  }
}

function toActual(body: ApiJson): ActualResource {
  const monitorId = body.monitor_id === undefined ? undefined : Number(body.monitor_id);
  return actualResource(ResourceKind.SYNTHETICS_API_TEST, body.public_id, body.name ?? '', body, body.tags, [], monitorId);
}
