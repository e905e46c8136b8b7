import { ApiError, EmulatorState, Json, Route } from './state';

const NOT_FOUND = () => new ApiError(404, ['Downtime not found']);

/**
 * A schedule as stored (downtime-instants, "Update a downtime returns OK"): one-time instants with
 * microseconds and `+00:00`, a missing start being the creation time; recurrences as sent.
 */
function storedSchedule(schedule: Json | undefined, now: Date): Json {
  if (schedule?.recurrences) return { timezone: 'UTC', ...schedule };
  const instant = (value: string | null | undefined, fallback: Date | null) => {
    const date = value ? new Date(value) : fallback;
    return date ? date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00') : null;
  };
  return { start: instant(schedule?.start, now), end: instant(schedule?.end, null) };
}

/**
 * Downtimes v2, `/api/v2/downtime`: JSON:API documents `{"data": {"id", "type": "downtime",
 * "attributes": {...}}}` with string (UUID) ids. Create needs `scope`, `monitor_identifier` (by
 * `monitor_id` of an existing monitor or by `monitor_tags`) and a valid `schedule` (one-time
 * `start`/`end` or `recurrences` with `rrule`, `duration` and a `timezone`). DELETE cancels: 204,
 * the downtime stays listed with `canceled` set and `status: "canceled"`.
 */
export function downtimeRoutes(state: EmulatorState): Route[] {
  const get = (id: string): Json => {
    const downtime = state.downtimes.get(id);
    if (!downtime) throw NOT_FOUND();
    return downtime;
  };
  const check = (attributes: Json): void => {
    const errors: string[] = [];
    if (typeof attributes?.scope !== 'string' || !attributes.scope) errors.push("Invalid value for parameter 'scope'");
    const identifier = attributes?.monitor_identifier ?? {};
    if (identifier.monitor_id !== undefined) {
      if (!state.monitors.has(Number(identifier.monitor_id))) errors.push('Monitor not found');
    } else if (!Array.isArray(identifier.monitor_tags) || identifier.monitor_tags.length === 0) {
      errors.push("Invalid value for parameter 'monitor_identifier'");
    }
    const schedule = attributes?.schedule;
    if (schedule?.recurrences) {
      for (const r of schedule.recurrences) {
        if (!/^FREQ=/.test(r.rrule ?? '') || !/^\d+[mhdw]$/.test(r.duration ?? '')) errors.push("Invalid value for parameter 'schedule.recurrences'");
      }
      try {
        new Intl.DateTimeFormat('en', { timeZone: schedule.timezone ?? 'UTC' });
      } catch {
        errors.push(`Invalid timezone: ${schedule.timezone}`);
      }
    }
    if (errors.length) throw new ApiError(400, errors);
  };
  const document = (id: string, attributes: Json) => ({ id, type: 'downtime', attributes });
  return [
    {
      method: 'GET',
      pattern: '/api/v2/downtime',
      handle: ({ query }) => {
        const currentOnly = query.get('current_only') === 'true';
        const limit = Number(query.get('page[limit]') ?? 30);
        const offset = Number(query.get('page[offset]') ?? 0);
        const all = [...state.downtimes.entries()]
          .filter(([, a]) => !currentOnly || a.status === 'active')
          .map(([id, a]) => document(id, a));
        return { body: { data: all.slice(offset, offset + limit), meta: { page: { total_filtered_count: all.length } } } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v2/downtime',
      handle: ({ body }) => {
        const attributes: Json = body?.data?.attributes;
        check(attributes);
        const id = state.downtimeId();
        const stamp = state.now().toISOString();
        const stored = {
          display_timezone: 'UTC',
          mute_first_recovery_notification: false,
          notify_end_states: ['no data', 'warn', 'alert'],
          notify_end_types: ['expired'],
          ...attributes,
          schedule: storedSchedule(attributes.schedule, state.now()),
          message: typeof attributes.message === 'string' ? attributes.message.trim() : null,
          created: stamp,
          modified: stamp,
          canceled: null,
          status: 'scheduled',
        };
        state.downtimes.set(id, stored);
        return { body: { data: document(id, stored) } };
      },
    },
    { method: 'GET', pattern: '/api/v2/downtime/:id', handle: ({ params }) => ({ body: { data: document(params.id, get(params.id)) } }) },
    {
      method: 'PATCH',
      pattern: '/api/v2/downtime/:id',
      handle: ({ params, body }) => {
        const current = get(params.id);
        const patch: Json = body?.data?.attributes ?? {};
        const attributes: Json = { ...current, ...patch, modified: state.now().toISOString() };
        if (patch.schedule) attributes.schedule = storedSchedule(patch.schedule, state.now());
        // downtime-defaults: the recorded PATCH answer lists notify_end_states in another order than the create answer.
        if (!patch.notify_end_states && Array.isArray(current.notify_end_states)) {
          const [first, ...rest] = current.notify_end_states;
          attributes.notify_end_states = [first, ...rest.reverse()];
        }
        if (typeof attributes.message === 'string') attributes.message = attributes.message.trim();
        check(attributes);
        state.downtimes.set(params.id, attributes);
        return { body: { data: document(params.id, attributes) } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v2/downtime/:id',
      handle: ({ params }) => {
        const current = get(params.id);
        state.downtimes.set(params.id, { ...current, canceled: state.now().toISOString(), status: 'canceled' });
        return { status: 204 };
      },
    },
  ];
}
