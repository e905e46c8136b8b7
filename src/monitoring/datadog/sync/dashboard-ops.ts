import { DatadogApi } from './datadog-api';
import {
  ActualResource, DeleteOutcome, PUBLIC_ID, ResourceOps, actualResource, allPages, deleteUnlessAbsent, normalText, unlessNotFound,
} from './resource-ops';
import { ApiJson, ResourceKind } from '../model/desired-resource';
import { MANAGED_BY_TAG, identityTag } from '../model/identity';
import { normalOptionalText } from '../model/normalisations';

const PAGE_SIZE = 100;

/**
 * Dashboards, v1 `/api/v1/dashboard`. Dashboards have no tags, so the identity tags travel as the
 * last line of the description. The list answers summaries; a managed dashboard is read whole with
 * one more request.
 */
export class DashboardOps implements ResourceOps {
  public readonly kind = ResourceKind.DASHBOARD;

  constructor(private readonly api: DatadogApi) {}

  public listManaged(): Promise<ActualResource[]> {
    return this.listWith(MANAGED_BY_TAG);
  }

  public findByIdentity(identityId: string): Promise<ActualResource[]> {
    return this.listWith(identityTag(identityId));
  }

  public async get(id: string): Promise<ActualResource | undefined> {
    const body = await unlessNotFound(() => this.api.request('GET', pathOf(id)));
    return body && toActual(body);
  }

  public async create(body: ApiJson): Promise<ActualResource> {
    return toActual(await this.api.request('POST', '/api/v1/dashboard', body));
  }

  public async update(id: string, body: ApiJson): Promise<ActualResource | undefined> {
    const updated = await unlessNotFound(() => this.api.request('PUT', pathOf(id), body));
    return updated && toActual(updated);
  }

  public delete(id: string): Promise<DeleteOutcome> {
    return deleteUnlessAbsent(() => this.api.request('DELETE', pathOf(id)));
  }

  public isId(id: string): boolean {
    return PUBLIC_ID.test(id);
  }

  public comparable(body: ApiJson): ApiJson {
    return {
      title: normalText(body.title),
      description: normalOptionalText(body.description),
      layout_type: body.layout_type ?? null,
      reflow_type: body.reflow_type ?? null,
      widgets: (body.widgets ?? []).map(withoutIds),
      template_variables: (body.template_variables ?? []).map((v: ApiJson) => ({
        name: v.name, prefix: v.prefix ?? null, defaults: v.defaults ?? (v.default !== undefined && v.default !== null ? [v.default] : []),
      })),
    };
  }

  /** The managed dashboards whose description holds `word`, read whole. */
  private async listWith(word: string): Promise<ActualResource[]> {
    const summaries = await allPages<ApiJson>(PAGE_SIZE, async page => {
      const path = `/api/v1/dashboard?filter%5Bdeleted%5D=false&count=${PAGE_SIZE}&start=${page * PAGE_SIZE}`;
      return (await this.api.request('GET', path)).dashboards ?? [];
    });
    const matching = summaries.filter(s => descriptionWords(s).includes(word));
    const found = await Promise.all(matching.map(s => this.get(String(s.id))));
    return found.filter((d): d is ActualResource => d !== undefined);
  }
}

/** A widget without the ids Datadog gives it and its children. */
function withoutIds(widget: ApiJson): ApiJson {
  const rest: ApiJson = Object.fromEntries(Object.entries(widget).filter(([key]) => key !== 'id'));
  if (rest.definition?.widgets) rest.definition = { ...rest.definition, widgets: rest.definition.widgets.map(withoutIds) };
  return rest;
}

function pathOf(id: string): string {
  return `/api/v1/dashboard/${encodeURIComponent(id)}`;
}

function descriptionWords(body: ApiJson): string[] {
  return String(body.description ?? '').split(/\s+/);
}

function toActual(body: ApiJson): ActualResource {
  return actualResource(ResourceKind.DASHBOARD, body.id, body.title ?? '', body, descriptionWords(body));
}
