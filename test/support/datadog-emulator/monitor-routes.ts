import { ApiError, EmulatorState, Json, Route, hasAllTags, requireString } from './state';

/** Types the emulated organisation accepts (`synthetics alert` is made only by synthetics tests). */
const MONITOR_TYPES = new Set([
  'metric alert', 'query alert', 'service check', 'log alert', 'trace-analytics alert', 'event-v2 alert',
  'process alert', 'slo alert', 'rum alert', 'audit alert', 'error-tracking alert', 'composite',
]);
const COMPARISON = /(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const NOT_FOUND = () => new ApiError(404, ['Monitor not found']);

/**
 * Monitors, `/api/v1/monitor` — the rules Datadog enforces that matter here:
 * - create/update/validate: 400 for a missing name/type/query, an unknown type, a threshold query
 *   whose `options.thresholds.critical` differs from the query's number; composites: 400 when the
 *   query is not ids joined by `&&`/`||`/`!`/parentheses (`The value provided for parameter
 *   'query' is invalid`), names unknown ids (`Some monitor IDs are invalid`), another composite,
 *   or more than 10 monitors.
 * - the server adds `id`, `org_id`, `created`, `modified`, `creator`, `overall_state`, ...; stores
 *   `metric alert` as `query alert`; adds option defaults; a PUT with `options` replaces them whole;
 *   keeps null options, drops null thresholds; trims query and message; answers thresholds as floats
 *   (`100.0`) — each behaviour is an entry of `DATADOG_NORMALISATIONS`, reproduced here from the
 *   recorded exchanges (test/support/datadog-recorded), not from the engine's code.
 * - unknown id: 404 `{"errors":["Monitor not found"]}`.
 * - delete of a monitor a composite or SLO references: 400 `monitor [id,name] is referenced in
 *   composite monitors: [...]` unless `?force=true`.
 */
export function monitorRoutes(state: EmulatorState): Route[] {
  const get = (id: string): Json => {
    const monitor = state.monitors.get(Number(id));
    if (!monitor) throw NOT_FOUND();
    return monitor;
  };
  const check = (body: Json, selfId?: number): void => {
    const errors = monitorErrors(state, body, selfId);
    if (errors.length) throw new ApiError(400, errors);
  };
  return [
    {
      method: 'GET',
      pattern: '/api/v1/monitor',
      handle: ({ query }) => {
        const tags = query.get('monitor_tags')?.split(',').filter(Boolean) ?? [];
        const name = query.get('name');
        let monitors = [...state.monitors.values()]
          .filter(m => hasAllTags(m.tags, tags) && (!name || m.name.includes(name)))
          .sort((a, b) => a.id - b.id);
        if (query.has('page')) {
          const size = Number(query.get('page_size') ?? 100);
          const page = Number(query.get('page'));
          monitors = monitors.slice(page * size, (page + 1) * size);
        }
        return { body: monitors };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/monitor',
      handle: ({ body }) => {
        check(body);
        const id = state.monitorId();
        const stamp = state.now().toISOString();
        const monitor: Json = {
          id,
          org_id: state.orgId,
          created: stamp,
          modified: stamp,
          creator: state.creator,
          overall_state: 'No Data',
          overall_state_modified: null,
          deleted: null,
          restricted_roles: null,
          multi: false,
          draft_status: 'published',
          ...normalise(body),
          priority: body.priority ?? null,
          tags: body.tags ?? [],
          options: withServerOptions(body.type, body.options),
        };
        state.monitors.set(id, monitor);
        return { body: monitor };
      },
    },
    {
      method: 'GET', pattern: '/api/v1/monitor/search', handle: ({ query }) => search(state, query),
    },
    {
      method: 'GET',
      pattern: '/api/v1/monitor/can_delete',
      handle: ({ query }) => {
        const ids = (query.get('monitor_ids') ?? '').split(',').filter(Boolean).map(Number);
        const errors: Record<string, string[]> = {};
        for (const id of ids) {
          const referrers = state.referrersOf(id);
          if (referrers.length) errors[id] = referrers.map(r => `monitor is referenced in ${r}`);
        }
        const ok = ids.filter(id => !errors[id]);
        return Object.keys(errors).length ? { status: 409, body: { data: { ok }, errors } } : { body: { data: { ok }, errors: null } };
      },
    },
    {
      method: 'POST', pattern: '/api/v1/monitor/validate', handle: ({ body }) => { check(body); return { body: {} }; },
    },
    {
      method: 'POST',
      pattern: '/api/v1/monitor/:id/validate',
      handle: ({ params, body }) => {
        get(params.id);
        check(body, Number(params.id));
        return { body: {} };
      },
    },
    { method: 'GET', pattern: '/api/v1/monitor/:id', handle: ({ params }) => ({ body: get(params.id) }) },
    {
      method: 'PUT',
      pattern: '/api/v1/monitor/:id',
      handle: ({ params, body }) => {
        const current = get(params.id);
        const merged: Json = { ...current, ...normalise(body) };
        // monitor-options-replaced: the options sent replace the stored ones ("Edit a monitor returns OK").
        if (body.options) merged.options = withServerOptions(merged.type, body.options);
        check(merged, current.id);
        merged.modified = state.now().toISOString();
        state.monitors.set(current.id, merged);
        return { body: merged };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/monitor/:id',
      handle: ({ params, query }) => {
        const monitor = get(params.id);
        const referrers = state.referrersOf(monitor.id);
        if (referrers.length && query.get('force') !== 'true') {
          throw new ApiError(400, [`monitor [${monitor.id},${monitor.name}] is referenced in ${referrers.join(' and ')}`]);
        }
        state.monitors.delete(monitor.id);
        return { body: { deleted_monitor_id: monitor.id } };
      },
    },
  ];
}

/** Trims query and message (monitor-text-trim); stores `metric alert` as `query alert` (monitor-type-alias). */
function normalise(body: Json): Json {
  const out: Json = { ...body };
  for (const field of ['query', 'message', 'name']) if (typeof out[field] === 'string') out[field] = out[field].trim();
  if (out.type === 'metric alert') out.type = 'query alert';
  delete out.options;
  return out;
}

/**
 * Options as stored (monitor-option-defaults, monitor-null-is-unset): the server's defaults for what
 * was not sent, nulls kept as sent, null thresholds dropped; log alerts get `groupby_simple_monitor`.
 */
function withServerOptions(type: string, options: Json | undefined): Json {
  const defaults = { notify_no_data: false, notify_audit: false, new_host_delay: 300, include_tags: true };
  const out: Json = { ...defaults, ...options, silenced: options?.silenced ?? {} };
  if (type === 'log alert') out.groupby_simple_monitor = out.groupby_simple_monitor ?? false;
  if (out.thresholds) out.thresholds = Object.fromEntries(Object.entries(out.thresholds).filter(([, v]) => v !== null));
  return out;
}

function monitorErrors(state: EmulatorState, body: Json, selfId?: number): string[] {
  const errors: string[] = [];
  requireString(body, 'name', errors);
  requireString(body, 'query', errors);
  if (!MONITOR_TYPES.has(body?.type)) errors.push(`Invalid value for parameter 'type': ${JSON.stringify(body?.type)}`);
  if (errors.length) return errors;
  const query: string = body.query.trim();
  if (body.type === 'composite') {
    if (!/^[\s\d&|!()]+$/.test(query)) return ["The value provided for parameter 'query' is invalid"];
    const ids = state.compositeIds(query);
    const children = ids.map(id => state.monitors.get(id));
    if (ids.includes(selfId ?? -1) || children.some(c => !c)) return ['Some monitor IDs are invalid'];
    if (children.some(c => c!.type === 'composite')) return ['Composite monitors cannot reference other composite monitors'];
    if (ids.length > 10) return ['A composite monitor can reference at most 10 monitors'];
    return [];
  }
  const comparison = COMPARISON.exec(query);
  if (['metric alert', 'query alert', 'log alert'].includes(body.type)) {
    if (!comparison) return ["The value provided for parameter 'query' is invalid"];
    const critical = body.options?.thresholds?.critical;
    if (critical === undefined || Number(critical) !== Number(comparison[2])) {
      return [`Alert threshold (${critical}) does not match that used in the query (${comparison[2]}).`];
    }
  }
  return [];
}

function search(state: EmulatorState, query: URLSearchParams) {
  const terms = (query.get('query') ?? '').match(/\w+:"[^"]*"|\S+/g) ?? [];
  const matches = [...state.monitors.values()].filter(m => terms.every(term => {
    const [key, ...rest] = term.split(':');
    const value = rest.join(':').replace(/^"|"$/g, '');
    if (key === 'tag') return (m.tags ?? []).includes(value);
    if (key === 'type') return m.type === value;
    if (key === 'id') return String(m.id) === value;
    return m.name.toLowerCase().includes(term.toLowerCase());
  })).sort((a, b) => a.id - b.id);
  const perPage = Number(query.get('per_page') ?? 30);
  const page = Number(query.get('page') ?? 0);
  return {
    body: {
      monitors: matches.slice(page * perPage, (page + 1) * perPage).map(m => ({
        id: m.id,
        name: m.name,
        type: m.type,
        query: m.query,
        tags: m.tags,
        status: m.overall_state,
        priority: m.priority,
        creator: m.creator,
        org_id: m.org_id,
        last_triggered_ts: null,
        classification: m.type,
      })),
      metadata: { page, per_page: perPage, page_count: Math.ceil(matches.length / perPage), total_count: matches.length },
      counts: { status: [], type: [], tag: [], muted: [] },
    },
  };
}
