import { ApiError, EmulatorState, Json, Route, requireString } from './state';

const WIDGET_TYPES = new Set([
  'timeseries', 'query_value', 'toplist', 'manage_status', 'note', 'group', 'heatmap', 'slo', 'slo_list', 'alert_graph',
  'alert_value', 'check_status', 'event_stream', 'free_text', 'hostmap', 'image', 'log_stream', 'query_table', 'service_summary',
]);

/**
 * Dashboards, `/api/v1/dashboard`. Create and update need a `title`, `layout_type` `ordered` or
 * `free` and `widgets` whose `definition.type` Datadog knows (group widgets recursively); template
 * variables need a `name`. The server adds `id` (`abc-def-ghi`), `url`, `author_handle`,
 * `created_at`, `modified_at` and an `id` on every widget. The list answers summaries
 * `{"dashboards": [{id, title, description, ...}]}` paged by `start` and `count`; delete answers
 * `{"deleted_dashboard_id": id}`; unknown id: 404.
 */
export function dashboardRoutes(state: EmulatorState): Route[] {
  const get = (id: string): Json => {
    const dashboard = state.dashboards.get(id);
    if (!dashboard) throw new ApiError(404, [`Dashboard with ID ${id} not found`]);
    return dashboard;
  };
  const check = (body: Json): void => {
    const errors: string[] = [];
    requireString(body, 'title', errors);
    if (!['ordered', 'free'].includes(body?.layout_type)) errors.push(`Invalid value for parameter 'layout_type': ${JSON.stringify(body?.layout_type)}`);
    if (!Array.isArray(body?.widgets)) errors.push("Invalid value for parameter 'widgets'");
    else errors.push(...widgetErrors(body.widgets, 'widgets'));
    for (const variable of body?.template_variables ?? []) {
      if (typeof variable?.name !== 'string' || !variable.name) errors.push("Invalid value for parameter 'template_variables.name'");
    }
    if (errors.length) throw new ApiError(400, errors);
  };
  const store = (id: string, body: Json, created: string): Json => {
    // dashboard-null-lists ("Create a new dashboard returns OK"): unset lists and description answer null.
    const dashboard: Json = {
      description: null,
      notify_list: null,
      template_variables: null,
      restricted_roles: [],
      ...body,
      widgets: withIds(state, body.widgets),
      id,
      url: `/dashboard/${id}/${String(body.title).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      author_handle: state.creator.handle,
      author_name: state.creator.name,
      is_read_only: false,
      created_at: created,
      modified_at: state.now().toISOString(),
    };
    state.dashboards.set(id, dashboard);
    return dashboard;
  };
  return [
    {
      method: 'GET',
      pattern: '/api/v1/dashboard',
      handle: ({ query }) => {
        const start = Number(query.get('start') ?? 0);
        const count = Number(query.get('count') ?? 100);
        const all = [...state.dashboards.values()].map(d => ({
          id: d.id,
          title: d.title,
          description: d.description ?? null,
          layout_type: d.layout_type,
          url: d.url,
          author_handle: d.author_handle,
          created_at: d.created_at,
          modified_at: d.modified_at,
          is_read_only: d.is_read_only,
        }));
        return { body: { dashboards: all.slice(start, start + count) } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/dashboard',
      handle: ({ body }) => {
        check(body);
        return { body: store(state.publicId(), body, state.now().toISOString()) };
      },
    },
    { method: 'GET', pattern: '/api/v1/dashboard/:id', handle: ({ params }) => ({ body: get(params.id) }) },
    {
      method: 'PUT',
      pattern: '/api/v1/dashboard/:id',
      handle: ({ params, body }) => {
        const current = get(params.id);
        check(body);
        return { body: store(current.id, body, current.created_at) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/dashboard/:id',
      handle: ({ params }) => {
        get(params.id);
        state.dashboards.delete(params.id);
        return { body: { deleted_dashboard_id: params.id } };
      },
    },
  ];
}

function widgetErrors(widgets: Json[], at: string): string[] {
  return widgets.flatMap((widget, i) => {
    const type = widget?.definition?.type;
    if (!WIDGET_TYPES.has(type)) return [`Invalid value for parameter '${at}[${i}].definition.type': ${JSON.stringify(type)}`];
    return type === 'group' ? widgetErrors(widget.definition.widgets ?? [], `${at}[${i}].definition.widgets`) : [];
  });
}

/** Widgets as the server stores them: each with a numeric `id`. */
function withIds(state: EmulatorState, widgets: Json[]): Json[] {
  return widgets.map(widget => {
    const definition = widget.definition.type === 'group'
      ? { ...widget.definition, widgets: withIds(state, widget.definition.widgets ?? []) }
      : widget.definition;
    return { ...widget, definition, id: state.widgetId() };
  });
}
