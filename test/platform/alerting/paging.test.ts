import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { alarmAnchor } from '../../../src/monitoring/alarm-factory';
import { parseDefinition } from '../../../src/monitoring/datadog/model/desired-resource';
import { PagingSystem } from '../../../src/platform/alerting/paging';
import { SharedCause, SUPPRESSION_MAP, TenantSymptom } from '../../../src/platform/alerting/suppression-map';
import { PLATFORM_ANCHORS } from '../../../src/runbooks/sections/platform-anchors';
import { platformStack, tenant, withDatadog } from '../../support/platform';
import { sectionOf } from '../../support/runbooks';

const PAGERDUTY_URL = 'https://events.pagerduty.com/integration/0123456789abcdef/enqueue';

/** A Datadog platform with PagerDuty on its critical topic and tenant `acme` on shard 1, paged by `paging` (the default when undefined). */
function build(paging: PagingSystem | undefined) {
  const app = new App();
  const { stack, platform } = platformStack(s => {
    const datadog = withDatadog()(s).datadog!;
    return {
      datadog: { ...datadog, ...paging ? { pagingSystem: paging } : {} },
      notifications: { criticalEmails: ['oncall@example.com'], pagerDutyEndpointUrl: PAGERDUTY_URL, warningSlackChannelId: 'C0123ABCD', slackWorkspaceId: 'T0123ABCD' },
    };
  }, app);
  const service = tenant(platform, 'acme');
  return Object.assign(new PagingRoutes(Template.fromStack(stack), Template.fromStack(Stack.of(service))), { app, service });
}

/** The English runbook section `anchor` of the tenant's stack (or of the platform's with `platform`). */
function tenantSection(built: ReturnType<typeof build>, anchor: string, platform = false): string {
  const out = built.app.synth().directory;
  const stackName = platform ? 'Shared' : Stack.of(built.service).stackName;
  return sectionOf(fs.readFileSync(path.join(out, 'runbooks', 'en', `${stackName}.md`), 'utf8'), anchor);
}

/** The PagerDuty routes of one synthesized platform: CloudWatch alarms reaching the topic PagerDuty subscribes to, and Datadog monitors carrying `@pagerduty`. */
class PagingRoutes {
  private readonly pagedTopic: string;
  private readonly pagedExport: string;

  public constructor(public readonly platform: Template, public readonly tenantStack: Template) {
    const [subscription] = Object.values(platform.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'https', Endpoint: PAGERDUTY_URL } }));
    this.pagedTopic = subscription.Properties.TopicArn.Ref;
    const exported = Object.values(platform.findOutputs('*')).find(o => o.Value?.Ref === this.pagedTopic)!;
    this.pagedExport = exported.Export.Name;
  }

  /** How many CloudWatch alarms or composites of `template` whose own id or watched alarm id starts with `logicalIdPrefix` notify the PagerDuty topic. */
  public cloudWatchPages(template: Template, logicalIdPrefix: RegExp): number {
    const resources = template.toJSON().Resources as Record<string, any>;
    const alarms = Object.keys(resources).filter(id => resources[id].Type === 'AWS::CloudWatch::Alarm' && logicalIdPrefix.test(id));
    expect(alarms.length).toBeGreaterThan(0);
    const notifiers = Object.entries(resources).filter(([id, r]) => r.Type.startsWith('AWS::CloudWatch::') &&
      (alarms.includes(id) || (r.Type === 'AWS::CloudWatch::CompositeAlarm' && alarms.some(a => JSON.stringify(r.Properties.AlarmRule).includes(a)))));
    return notifiers.filter(([, r]) => (r.Properties.AlarmActions ?? []).some((a: any) => this.isPagedTopic(a))).length;
  }

  /** How many Datadog monitors of `template` at construct paths `paths` carry a `@pagerduty` handle. */
  public datadogPages(template: Template, paths: string[]): number {
    const monitors = this.datadogMonitors(template).filter(d => paths.includes(d.identity.path));
    expect(monitors.length).toBeGreaterThan(0);
    return monitors.filter(d => String(d.body.message ?? '').includes('@pagerduty')).length;
  }

  /** Every Datadog monitor (and synthetics test) of `template`, parsed. */
  public datadogMonitors(template: Template) {
    return Object.values(template.toJSON().Resources as Record<string, any>)
      .filter(r => r.Type.startsWith('Custom::Datadog') && r.Properties.Definition)
      .map(r => parseDefinition(r.Properties.Definition));
  }

  private isPagedTopic(action: any): boolean {
    return action.Ref === this.pagedTopic || action['Fn::ImportValue'] === this.pagedExport;
  }
}

/** The tenant's and shard 1's routes of every row of the suppression table. */
function routesOf(routes: PagingRoutes) {
  const symptoms = SUPPRESSION_MAP.map(rule => {
    const cloudWatch = rule.cloudWatchAlarmIds.reduce((n, id) => n + routes.cloudWatchPages(routes.tenantStack, new RegExp(`^Service${id}[0-9A-F]{8}$`)), 0);
    const datadog = routes.datadogPages(routes.tenantStack, [`Tenant-acme/Service/Datadog/${rule.symptom}Notification`, `Tenant-acme/Service/Datadog/${rule.symptom}`]);
    return { row: `symptom ${rule.symptom}`, cloudWatch, datadog };
  });
  const causes = Object.values(SharedCause).map(cause => ({
    row: `cause ${cause}`,
    cloudWatch: routes.cloudWatchPages(routes.platform, new RegExp(`^PlatformShard1${cause}[0-9A-F]{8}$`)),
    datadog: routes.datadogPages(routes.platform, [`Shared/Platform/Datadog/Shard1${cause}`]),
  }));
  return [...symptoms, ...causes];
}

describe('MON-02, MON-03: one page per incident', () => {
  const byDefault = routesOf(build(undefined));
  const datadogPaging = routesOf(build(PagingSystem.DATADOG));
  const cloudWatch = build(PagingSystem.CLOUDWATCH);
  const cloudWatchPaging = routesOf(cloudWatch);

  test.each(byDefault.map(r => [r.row, r] as const))('default (Datadog paging), %s: exactly one page, from Datadog', (_, route) => {
    expect(route).toMatchObject({ cloudWatch: 0, datadog: 1 });
  });

  test('the default is Datadog paging when Datadog is on', () => {
    expect(byDefault).toEqual(datadogPaging);
  });

  test.each(cloudWatchPaging.map(r => [r.row, r] as const))('CloudWatch paging, %s: exactly one page', (_, route) => {
    expect(route.cloudWatch + route.datadog).toBe(1);
    // Datadog pages only what no CloudWatch alarm watches (the synthetics health check).
    expect(route.datadog).toBe(route.row === `symptom ${TenantSymptom.HEALTH_CHECK}` ? 1 : 0);
  });

  test('CloudWatch paging: no other Datadog monitor of the platform or the tenant carries a paging handle', () => {
    const paging = [cloudWatch.platform, cloudWatch.tenantStack].flatMap(t => cloudWatch.datadogMonitors(t))
      .filter(d => String(d.body.message ?? '').includes('@pagerduty')).map(d => d.identity.path);
    expect(paging).toEqual([`Tenant-acme/Service/Datadog/${TenantSymptom.HEALTH_CHECK}Notification`]);
  });

  test('Datadog paging: CloudWatch keeps paging for what only AWS sees and keeps the ECS-03 deployment alarms', () => {
    const routes = build(undefined);
    // The maintenance schedule failure alarm (OPS) and the tenant's deployment alarms are untouched.
    const resources = routes.platform.toJSON().Resources as Record<string, any>;
    const criticalOutsideTable = Object.entries(resources).filter(([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' &&
      !/^PlatformShard\d(ErrorRate|LatencyP99|NoHealthyTargets)[0-9A-F]{8}$/.test(id) && String(r.Properties.AlarmDescription ?? '').startsWith('CRITICAL'));
    expect(criticalOutsideTable.length).toBeGreaterThan(0);
    for (const [, alarm] of criticalOutsideTable) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^PlatformAlarmsCritical/) }]);
    const service = routes.tenantStack.toJSON().Resources as Record<string, any>;
    const [ecsService] = Object.values(service).filter(r => r.Type === 'AWS::ECS::Service');
    expect(ecsService.Properties.DeploymentConfiguration.Alarms.AlarmNames.length).toBeGreaterThan(0);
  });

  test.each([
    [PagingSystem.DATADOG, 'Datadog pages (datadog.pagingSystem)'],
    [PagingSystem.CLOUDWATCH, undefined],
  ])('the runbook section of the tenant\'s critical CPU alarm words its route under %s paging', (paging, why) => {
    const built = build(paging);
    const section = tenantSection(built, alarmAnchor(built.service, 'CpuCritical'));
    if (why) {
      expect(section).toContain(why);
      expect(section).toContain('This alarm notifies: Slack, immediately.');
      expect(section).not.toContain('PagerDuty, Slack and email');
    } else {
      expect(section).toContain('This alarm notifies: PagerDuty, Slack and email, immediately.');
    }
  });

  test.each([[PagingSystem.DATADOG, true], [PagingSystem.CLOUDWATCH, false]])('the escalation section says who pages under %s paging', (paging, datadogPages) => {
    const section = tenantSection(build(paging), PLATFORM_ANCHORS.escalation, true);
    expect(section.includes('On this platform Datadog pages for the tenants\' symptoms')).toBe(datadogPages);
    expect(section).toContain('There are https (PagerDuty) and email subscriptions');
  });

  test('CloudWatch paging: the 5XX count alarm leaves the page of the error-rate symptom to the error-rate alarm, and says so', () => {
    const built = build(PagingSystem.CLOUDWATCH);
    expect(tenantSection(built, alarmAnchor(built.service, 'Http5xx'))).toContain('The ErrorRateCritical alarm pages for the same symptom');
  });
});
