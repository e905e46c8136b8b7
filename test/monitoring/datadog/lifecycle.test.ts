import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatadogMonitor, DatadogMonitorType, DatadogSlo } from '../../../src';
import { datadogCommand } from '../../../src/cli/commands/datadog';
import { addMonitors } from '../../support/datadog-app';
import { EMULATOR_KEYS } from '../../support/datadog-emulator';
import { datadogStack, deployKit, recordingRetry } from '../../support/datadog-fixtures';
import { FakeCloudFormation } from '../../support/fake-cloudformation';

type Kit = Awaited<ReturnType<typeof deployKit>>;
let kit: Kit;
beforeEach(async () => { kit = await deployKit(); });
afterEach(async () => { await kit.emulator.close(); });

const FAILED_CREATE_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

function monitorStack(stackName = 'PlatformMonitors', app = new App()) {
  const { stack, connection } = datadogStack(stackName, app);
  addMonitors(stack, connection, { withComposite: false });
  return stack;
}

function monitors() {
  return [...kit.emulator.state.monitors.values()];
}

/** The cloud assembly of `stack`'s app, for the CLI. */
function assemblyOf(stack: Stack): string {
  return (stack.node.root as App).synth().directory;
}

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => { out += t; },
    err: (t: string) => { err += t; },
    env: { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey },
    cwd: process.cwd(),
  };
  const code = await datadogCommand({ retry: recordingRetry() }).run([...args, '--api-url', kit.emulator.url], io);
  return { code, out, err };
}

describe('no orphans, against aws-cdk-lib\'s provider framework runtime', () => {
  test('repair then destroy: a monitor deleted by hand and re-created by apply is deleted with the stack (0 left)', async () => {
    const stack = monitorStack();
    await kit.cloudformation.deploy(Template.fromStack(stack).toJSON());
    const cpuId = Number(kit.cloudformation.physicalId('ClusterCpu'));
    kit.emulator.state.monitors.delete(cpuId);

    expect((await cli('apply', '--app', assemblyOf(stack))).code).toBe(0);
    const repaired = monitors().find(m => m.name.startsWith('[L0]'))!;
    expect(repaired.id).not.toBe(cpuId);

    await kit.cloudformation.destroy();
    expect(monitors()).toHaveLength(0);
  });

  test('a Create whose POST succeeded never fails: it reports the monitor it made although the answer was lost', async () => {
    kit.emulator.dropResponses(1, { method: 'POST', path: /^\/api\/v1\/monitor$/ });
    await kit.cloudformation.deploy(Template.fromStack(monitorStack()).toJSON());
    expect(monitors()).toHaveLength(2);
    expect(kit.cloudformation.events.every(e => e.response.Status === 'SUCCESS')).toBe(true);
    expect(monitors().map(m => String(m.id)).sort()).toEqual([kit.cloudformation.physicalId('ClusterCpu'), kit.cloudformation.physicalId('tenant0Errors')].sort());
  });

  test('a failed Create cleans up what it made itself: the framework answers the following Delete without the handler', async () => {
    // The POST is applied but its answer is lost, and every look-up after it fails: the Create fails.
    kit.emulator.dropResponses(1, { method: 'POST', path: /^\/api\/v1\/monitor$/ });
    kit.emulator.serverError(24, 503, { method: 'GET', path: /^\/api\/v1\/monitor$/, skip: 1 });
    const stack = monitorStack();
    await expect(kit.cloudformation.deploy(Template.fromStack(stack).toJSON())).rejects.toThrow(/CREATE_FAILED: .*whether Datadog made the monitor is unknown/);

    const [failed, rollback] = kit.cloudformation.events;
    expect(failed).toMatchObject({ requestType: 'Create', response: { Status: 'FAILED', PhysicalResourceId: FAILED_CREATE_MARKER }, handlerInvoked: true });
    expect(rollback).toMatchObject({ requestType: 'Delete', response: { Status: 'SUCCESS' }, handlerInvoked: false });
    expect(monitors()).toHaveLength(0);
  });

  test('a deployment that fails on a later resource rolls back to 0 resources', async () => {
    const { stack, connection } = datadogStack();
    const { cpu } = addMonitors(stack, connection, { withComposite: false });
    new DatadogSlo(stack, 'Availability', { connection, name: 'availability', monitors: [cpu] });
    kit.emulator.serverError(1, 400, { method: 'POST', path: /^\/api\/v1\/slo$/ });
    await expect(kit.cloudformation.deploy(Template.fromStack(stack).toJSON())).rejects.toThrow(/Availability.*CREATE_FAILED: POST \/api\/v1\/slo: HTTP 400/);
    expect(monitors()).toHaveLength(0);
    expect(kit.emulator.state.slos.size).toBe(0);
    expect(kit.cloudformation.events.filter(e => e.requestType === 'Delete' && !e.handlerInvoked)).toHaveLength(1);
  });
});

describe('stable identity', () => {
  function renamable(stackName: string, constructId: string, identity?: string) {
    const { stack, connection } = datadogStack(stackName, new App());
    new DatadogMonitor(stack, constructId, {
      connection,
      identity,
      type: DatadogMonitorType.METRIC_ALERT,
      name: '[L0] ECS cluster CPU high',
      query: 'avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform} > 85',
      message: 'CPU is high. @slack-ops',
      thresholds: { critical: 85 },
    });
    return stack;
  }

  test('renaming a construct and then its stack updates the same monitor: no create, no delete', async () => {
    await kit.cloudformation.deploy(Template.fromStack(renamable('PlatformMonitors', 'ClusterCpu', 'platform/cpu')).toJSON());
    const [original] = monitors();

    await kit.cloudformation.deploy(Template.fromStack(renamable('PlatformMonitors', 'ProcessorLoad', 'platform/cpu')).toJSON());
    const renamedStack = new FakeCloudFormation(kit.handler, kit.emulator.url);
    await renamedStack.deploy(Template.fromStack(renamable('Platform', 'ProcessorLoad', 'platform/cpu')).toJSON());
    await kit.cloudformation.destroy();

    expect(monitors().map(m => m.id)).toEqual([original.id]);
    expect(monitors()[0].tags).toContain('cdk-tenant-platform-stack:platform');
    const writes = kit.emulator.requests.filter(r => r.path.startsWith('/api/v1/monitor') && r.method !== 'GET').map(r => r.method);
    expect(writes).toEqual(['POST', 'PUT', 'PUT']);
  });

  test('plan shows a renamed construct with an identity as an update of the same monitor', async () => {
    expect((await cli('apply', '--app', assemblyOf(renamable('PlatformMonitors', 'ClusterCpu', 'platform/cpu')))).code).toBe(0);
    const plan = await cli('plan', '--app', assemblyOf(renamable('Platform', 'ProcessorLoad', 'platform/cpu')));
    expect(plan.out).toContain('~ update monitor Platform/ProcessorLoad');
    expect(plan.out).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged.');
  });

  test('without an identity a rename is a delete and a create; two constructs cannot share one', async () => {
    expect((await cli('apply', '--app', assemblyOf(renamable('PlatformMonitors', 'ClusterCpu')))).code).toBe(0);
    const plan = await cli('plan', '--app', assemblyOf(renamable('PlatformMonitors', 'ProcessorLoad')));
    expect(plan.out).toContain('Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged.');

    const other = datadogStack('Other', renamable('PlatformMonitors', 'ClusterCpu', 'platform/cpu').node.root as App);
    expect(() => new DatadogSlo(other.stack, 'Slo', { connection: other.connection, identity: 'platform/cpu', name: 'x', numerator: 'a', denominator: 'b' }))
      .toThrow('Other/Slo: identity "platform/cpu" is already used by PlatformMonitors/ClusterCpu; each Datadog construct of an app needs its own');
    expect(() => renamable('PlatformMonitors', 'ClusterCpu', 'platform cpu')).toThrow(/identity "platform cpu" must match/);
  });
});
