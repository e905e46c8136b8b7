import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatadogDowntime, DatadogDowntimeSchedule, DatadogSlo, DatadogSyntheticsApiTest } from '../../../src';
import { MANAGED_BY_TAG } from '../../../src/monitoring/datadog/model/identity';
import { createHandler } from '../../../src/monitoring/datadog/provider/handler';
import { addMonitors } from '../../support/datadog-app';
import { DatadogEmulator, EMULATOR_KEYS } from '../../support/datadog-emulator';
import { datadogStack, deployKit } from '../../support/datadog-fixtures';

type Kit = Awaited<ReturnType<typeof deployKit>>;
let kit: Kit;
beforeEach(async () => { kit = await deployKit(); });
afterEach(async () => { await kit.emulator.close(); });

function platformMonitors(options: { critical?: number; withComposite?: boolean } = {}) {
  const { stack, connection } = datadogStack();
  const { cpu } = addMonitors(stack, connection, { cpuCritical: options.critical, withComposite: options.withComposite });
  return { stack, connection, cpu };
}

function monitors(emulator: DatadogEmulator) {
  return [...emulator.state.monitors.values()];
}

test('MON-03: deploying creates the monitors with identity tags and the composite as "id && !id"', async () => {
  const { stack } = platformMonitors();
  await kit.cloudformation.deploy(Template.fromStack(stack).toJSON());

  const all = monitors(kit.emulator);
  expect(all).toHaveLength(3);
  for (const monitor of all) {
    expect(monitor.tags).toContain(MANAGED_BY_TAG);
    expect(monitor.tags.some((t: string) => t.startsWith('cdk-tenant-platform-id:'))).toBe(true);
    expect(monitor.tags).toContain('cdk-tenant-platform-stack:platformmonitors');
  }
  const cpu = all.find(m => m.name.startsWith('[L0]'))!;
  const errors = all.find(m => m.name === '[L3] tenant0 errors')!;
  const composite = all.find(m => m.type === 'composite')!;
  expect(composite.query).toBe(`${errors.id} && !${cpu.id}`);
  expect(errors.options.renotify_interval).toBe(60);
});

test('updating a threshold updates the monitor in place; removing the composite deletes it', async () => {
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors().stack).toJSON());
  const cpuId = kit.cloudformation.physicalId('ClusterCpu');

  await kit.cloudformation.deploy(Template.fromStack(platformMonitors({ critical: 90, withComposite: false }).stack).toJSON());

  expect(kit.cloudformation.physicalId('ClusterCpu')).toBe(cpuId);
  const cpu = kit.emulator.state.monitors.get(Number(cpuId))!;
  expect(cpu.query).toMatch(/> 90$/);
  expect(cpu.options.thresholds.critical).toBe(90);
  expect(monitors(kit.emulator).filter(m => m.type === 'composite')).toHaveLength(0);

  await kit.cloudformation.destroy();
  expect(monitors(kit.emulator)).toHaveLength(0);
});

test('update and delete tolerate a monitor deleted in the UI (404): the update re-creates it under the same physical id', async () => {
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors({ withComposite: false }).stack).toJSON());
  const oldId = Number(kit.cloudformation.physicalId('ClusterCpu'));
  kit.emulator.state.monitors.delete(oldId);

  await kit.cloudformation.deploy(Template.fromStack(platformMonitors({ critical: 90, withComposite: false }).stack).toJSON());
  const newId = Number(kit.cloudformation.attribute('ClusterCpu', 'MonitorId'));
  expect(newId).not.toBe(oldId);
  expect(Number(kit.cloudformation.physicalId('ClusterCpu'))).toBe(oldId);
  expect(kit.emulator.state.monitors.get(newId)!.query).toMatch(/> 90$/);

  kit.emulator.state.monitors.delete(newId);
  await expect(kit.cloudformation.destroy()).resolves.toBeUndefined();
});

test('a create retried after its response was lost adopts the monitor instead of making a duplicate', async () => {
  kit.emulator.dropResponses(1, { method: 'POST', path: /^\/api\/v1\/monitor$/ });
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors({ withComposite: false }).stack).toJSON());

  expect(kit.emulator.count({ method: 'POST', path: /^\/api\/v1\/monitor$/ })).toBe(2);
  expect(monitors(kit.emulator)).toHaveLength(2);
  expect(monitors(kit.emulator).filter(m => m.name.startsWith('[L0]'))).toHaveLength(1);
});

test('a CloudFormation retry of a create that succeeded adopts the existing monitor', async () => {
  const template = Template.fromStack(platformMonitors({ withComposite: false }).stack).toJSON();
  const [logicalId, resource] = Object.entries<any>(template.Resources).find(([id]) => id.startsWith('ClusterCpu'))!;
  const props = { ...resource.Properties, CredentialsSecretArn: 'arn:secret', ApiUrl: kit.emulator.url };
  const first = await kit.handler({ RequestType: 'Create', LogicalResourceId: logicalId, ResourceProperties: props });
  const second = await kit.handler({ RequestType: 'Create', LogicalResourceId: logicalId, ResourceProperties: props });
  expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
  expect(monitors(kit.emulator)).toHaveLength(1);
});

test('MON-06: 429 waits for X-RateLimit-Reset and 5xx retries with backoff', async () => {
  kit.emulator.rateLimit(2, 7);
  kit.emulator.serverError(1, 502, { method: 'GET' });
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors({ withComposite: false }).stack).toJSON());

  expect(kit.retry.waits.filter(ms => ms === 7000)).toHaveLength(2);
  expect(kit.retry.waits).toContain(10);
  expect(monitors(kit.emulator)).toHaveLength(2);
});

test('a monitor still referenced by a composite is deleted only after its referrer', async () => {
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors().stack).toJSON());
  const compositeId = Number(kit.cloudformation.physicalId('tenant0SymptomOnly'));
  const cpu = kit.cloudformation.deployed.get([...kit.cloudformation.deployed.keys()].find(id => id.startsWith('ClusterCpu'))!)!;
  // CloudFormation may run both deletes at once when the referrer lives in another stack: the
  // child's delete waits, and succeeds once the composite has gone.
  const handler = createHandler({
    readCredentials: async () => EMULATOR_KEYS,
    retry: kit.retry,
    engine: { sleep: async () => { kit.emulator.state.monitors.delete(compositeId); }, referrerPollMs: 10 },
  });
  await handler({ RequestType: 'Delete', PhysicalResourceId: cpu.physicalId, ResourceProperties: cpu.props });
  expect(kit.emulator.state.monitors.has(Number(cpu.physicalId))).toBe(false);
  const attempts = kit.emulator.requests.filter(r => r.method === 'DELETE' && r.path.endsWith(`/${cpu.physicalId}`));
  expect(attempts.map(r => r.status)).toEqual([400, 200]);
});

test('a referenced monitor whose referrer never goes fails with the referrers named', async () => {
  await kit.cloudformation.deploy(Template.fromStack(platformMonitors().stack).toJSON());
  const cpu = kit.cloudformation.deployed.get([...kit.cloudformation.deployed.keys()].find(id => id.startsWith('ClusterCpu'))!)!;
  await expect(kit.handler({ RequestType: 'Delete', PhysicalResourceId: cpu.physicalId, ResourceProperties: cpu.props }))
    .rejects.toThrow(/still referenced by .*composite/);
});

test('MON-05, MON-07: SLO, synthetics test and recurring downtime round-trip through the provider', async () => {
  const { stack, connection, cpu } = platformMonitors({ withComposite: false });
  const health = new DatadogSyntheticsApiTest(stack, 'AcmeHealth', {
    connection,
    name: '[L3] acme health',
    url: 'https://acme.example.com/health',
    message: 'acme /health fails @slack-ops',
    maxResponseTime: Duration.seconds(1),
  });
  new DatadogSlo(stack, 'AcmeAvailability', { connection, name: 'acme availability', monitors: [health] });
  new DatadogDowntime(stack, 'DatabaseMaintenance', {
    connection,
    monitor: cpu,
    schedule: DatadogDowntimeSchedule.recurring({ rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-12-13T02:00', duration: Duration.hours(2), timezone: 'Asia/Tokyo' }),
  });
  await kit.cloudformation.deploy(Template.fromStack(stack).toJSON());

  const [test] = kit.emulator.state.syntheticsTests.values();
  expect(test.config.request.url).toBe('https://acme.example.com/health');
  const [slo] = kit.emulator.state.slos.values();
  expect(slo.monitor_ids).toEqual([test.monitor_id]);
  expect(slo.thresholds).toEqual([{ timeframe: '30d', target: 99.9, target_display: '99.9' }]);
  const [downtime] = kit.emulator.state.downtimes.values();
  expect(downtime.schedule).toEqual({ recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-12-13T02:00', duration: '2h' }], timezone: 'Asia/Tokyo' });
  expect(downtime.monitor_identifier).toEqual({ monitor_id: Number(kit.cloudformation.physicalId('ClusterCpu')) });

  await kit.cloudformation.destroy();
  expect(kit.emulator.state.syntheticsTests.size).toBe(0);
  expect(kit.emulator.state.slos.size).toBe(0);
  expect([...kit.emulator.state.downtimes.values()].every(d => d.status === 'canceled')).toBe(true);
  expect(monitors(kit.emulator)).toHaveLength(0);
});
