import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDefinition } from '../../../src/monitoring/datadog/model/desired-resource';
import { identityOf } from '../../../src/monitoring/datadog/model/identity';
import { PagingSystem } from '../../../src/platform/alerting/paging';
import {
  SharedCause, SUPPRESSION_MAP, suppressionOf, suppressorKey, suppressorSets, TenantSymptom,
} from '../../../src/platform/alerting/suppression-map';
import { platformStack, tenant, withDatadog } from '../../support/platform';

/** A Datadog platform on two ALB shards with a tenant pinned to shard 2, paged by `pagingSystem` (MON-02). */
function build(pagingSystem = PagingSystem.DATADOG) {
  const app = new App();
  const { stack, platform } = platformStack(s => {
    const props = withDatadog({ loadBalancerShards: 2 })(s);
    return { ...props, datadog: { ...props.datadog!, pagingSystem } };
  }, app);
  const service = tenant(platform, 'acme', { loadBalancerShard: 2 });
  return { platform: Template.fromStack(stack), tenant: Template.fromStack(Stack.of(service)), service };
}

describe('MON-03: the suppression map', () => {
  test('every tenant symptom is held back by at least one shared cause, and every shared cause holds back something', () => {
    expect(SUPPRESSION_MAP.map(r => r.symptom).sort()).toEqual(Object.values(TenantSymptom).sort());
    for (const rule of SUPPRESSION_MAP) expect(rule.suppressedBy.length).toBeGreaterThan(0);
    expect([...new Set(SUPPRESSION_MAP.flatMap(r => r.suppressedBy))].sort()).toEqual(Object.values(SharedCause).sort());
  });

  test('it covers exactly the tenant\'s notifying MON-01 alarms (the ECS-03 deployment alarms stay direct)', () => {
    const { service } = build();
    const alarmIds = service.alarms.map(a => a.node.id).sort();
    expect(SUPPRESSION_MAP.flatMap(r => r.cloudWatchAlarmIds).sort()).toEqual(alarmIds);
  });
});

describe('MON-03, CloudWatch: a tenant\'s critical alarms notify through one composite the shard\'s L2 alarms suppress', () => {
  // CloudWatch pages here (with Datadog paging the same composite notifies the warning topic: paging.test.ts).
  const { platform, tenant: tenantTemplate } = build(PagingSystem.CLOUDWATCH);
  const alarms = tenantTemplate.findResources('AWS::CloudWatch::Alarm');
  const composites = Object.values(tenantTemplate.findResources('AWS::CloudWatch::CompositeAlarm')).map(c => c.Properties);
  const mapped = SUPPRESSION_MAP.flatMap(rule => rule.cloudWatchAlarmIds.map(id => [id, rule.symptom] as const));

  test.each(mapped.filter(([id]) => !id.endsWith('Warning')))(
    '%s (%s): no action of its own; the tenant\'s critical composite takes it only while shard 2\'s alarm for exactly the map\'s causes is not in ALARM', (alarmId, symptom) => {
      const [logicalId, raw] = Object.entries(alarms).find(([id]) => id.startsWith(`Service${alarmId}`))!;
      expect(raw.Properties.AlarmActions).toBeUndefined();
      const composite = composites.find(c => JSON.stringify(c.AlarmRule).includes(logicalId))!;
      expect(composite.AlarmActions).toEqual([{ 'Fn::ImportValue': 'Shared-Platform-TopicCriticalArn' }]);
      // The rule is `((child OR ...) AND (NOT (ALARM(heldBy)))) OR ...`: the first import after the child is its clause's heldBy.
      const parts: any[] = composite.AlarmRule['Fn::Join'][1];
      const child = parts.findIndex(p => p?.['Fn::GetAtt']?.[0] === logicalId);
      expect(parts.slice(child).find(p => p?.['Fn::ImportValue'])).toEqual({
        'Fn::ImportValue': `Shared-Platform-Shard2Suppressor${suppressorKey(suppressionOf(symptom).suppressedBy)}Arn`,
      });
      expect(composite.ActionsSuppressor).toEqual({ 'Fn::ImportValue': `Shared-Platform-Shard2Suppressor${suppressorKey(Object.values(SharedCause))}Arn` });
      expect(composite).toMatchObject({ ActionsSuppressorWaitPeriod: 120, ActionsSuppressorExtensionPeriod: 300 });
    });

  test.each(mapped.filter(([id]) => id.endsWith('Warning')))('%s (%s): a warning goes to chat by itself, outside the composite', alarmId => {
    const [logicalId, raw] = Object.entries(alarms).find(([id]) => id.startsWith(`Service${alarmId}`))!;
    expect(raw.Properties.AlarmActions).toEqual([{ 'Fn::ImportValue': 'Shared-Platform-TopicWarningArn' }]);
    expect(composites.some(c => JSON.stringify(c.AlarmRule).includes(logicalId))).toBe(false);
  });

  test('the platform exports one suppressor per shard and cause set: the L2 alarm itself, or a composite of exactly those causes', () => {
    const outputs = Object.values(platform.findOutputs('*'));
    for (const shard of [1, 2]) {
      for (const set of suppressorSets()) {
        const { Value: value } = outputs.find(o => o.Export?.Name === `Shared-Platform-Shard${shard}Suppressor${suppressorKey(set)}Arn`)!;
        const [target] = value['Fn::GetAtt'];
        const resource = platform.toJSON().Resources[target];
        if (set.length === 1) {
          expect(resource.Type).toBe('AWS::CloudWatch::Alarm');
          expect(target).toMatch(new RegExp(`^PlatformShard${shard}${set[0]}[0-9A-F]{8}$`));
        } else {
          expect(resource.Type).toBe('AWS::CloudWatch::CompositeAlarm');
          const children = JSON.stringify(resource.Properties.AlarmRule).match(/PlatformShard\d\w+[0-9A-F]{8}/g)!;
          expect(children.sort()).toEqual(set.map(c => expect.stringMatching(new RegExp(`^PlatformShard${shard}${c}[0-9A-F]{8}$`))));
          expect(resource.Properties.AlarmActions).toHaveLength(1); // INFO: tenant notifications are held back
        }
      }
    }
  });

  test('each L2 alarm pages by itself (critical), so suppression never silences the incident', () => {
    for (const cause of Object.values(SharedCause)) {
      const [alarm] = Object.values(platform.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `Shared-platform-shard2-${cause.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}` } }));
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^PlatformAlarmsCritical/) }]);
    }
  });
});

describe('MON-03, Datadog: each L3 symptom notifies only through "symptom && !(causes)"', () => {
  const { tenant: tenantTemplate } = build();
  const definitions = Object.values(tenantTemplate.findResources('Custom::DatadogMonitor')).map(r => ({
    definition: parseDefinition(r.Properties.Definition), referenced: r.Properties.ReferencedMonitorIds,
  }));

  test.each(Object.values(TenantSymptom))('%s', symptom => {
    const composite = definitions.find(d => d.definition.identity.path === `Tenant-acme/Service/Datadog/${symptom}Notification`)!;
    const causes = suppressionOf(symptom).suppressedBy;
    expect(composite.definition.body.query).toBe(causes.length === 1
      ? '{{ref:0}} && !{{ref:1}}'
      : `{{ref:0}} && !(${causes.map((_, i) => `{{ref:${i + 1}}}`).join(' || ')})`);
    const [symptomRef, ...causeRefs] = composite.definition.references;
    expect(symptomRef).toBe(identityOf('Tenant-acme', `Service/Datadog/${symptom}`).id);
    expect(causeRefs).toEqual(causes.map(c => identityOf('Shared', `Platform/Datadog/Shard2${c}`).id));
    expect(composite.referenced.slice(1)).toEqual(causes.map(c => ({ 'Fn::ImportValue': `Shared-Platform-Shard2Datadog${c}MonitorId` })));
    expect(composite.definition.body.message).toContain('{{#is_alert}}@pagerduty-platform{{/is_alert}}');
    const raw = definitions.find(d => d.definition.identity.path === `Tenant-acme/Service/Datadog/${symptom}`);
    // The raw symptom (the synthetics test for HEALTH_CHECK) notifies nobody.
    if (raw) expect(raw.definition.body.message).not.toContain('@');
  });
});
