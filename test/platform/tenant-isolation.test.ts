import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureTenantService } from '../../src';
import { listenerPriority } from '../../src/platform/tenant-placement';
import { database, ENV, IMAGE, platformStack, tenant, withDatadog } from '../support/platform';

/** Synthesizes a platform with a database and `tenantIds`, returning every stack's template by name. */
function synthesize(tenantIds: string[], shards = 1, datadog = false): Record<string, unknown> {
  const app = new App();
  const { platform } = platformStack(datadog ? withDatadog({ loadBalancerShards: shards }) : { loadBalancerShards: shards }, app);
  const db = database(platform);
  for (const id of tenantIds) tenant(platform, id, { database: db });
  const assembly = app.synth();
  return Object.fromEntries(assembly.stacks.map(s => [s.stackName, s.template]));
}

describe('change isolation between tenants', () => {
  const before = synthesize(['alpha', 'bravo', 'charlie']);

  test('adding a tenant adds its stack and changes no other template', () => {
    const after = synthesize(['alpha', 'bravo', 'charlie', 'delta']);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'Tenant-delta'].sort());
    for (const name of Object.keys(before)) expect(after[name]).toEqual(before[name]);
  });

  test('removing a tenant removes its stack and changes no other template', () => {
    const after = synthesize(['alpha', 'charlie']);
    expect(Object.keys(after).sort()).toEqual(['Shared', 'Tenant-alpha', 'Tenant-charlie']);
    for (const name of Object.keys(after)) expect(after[name]).toEqual(before[name]);
  });

  test('the order tenants are created in does not matter', () => {
    expect(synthesize(['charlie', 'alpha', 'bravo'])).toEqual(before);
  });
});

describe('change isolation with Datadog on (MON-03)', () => {
  const before = synthesize(['alpha', 'bravo', 'charlie'], 2, true);

  test('adding a tenant adds only its stack, with its monitors, composites, SLO and synthetics test; no other template changes', () => {
    const after = synthesize(['alpha', 'bravo', 'charlie', 'delta'], 2, true);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'Tenant-delta'].sort());
    for (const name of Object.keys(before)) expect(after[name]).toEqual(before[name]);
    const delta = Template.fromJSON(after['Tenant-delta'] as any);
    delta.resourceCountIs('Custom::DatadogMonitor', 11);
    delta.resourceCountIs('Custom::DatadogSyntheticsApiTest', 1);
    delta.resourceCountIs('Custom::DatadogSlo', 1);
  });

  test('removing a tenant changes no other template', () => {
    const after = synthesize(['alpha', 'charlie'], 2, true);
    for (const name of Object.keys(after)) expect(after[name]).toEqual(before[name]);
  });
});

describe('placement on ALB shards', () => {
  test('listener-rule priorities derive from the tenant id alone, within 1..50000', () => {
    expect(listenerPriority('acme')).toBe(listenerPriority('acme'));
    expect(listenerPriority('acme')).not.toBe(listenerPriority('globex'));
    for (const id of ['a1', 'tenant-a', 'tenant-with-a-very-long-id-30ch']) {
      expect(listenerPriority(id)).toBeGreaterThanOrEqual(1);
      expect(listenerPriority(id)).toBeLessThanOrEqual(50_000);
    }
  });

  test('100 tenants synthesize on two shards, each within the ALB quotas', () => {
    const app = new App();
    const { platform } = platformStack({ loadBalancerShards: 2 }, app);
    const ids = Array.from({ length: 100 }, (_, i) => `tenant-${String(i + 1).padStart(3, '0')}`);
    const services = ids.map(id => tenant(platform, id));
    const assembly = app.synth();
    expect(assembly.stacks).toHaveLength(101);
    const perShard = [1, 2].map(n => services.filter(s => s.loadBalancerShard === n).length);
    expect(perShard[0] + perShard[1]).toBe(100);
    expect(Math.min(...perShard)).toBeGreaterThan(30); // the hash spreads tenants over both shards
    const template = Template.fromJSON(assembly.getStackByName('Tenant-tenant-042').template);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
  });

  test('a pinned tenant stays on its shard; a full shard is refused with the fix', () => {
    const { platform } = platformStack({ loadBalancerShards: 2 });
    expect(tenant(platform, 'pinned', { loadBalancerShard: 2 }).loadBalancerShard).toBe(2);
    for (let i = 0; i < 99; i++) tenant(platform, `fill-${i}`, { loadBalancerShard: 1, listenerRulePriority: i + 1 });
    expect(() => tenant(platform, 'one-too-many', { loadBalancerShard: 1, listenerRulePriority: 1000 })).not.toThrow();
    expect(() => tenant(platform, 'overflow', { loadBalancerShard: 1, listenerRulePriority: 1001 }))
      .toThrow(/ALB shard 1 cannot take tenant "overflow": it would hold 101 listener rules and 101 target groups \(ALB quotas: 100 and 100\)/);
  });

  test('two tenants whose ids hash to one priority on a shard get a clear error', () => {
    const seen = new Map<number, string>();
    let clash: [string, string] | undefined;
    for (let i = 0; !clash; i++) {
      const id = `t${i}`;
      const other = seen.get(listenerPriority(id));
      if (other) clash = [other, id];
      seen.set(listenerPriority(id), id);
    }
    const { platform } = platformStack();
    tenant(platform, clash[0]);
    expect(() => tenant(platform, clash![1]))
      .toThrow(new RegExp(`listenerRulePriority ${listenerPriority(clash[0])} of tenant "${clash[1]}" is already used on ALB shard 1 by tenant "${clash[0]}"; set listenerRulePriority explicitly`));
    expect(() => tenant(platform, `${clash![1]}x`, { listenerRulePriority: 7 })).not.toThrow();
  });

  test('a tenant clashing with others in several props is refused once, naming every clash', () => {
    const { app, platform } = platformStack();
    tenant(platform, 'acme', { listenerRulePriority: 7 });
    const other = new Stack(app, 'Other', { env: ENV });
    expect(() => new SecureTenantService(other, 'Globex', { platform, tenantId: 'globex', hostHeader: 'acme.example.com', listenerRulePriority: 7, image: IMAGE }))
      .toThrow(/^Other\/Globex: 2 problems:\n- hostHeader "acme.example.com" of tenant "globex" is already routed to tenant "acme" \(Tenant-acme\/Service\); host headers must be unique on a platform\n- listenerRulePriority 7 of tenant "globex" is already used on ALB shard 1 by tenant "acme"; set listenerRulePriority explicitly to an unused value from 1 to 50000$/);
    expect(() => new SecureTenantService(other, 'Acme', { platform, tenantId: 'acme', hostHeader: 'acme.example.com', image: IMAGE }))
      .toThrow(/^Other\/Acme: 2 problems:\n- tenantId "acme" is already used by Tenant-acme\/Service; tenant ids must be unique on a platform\n- hostHeader "acme.example.com" of tenant "acme" is already routed/);
  });

  test.each([['without', {}], ['with', withDatadog()]] as const)('a tenant in the platform stack (%s Datadog) uses the platform directly, without imports', (_, props) => {
    const { stack, platform } = platformStack(props);
    new SecureTenantService(stack, 'Inline', { platform, tenantId: 'inline', hostHeader: 'inline.example.com', image: IMAGE });
    const template = Template.fromStack(stack).toJSON();
    expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
    expect(JSON.stringify(template.Parameters)).not.toContain('/cdk-tenant-platform/');
    expect(Stack.of(platform)).toBe(stack);
  });
});
