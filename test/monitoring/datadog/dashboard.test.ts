import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatadogConnection, DatadogDashboard, DatadogDashboardProps, DatadogDashboardWidget as Widget } from '../../../src';
import { datadogCommand } from '../../../src/cli/commands/datadog';
import { parseDefinition } from '../../../src/monitoring/datadog/model/desired-resource';
import { DatadogEmulator, EMULATOR_KEYS } from '../../support/datadog-emulator';
import { datadogStack, deployKit, recordingRetry } from '../../support/datadog-fixtures';

const tenantCpu = Widget.timeseries({ title: 'CPU by tenant', queries: ['avg:aws.ecs.service.cpuutilization{$service} by {service}'] });

function dashboard(stack: Stack, connection: DatadogConnection, overrides: Partial<DatadogDashboardProps> = {}): DatadogDashboard {
  return new DatadogDashboard(stack, 'Dashboard', {
    connection,
    title: 'Platform',
    description: 'Tenants appear by their service tag.',
    templateVariables: [{ name: 'service' }],
    widgets: [
      Widget.note('**L0** platform'),
      Widget.group({ title: 'Tenants', widgets: [tenantCpu, Widget.toplist({ title: 'Requests', query: 'sum:aws.applicationelb.request_count{$service} by {service}.as_count()' })] }),
      Widget.monitorSummary({ title: 'L3 monitors', query: 'tag:"level:l3"' }),
      Widget.queryValue({ title: 'Requests', query: 'sum:aws.applicationelb.request_count{*}.as_count()' }),
      Widget.fromDefinition({ type: 'slo_list', title: 'SLOs', requests: [{ query: { query_string: 'env:prod' }, request_type: 'slo_list' }] }),
    ],
    ...overrides,
  });
}

function definitionOf(stack: Stack) {
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::DatadogDashboard'));
  return parseDefinition((resource as any).Properties.Definition);
}

describe('MON-05: DatadogDashboard', () => {
  test('renders the v1 dashboard body with its identity in the description and template variables defaulting to "*"', () => {
    const { stack, connection } = datadogStack();
    dashboard(stack, connection);
    const { body, kind } = definitionOf(stack);
    expect(kind).toBe('dashboard');
    expect(body.layout_type).toBe('ordered');
    expect(body.description).toMatch(/^Tenants appear by their service tag\.\n\nmanaged-by:cdk-tenant-platform cdk-tenant-platform-id:[0-9a-f]{20} cdk-tenant-platform-stack:platformmonitors$/);
    expect(body.template_variables).toEqual([{ name: 'service', prefix: 'service', defaults: ['*'] }]);
    expect(body.widgets[1].definition.widgets[0].definition).toEqual({
      type: 'timeseries',
      title: 'CPU by tenant',
      show_legend: true,
      requests: [{ q: 'avg:aws.ecs.service.cpuutilization{$service} by {service}', display_type: 'line' }],
    });
  });

  test.each([
    ['no title', { title: ' ' }, /Dashboard: title is required/],
    ['no widgets', { widgets: [] }, /widgets must not be empty/],
    ['a query using an undeclared variable', { templateVariables: [] }, /a widget query uses \$service, which is not a template variable \(none declared\)/],
    ['a variable declared twice', { templateVariables: [{ name: 'service' }, { name: 'service' }] }, /template variable "service" is declared twice/],
    ['a bad variable name', { templateVariables: [{ name: 'service' }, { name: '1env' }] }, /template variable "1env" must match/],
  ])('MON-04: %s fails at synth', (_, overrides, message) => {
    const { stack, connection } = datadogStack();
    expect(() => dashboard(stack, connection, overrides as Partial<DatadogDashboardProps>)).toThrow(message);
  });
});

describe('MON-05, MON-06: a dashboard deploys, drifts and is deleted like the monitors', () => {
  test('the provider creates it, updates it in place and deletes it; a dashboard deleted in the UI is recreated', async () => {
    const kit = await deployKit();
    try {
      const { stack, connection } = datadogStack();
      dashboard(stack, connection);
      await kit.cloudformation.deploy(Template.fromStack(stack).toJSON());
      const id = kit.cloudformation.physicalId('Dashboard');
      expect(kit.emulator.state.dashboards.get(id)!.title).toBe('Platform');

      const renamed = datadogStack();
      dashboard(renamed.stack, renamed.connection, { title: 'Platform v2' });
      await kit.cloudformation.deploy(Template.fromStack(renamed.stack).toJSON());
      expect(kit.cloudformation.physicalId('Dashboard')).toBe(id);
      expect(kit.emulator.state.dashboards.get(id)!.title).toBe('Platform v2');

      kit.emulator.state.dashboards.delete(id);
      const again = datadogStack();
      dashboard(again.stack, again.connection, { title: 'Platform v3' });
      await kit.cloudformation.deploy(Template.fromStack(again.stack).toJSON());
      const recreated = kit.cloudformation.attribute('Dashboard', 'Id');
      expect(recreated).not.toBe(id);
      expect(kit.cloudformation.physicalId('Dashboard')).toBe(id);
      expect(kit.emulator.state.dashboards.get(recreated)!.title).toBe('Platform v3');

      await kit.cloudformation.destroy();
      expect(kit.emulator.state.dashboards.size).toBe(0);
    } finally {
      await kit.emulator.close();
    }
  });

  test('plan creates it, server-added widget ids are no drift, a widget changed in the UI is, and apply puts it back', async () => {
    const emulator = await DatadogEmulator.start();
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-')) });
      const { stack, connection } = datadogStack('PlatformMonitors', app);
      dashboard(stack, connection);
      const dir = app.synth().directory;
      const run = async (action: string) => {
        let out = '';
        const env = { DD_API_KEY: EMULATOR_KEYS.apiKey, DD_APP_KEY: EMULATOR_KEYS.appKey };
        const io = { out: (t: string) => { out += t; }, err: (t: string) => { out += t; }, env, cwd: process.cwd() };
        return { code: await datadogCommand({ retry: recordingRetry() }).run([action, '--app', dir, '--api-url', emulator.url], io), out };
      };
      expect((await run('plan')).out).toMatch(/\+ create dashboard PlatformMonitors\/Dashboard "Platform"/);
      expect((await run('apply')).code).toBe(0);
      const [stored] = emulator.state.dashboards.values();
      expect(stored.widgets[1].id).toEqual(expect.any(Number));
      expect((await run('drift')).code).toBe(0);

      stored.widgets[1].definition.widgets[0].definition.title = 'Edited in the UI';
      const drift = await run('drift');
      expect(drift.code).toBe(2);
      expect(drift.out).toContain('~ update dashboard PlatformMonitors/Dashboard');
      expect((await run('apply')).code).toBe(0);
      expect(emulator.state.dashboards.get(stored.id)!.widgets[1].definition.widgets[0].definition.title).toBe('CPU by tenant');
      expect((await run('drift')).code).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
