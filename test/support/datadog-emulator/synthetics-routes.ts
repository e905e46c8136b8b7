import { ApiError, EmulatorState, Json, Route, requireString } from './state';

const NOT_FOUND = () => new ApiError(404, ['Synthetics test not found']);

/**
 * Synthetics API tests. Create (`POST /api/v1/synthetics/tests/api`) needs a name, locations and a
 * `config.request.url`; the server gives the test a `public_id` (`abc-def-ghi`) and a monitor of
 * type `synthetics alert` carrying the test's name, message and tags (`monitor_id`). List
 * (`GET /api/v1/synthetics/tests`) answers `{"tests": [...]}`; delete is
 * `POST /api/v1/synthetics/tests/delete {"public_ids": [...]}` and removes the owned monitor; unknown
 * ids: 404 `{"errors":["Synthetics test not found"]}`.
 */
export function syntheticsRoutes(state: EmulatorState): Route[] {
  const get = (id: string): Json => {
    const test = state.syntheticsTests.get(id);
    if (!test) throw NOT_FOUND();
    return test;
  };
  const check = (body: Json): void => {
    const errors: string[] = [];
    requireString(body, 'name', errors);
    if (body?.type !== 'api') errors.push("Invalid value for parameter 'type'");
    if (!Array.isArray(body?.locations) || body.locations.length === 0) errors.push("Invalid value for parameter 'locations'");
    if (typeof body?.config?.request?.url !== 'string') errors.push("Invalid value for parameter 'config.request.url'");
    if (errors.length) throw new ApiError(400, errors);
  };
  const syncMonitor = (test: Json): void => {
    const stamp = state.now().toISOString();
    const current = state.monitors.get(test.monitor_id);
    state.monitors.set(test.monitor_id, {
      id: test.monitor_id,
      org_id: state.orgId,
      type: 'synthetics alert',
      query: `"synthetics.http.check".over("public_id:${test.public_id}")`,
      name: test.name,
      message: test.message ?? '',
      tags: test.tags ?? [],
      options: { notify_audit: false, silenced: {} },
      created: current?.created ?? stamp,
      modified: stamp,
      creator: state.creator,
      overall_state: 'No Data',
    });
  };
  return [
    {
      method: 'GET',
      pattern: '/api/v1/synthetics/tests',
      handle: ({ query }) => {
        const size = Number(query.get('page_size') ?? 100);
        const page = Number(query.get('page_number') ?? 0);
        const all = [...state.syntheticsTests.values()];
        return { body: { tests: all.slice(page * size, (page + 1) * size) } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/synthetics/tests/api',
      handle: ({ body }) => {
        check(body);
        const test: Json = { status: 'live', ...body, public_id: state.publicId(), monitor_id: state.monitorId(), creator: state.creator };
        state.syntheticsTests.set(test.public_id, test);
        syncMonitor(test);
        return { body: test };
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/synthetics/tests/delete',
      handle: ({ body }) => {
        const ids: string[] = body?.public_ids ?? [];
        const tests = ids.map(get);
        const deletedAt = state.now().toISOString();
        for (const test of tests) {
          state.syntheticsTests.delete(test.public_id);
          state.monitors.delete(test.monitor_id);
        }
        return { body: { deleted_tests: tests.map(t => ({ public_id: t.public_id, deleted_at: deletedAt })) } };
      },
    },
    { method: 'GET', pattern: '/api/v1/synthetics/tests/api/:id', handle: ({ params }) => ({ body: get(params.id) }) },
    {
      method: 'PUT',
      pattern: '/api/v1/synthetics/tests/api/:id',
      handle: ({ params, body }) => {
        const current = get(params.id);
        check(body);
        const test = { ...body, public_id: current.public_id, monitor_id: current.monitor_id, creator: current.creator };
        state.syntheticsTests.set(test.public_id, test);
        syncMonitor(test);
        return { body: test };
      },
    },
  ];
}
