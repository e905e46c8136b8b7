import * as fs from 'fs';
import * as path from 'path';
import { ResourceKind } from '../../../src/monitoring/datadog/model/desired-resource';
import { DATADOG_NORMALISATIONS } from '../../../src/monitoring/datadog/model/normalisations';
import { DatadogApi } from '../../../src/monitoring/datadog/sync/datadog-api';
import { SyncEngine } from '../../../src/monitoring/datadog/sync/engine';
import { DatadogEmulator, EMULATOR_KEYS } from '../../support/datadog-emulator';
import { recordingRetry } from '../../support/datadog-fixtures';

interface Exchange { method: string; path: string; request: any; status: number; response: any }
const recorded: Record<string, { cassette: string; exchanges: Exchange[] }> =
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../support/datadog-recorded/exchanges.json'), 'utf8')).exchanges;

/** What each normalisation looks like in a recorded exchange: the cassette, the exchange and the fields to compare. */
const EVIDENCE: Record<string, { cassette: string; exchange: number; fields: string[]; wire?: RegExp }[]> = {
  'monitor-type-alias': [{ cassette: 'Create a metric monitor returns OK', exchange: 0, fields: ['type'] }],
  'monitor-threshold-floats': [{ cassette: 'Edit a monitor returns OK', exchange: 0, fields: ['options.thresholds'], wire: /"thresholds":\{"critical":2\.0,"warning":1\.0\}/ }],
  'monitor-option-defaults': [
    { cassette: 'Create a metric monitor returns OK', exchange: 0, fields: ['options'] },
    { cassette: 'Edit a monitor returns OK', exchange: 0, fields: ['options.groupby_simple_monitor', 'options.silenced'] },
  ],
  'monitor-options-replaced': [{ cassette: 'Edit a monitor returns OK', exchange: 1, fields: ['options'] }],
  'monitor-null-is-unset': [
    { cassette: 'Create a metric monitor returns OK', exchange: 0, fields: ['priority'] },
    { cassette: 'Edit a monitor returns OK', exchange: 1, fields: ['priority', 'options.evaluation_delay', 'options.thresholds'] },
  ],
  'slo-description-empty': [{ cassette: 'Update an SLO returns OK', exchange: 0, fields: ['data.0.description'] }],
  'slo-threshold-floats': [{
    cassette: 'Update an SLO returns OK',
    exchange: 0,
    fields: ['data.0.thresholds', 'data.0.timeframe', 'data.0.target_threshold', 'data.0.warning_threshold'],
    wire: /"target":95\.0,.*"warning":98\.0/,
  }],
  'synthetics-status-live': [{ cassette: 'Edit an API test returns OK', exchange: 0, fields: ['status'] }],
  'downtime-defaults': [
    { cassette: 'Update a downtime returns OK (v2)', exchange: 0, fields: ['data.attributes.display_timezone', 'data.attributes.mute_first_recovery_notification', 'data.attributes.notify_end_states', 'data.attributes.notify_end_types'] },
    { cassette: 'Update a downtime returns OK (v2)', exchange: 1, fields: ['data.attributes.notify_end_states'] },
  ],
  'downtime-instants': [{ cassette: 'Update a downtime returns OK (v2)', exchange: 0, fields: ['data.attributes.schedule.end'] }],
  'dashboard-widget-ids': [{ cassette: 'Create a new dashboard returns OK', exchange: 0, fields: [] }],
  'dashboard-null-lists': [{ cassette: 'Create a new dashboard returns OK', exchange: 0, fields: ['description', 'template_variables', 'notify_list'] }],
};

/** Entries Datadog's recordings cannot show (the request would have to carry the quirk); their source is named in the table. */
const NOT_RECORDED = ['monitor-text-trim'];

let emulator: DatadogEmulator;
beforeAll(async () => { emulator = await DatadogEmulator.start(); });
afterAll(async () => { await emulator.close(); });

/** Replays a recorded cassette against the emulator: the answers and their raw text, ids mapped to the emulator's. */
async function replay(cassette: string): Promise<{ body: any; text: string }[]> {
  const answers: { body: any; text: string }[] = [];
  let recordedId = '';
  let emulatorId = '';
  for (const exchange of recorded[cassette].exchanges) {
    const response = await fetch(emulator.url + (recordedId ? exchange.path.replace(recordedId, emulatorId) : exchange.path), {
      method: exchange.method,
      headers: { 'content-type': 'application/json', 'dd-api-key': EMULATOR_KEYS.apiKey, 'dd-application-key': EMULATOR_KEYS.appKey },
      body: JSON.stringify(exchange.request),
    });
    const text = await response.text();
    expect(response.status).toBe(exchange.status);
    const body = JSON.parse(text);
    answers.push({ body, text });
    if (!recordedId) {
      const ids = (b: any) => [b.id, b.public_id, b.data?.id, b.data?.[0]?.id].find(v => v !== undefined);
      recordedId = String(ids(exchange.response));
      emulatorId = String(ids(body));
    }
  }
  return answers;
}

function at(value: any, dotted: string): any {
  return dotted.split('.').reduce((v, key) => v?.[key], value);
}

test('every normalisation cites a recorded exchange or a named source, and every recorded cassette backs one', () => {
  for (const entry of DATADOG_NORMALISATIONS) {
    if (NOT_RECORDED.includes(entry.id)) {
      expect(entry.source).toMatch(/terraform-provider-datadog/);
      continue;
    }
    expect(EVIDENCE[entry.id]).toBeDefined();
    for (const evidence of EVIDENCE[entry.id]) expect(entry.source).toContain(evidence.cassette.replace(' (v2)', ''));
  }
  expect(Object.keys(EVIDENCE).sort()).toEqual(DATADOG_NORMALISATIONS.map(e => e.id).filter(id => !NOT_RECORDED.includes(id)).sort());
});

describe.each(Object.entries(EVIDENCE))('the emulator reproduces %s', (_id, evidence) => {
  test.each(evidence)('as recorded in "$cassette", exchange $exchange', async ({ cassette, exchange, fields, wire }) => {
    const answers = await replay(cassette);
    const expected = recorded[cassette].exchanges[exchange].response;
    const answer = answers[exchange];
    for (const field of fields) expect([field, at(answer.body, field)]).toEqual([field, at(expected, field)]);
    if (wire) expect(answer.text).toMatch(wire);
    if (_id === 'dashboard-widget-ids') expect(typeof answer.body.widgets[0].id).toBe('number');
    if (_id === 'downtime-instants') expect(answer.body.data.attributes.schedule.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });
});

test('monitor-text-trim: the emulator trims name, query and message, and the engine compares them trimmed', async () => {
  const engine = new SyncEngine(new DatadogApi({ apiUrl: emulator.url, ...EMULATOR_KEYS, retry: recordingRetry() }));
  const body = { name: ' cpu ', type: 'metric alert', query: 'avg(last_5m):avg:cpu{*} > 1\n', message: '\nhigh\r\n', options: { thresholds: { critical: 1 } } };
  const created = await engine.monitors.create(body);
  expect([created.body.name, created.body.query, created.body.message]).toEqual(['cpu', 'avg(last_5m):avg:cpu{*} > 1', 'high']);
  expect(engine.differs(ResourceKind.MONITOR, body, created)).toBe(false);
});

/** Kinds of the recorded exchanges that create a whole resource, and how to read the resource out of the answer. */
const CREATES: [string, ResourceKind, (answer: any) => any, string[]][] = [
  ['Create a metric monitor returns OK', ResourceKind.MONITOR, a => a, []],
  ['Edit a monitor returns OK', ResourceKind.MONITOR, a => a, []],
  ['Update an SLO returns OK', ResourceKind.SLO, a => a.data[0], []],
  ['Edit an API test returns OK', ResourceKind.SYNTHETICS_API_TEST, a => a, []],
  // The recorded create leaves start unset (Datadog fills in the creation time); the constructs always give one.
  ['Update a downtime returns OK (v2)', ResourceKind.DOWNTIME, a => a.data.attributes, ['schedule.start']],
  ['Create a new dashboard returns OK', ResourceKind.DASHBOARD, a => a, []],
];

test.each(CREATES)('the engine sees no difference between the request and Datadog\'s recorded answer of "%s"', (cassette, kind, read, unmanaged) => {
  const engine = new SyncEngine(new DatadogApi({ apiUrl: 'http://127.0.0.1:9', ...EMULATOR_KEYS }));
  const [create] = recorded[cassette].exchanges;
  const request = kind === ResourceKind.DOWNTIME ? create.request.data.attributes : create.request;
  const ops = engine.of(kind);
  const strip = (view: any) => {
    for (const field of unmanaged) {
      const keys = field.split('.');
      delete at(view, keys.slice(0, -1).join('.'))[keys[keys.length - 1]];
    }
    return view;
  };
  expect(strip(ops.comparable(request))).toEqual(strip(ops.comparable(read(create.response))));
});
