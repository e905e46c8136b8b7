import { ResourceKind } from '../../../src/monitoring/datadog/model/desired-resource';
import { identityTags, identityOf } from '../../../src/monitoring/datadog/model/identity';
import { DatadogApi, errorText, statusOf } from '../../../src/monitoring/datadog/sync/datadog-api';
import { SyncEngine } from '../../../src/monitoring/datadog/sync/engine';
import { DatadogEmulator, EMULATOR_KEYS } from '../../support/datadog-emulator';
import { recordingRetry } from '../../support/datadog-fixtures';

let emulator: DatadogEmulator;
beforeEach(async () => { emulator = await DatadogEmulator.start(); });
afterEach(async () => { await emulator.close(); });

function engineWith(retry = recordingRetry()) {
  const api = new DatadogApi({ apiUrl: emulator.url, ...EMULATOR_KEYS, retry });
  return { retry, engine: new SyncEngine(api, { sleep: retry.sleep, createBackoffMs: 10 }) };
}

const identity = identityOf('PlatformMonitors', 'ClusterCpu');
const cpu = {
  name: '[L0] cpu',
  type: 'metric alert',
  query: 'avg(last_5m):avg:aws.ecs.cpuutilization{*} > 85',
  message: 'high',
  tags: identityTags(identity),
  options: { thresholds: { critical: 85 } },
};

test('a server that accepts and never answers fails the request after the timeout, naming the endpoint, without retrying', async () => {
  emulator.hang(10, { method: 'GET' });
  const { engine } = engineWith(recordingRetry(300));
  const started = Date.now();
  const error = await engine.monitors.listManaged().catch(e => e);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(errorText(error)).toBe('GET /api/v1/monitor: no answer within 0.3 s');
  expect(emulator.count({ method: 'GET' })).toBe(1);
});

test('a 429 with only Retry-After waits what it says, not a fixed backoff', async () => {
  emulator.rateLimitRetryAfter(2, 3, { method: 'GET' });
  const { engine, retry } = engineWith();
  expect(await engine.monitors.listManaged()).toEqual([]);
  expect(retry.waits).toEqual([3_000, 3_000]);
});

test('a 429 with X-RateLimit-Reset waits until the reset; 5xx backs off exponentially with jitter', async () => {
  emulator.rateLimit(1, 7, { method: 'GET' });
  emulator.serverError(3, 503, { method: 'GET' });
  const retry = { ...recordingRetry(), random: () => 0 };
  const { engine } = engineWith(retry);
  await engine.monitors.listManaged();
  // Jitter between half and all of 10, 20, 40 ms; random 0 gives the lower bound.
  expect(retry.waits).toEqual([7_000, 5, 10, 20]);
});

test('a 502 with an HTML body reports 502 and the endpoint in one line, never a SyntaxError', async () => {
  emulator.htmlError(10, 502);
  const { engine } = engineWith();
  const get = await engine.monitors.get('123').catch(e => e);
  expect(statusOf(get)).toBe(502);
  expect(errorText(get)).toBe('GET /api/v1/monitor/123: HTTP 502: text/html body "502 Bad Gateway"');
  const create = await engine.monitors.create(cpu).catch(e => e);
  expect(errorText(create)).toBe('POST /api/v1/monitor: HTTP 502: text/html body "502 Bad Gateway"');
  expect(errorText(create)).not.toMatch(/\n|SyntaxError|at /);
});

test('a POST is never repeated blindly: after a 5xx or a lost answer the engine looks the monitor up by identity first', async () => {
  emulator.serverError(1, 503, { method: 'POST' });
  const { engine } = engineWith();
  await engine.createOrAdopt(ResourceKind.MONITOR, identity.id, cpu);
  const sequence = emulator.requests.map(r => `${r.method} ${r.status}`);
  expect(sequence).toEqual(['GET 200', 'POST 503', 'GET 200', 'POST 200', 'GET 200']);

  emulator.dropResponses(1, { method: 'POST' });
  const other = identityOf('PlatformMonitors', 'Other');
  const adopted = await engine.createOrAdopt(ResourceKind.MONITOR, other.id, { ...cpu, tags: identityTags(other) });
  expect(emulator.count({ method: 'POST' })).toBe(3);
  expect([...emulator.state.monitors.values()].filter(m => m.tags.includes(`cdk-tenant-platform-id:${other.id}`)).map(m => m.id)).toEqual([Number(adopted.id)]);
});
