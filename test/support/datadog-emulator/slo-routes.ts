import { ApiError, EmulatorState, Json, Route, hasAllTags, requireString } from './state';

const NOT_FOUND = () => new ApiError(404, ['SLO not found']);

/**
 * An SLO as stored ("Update an SLO returns OK"): description "" when unset (slo-description-empty),
 * thresholds with `*_display` texts and the first threshold copied to the top level
 * (slo-threshold-floats; the floats themselves are written by the emulator's wire format).
 */
function stored(body: Json): Json {
  const thresholds = (body.thresholds ?? []).map((t: Json) => ({
    ...t,
    target_display: display(t.target),
    ...(t.warning === undefined ? {} : { warning_display: display(t.warning) }),
  }));
  const [first] = thresholds;
  return {
    ...body,
    tags: body.tags ?? [],
    monitor_tags: body.monitor_tags ?? [],
    description: body.description ?? '',
    thresholds,
    type_id: body.type === 'metric' ? 1 : 0,
    ...(first ? { timeframe: first.timeframe, target_threshold: first.target } : {}),
    ...(first?.warning === undefined ? {} : { warning_threshold: first.warning }),
  };
}

/** Datadog's display text of a target: `95.` for 95, `99.9` for 99.9. */
function display(value: number): string {
  return Number.isInteger(value) ? `${value}.` : String(value);
}

/**
 * Service level objectives, `/api/v1/slo`. Create and update answer `{"data": [slo]}`, get
 * `{"data": slo}`, delete `{"data": [id]}`; a monitor SLO must name existing monitors (400
 * otherwise); unknown id: 404 `{"errors":["SLO not found"]}`. `tags_query` matches every tag
 * joined by ` AND `.
 */
export function sloRoutes(state: EmulatorState): Route[] {
  const get = (id: string): Json => {
    const slo = state.slos.get(id);
    if (!slo) throw NOT_FOUND();
    return slo;
  };
  const check = (body: Json): void => {
    const errors: string[] = [];
    requireString(body, 'name', errors);
    if (!['monitor', 'metric'].includes(body?.type)) errors.push(`Invalid value for parameter 'type': ${JSON.stringify(body?.type)}`);
    if (!Array.isArray(body?.thresholds) || body.thresholds.length === 0) errors.push("Invalid value for parameter 'thresholds'");
    if (body?.type === 'monitor') {
      const unknown = (body.monitor_ids ?? []).filter((id: number) => !state.monitors.has(Number(id)));
      if (!body.monitor_ids?.length || unknown.length) errors.push(`Monitor IDs not found: [${unknown.join(',')}]`);
    }
    if (body?.type === 'metric' && !(body.query?.numerator && body.query?.denominator)) errors.push("Invalid value for parameter 'query'");
    if (errors.length) throw new ApiError(400, errors);
  };
  return [
    {
      method: 'GET',
      pattern: '/api/v1/slo',
      handle: ({ query }) => {
        const tags = (query.get('tags_query') ?? '').split(' AND ').map(t => t.trim()).filter(Boolean);
        const ids = query.get('ids')?.split(',');
        const limit = Number(query.get('limit') ?? 1000);
        const offset = Number(query.get('offset') ?? 0);
        const all = [...state.slos.values()].filter(s => hasAllTags(s.tags, tags) && (!ids || ids.includes(s.id)));
        return { body: { data: all.slice(offset, offset + limit), errors: null, metadata: { page: { total_count: all.length } } } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/slo',
      handle: ({ body }) => {
        check(body);
        const now = Math.floor(state.now().getTime() / 1000);
        const slo = { ...stored(body), id: state.sloId(), created_at: now, modified_at: now, creator: state.creator };
        state.slos.set(slo.id, slo);
        return { body: { data: [slo], error: null } };
      },
    },
    { method: 'GET', pattern: '/api/v1/slo/:id', handle: ({ params }) => ({ body: { data: get(params.id), errors: null } }) },
    {
      method: 'PUT',
      pattern: '/api/v1/slo/:id',
      handle: ({ params, body }) => {
        const current = get(params.id);
        const slo = { ...current, ...stored(body), id: current.id, modified_at: Math.floor(state.now().getTime() / 1000) };
        check(slo);
        state.slos.set(slo.id, slo);
        return { body: { data: [slo], errors: null } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/slo/:id',
      handle: ({ params }) => {
        state.slos.delete(get(params.id).id);
        return { body: { data: [params.id], errors: {} } };
      },
    },
  ];
}
