import { App } from 'aws-cdk-lib';
import { datadogPlatform } from '../../support/datadog-platform';
import { database, tenant } from '../../support/platform';

/** Every stack's template of a Datadog platform with a database and `tenantIds`, by stack name. */
function synthesize(tenantIds: string[]): Record<string, unknown> {
  const app = new App();
  const { platform } = datadogPlatform({ loadBalancerShards: 2 }, app);
  const db = database(platform);
  for (const id of tenantIds) tenant(platform, id, { database: db, datadogLogForwarding: true, dashboard: true });
  return Object.fromEntries(app.synth().stacks.map(s => [s.stackName, s.template]));
}

test('MON-05, MON-07, MON-09: with Datadog (agent and log forwarding), schedules, dashboards and budgets on, adding a tenant adds its stack and changes no other template', () => {
  const before = synthesize(['alpha', 'bravo']);
  const after = synthesize(['alpha', 'bravo', 'charlie']);
  expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'Tenant-charlie'].sort());
  for (const name of Object.keys(before)) expect(after[name]).toEqual(before[name]);
  const charlie = JSON.stringify(after['Tenant-charlie']);
  for (const piece of ['AWS::Scheduler::Schedule', 'AWS::CloudWatch::Dashboard', 'datadog-agent', 'awsfirelens']) expect(charlie).toContain(piece);
});
