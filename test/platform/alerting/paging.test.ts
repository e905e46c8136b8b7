import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { alarmAnchor } from '../../../src/monitoring/alarm-factory';
import { DATABASE_TWIN_PAIRS, PagingSystem } from '../../../src/platform/alerting/paging';
import { TenantSymptom } from '../../../src/platform/alerting/suppression-map';
import { PLATFORM_ANCHORS } from '../../../src/runbooks/sections/platform-anchors';
import { datadogMonitors, pages, PagingRoutes, shardCauseConditions, tenantSymptomConditions, WatchedCondition } from '../../support/paging-routes';
import { database, platformStack, tenant, withDatadog } from '../../support/platform';
import { sectionOf } from '../../support/runbooks';

const PAGERDUTY_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/pagerduty-MnOpQr';

/**
 * A platform with PagerDuty on its critical topic (issue 11: the endpoint is a Secrets Manager
 * secret), its database and tenant `acme` on shard 1; with Datadog paged by `paging` (its default
 * when undefined), or without Datadog when `datadog` is false.
 */
function build(paging: PagingSystem | undefined, datadog = true) {
  const app = new App();
  const { stack, platform } = platformStack(s => ({
    ...datadog ? { datadog: { ...withDatadog()(s).datadog!, ...paging ? { pagingSystem: paging } : {} } } : {},
    notifications: {
      criticalEmails: ['oncall@example.com'],
      pagerDutyEndpointSecret: secretsmanager.Secret.fromSecretCompleteArn(s, 'PagerDuty', PAGERDUTY_SECRET_ARN),
      warningSlackChannelId: 'C0123ABCD',
      slackWorkspaceId: 'T0123ABCD',
    },
  }), app);
  database(platform);
  const service = tenant(platform, 'acme');
  const templates = { platform: Template.fromStack(stack), tenant: Template.fromStack(Stack.of(service)) };
  return { app, service, platformConstruct: platform, templates, routes: new PagingRoutes(templates.platform, PAGERDUTY_SECRET_ARN) };
}

/** The English runbook section `anchor` of the tenant's stack (or of the platform's with `platform`). */
function sectionIn(built: ReturnType<typeof build>, anchor: string, platform = false): string {
  const out = built.app.synth().directory;
  const stackName = platform ? 'Shared' : Stack.of(built.service).stackName;
  return sectionOf(fs.readFileSync(path.join(out, 'runbooks', 'en', `${stackName}.md`), 'utf8'), anchor);
}

/** Every symptom and cause of the suppression table, then the L0 conditions both sides or only Datadog watch. */
const WATCHED: WatchedCondition[] = [
  ...tenantSymptomConditions('Tenant-acme'),
  ...shardCauseConditions('Shared', 1),
  { row: 'L0 load balancer 5XX', stack: 'platform', cloudWatch: /^PlatformShard1Elb5xx[0-9A-F]{8}$/, datadog: ['Shared/Platform/Datadog/LoadBalancer5xx'] },
  ...DATABASE_TWIN_PAIRS.map(pair => ({
    row: `L0 database ${pair}`, stack: 'platform' as const, cloudWatch: new RegExp(`^Database${pair}(Warning|Critical)[0-9A-F]{8}$`), datadog: [`Shared/Database/Datadog/${pair}`],
  })),
  { row: 'L0 cluster CPU', stack: 'platform', datadog: ['Shared/Platform/Datadog/ClusterCpu'] },
  { row: 'L0 cluster memory', stack: 'platform', datadog: ['Shared/Platform/Datadog/ClusterMemory'] },
  { row: 'L0 database replica lag', stack: 'platform', datadog: ['Shared/Database/Datadog/ReplicaLag'] },
];

/** The CloudWatch and Datadog pages of every watched condition. */
function routesOf({ routes, templates }: ReturnType<typeof build>, datadog = true) {
  return WATCHED.filter(w => datadog || w.cloudWatch).map(w => ({
    row: w.row,
    cloudWatch: w.cloudWatch ? routes.cloudWatchPages(templates[w.stack], w.cloudWatch) : 0,
    datadog: datadog ? routes.datadogPages(templates[w.stack], w.datadog) : 0,
    twins: w.cloudWatch !== undefined,
  }));
}

describe('MON-02, MON-03: one page per incident', () => {
  const byDefault = build(undefined);
  const defaultRoutes = routesOf(byDefault);
  const cloudWatch = build(PagingSystem.CLOUDWATCH);
  const cloudWatchRoutes = routesOf(cloudWatch);
  const withoutDatadog = routesOf(build(undefined, false), false);

  test.each(defaultRoutes.map(r => [r.row, r] as const))('default (Datadog paging), %s: exactly one page, from Datadog', (_, route) => {
    expect(route).toMatchObject({ cloudWatch: 0, datadog: 1 });
  });

  test('the default is Datadog paging when Datadog is on', () => {
    expect(routesOf(build(PagingSystem.DATADOG))).toEqual(defaultRoutes);
  });

  test.each(cloudWatchRoutes.map(r => [r.row, r] as const))('CloudWatch paging, %s: exactly one page, from Datadog only where no CloudWatch alarm watches', (_, route) => {
    expect(route.cloudWatch + route.datadog).toBe(1);
    expect(route.datadog).toBe(route.twins ? 0 : 1);
  });

  test.each(withoutDatadog.map(r => [r.row, r] as const))('without Datadog, %s: exactly one page, from CloudWatch', (_, route) => {
    expect(route).toMatchObject({ cloudWatch: 1, datadog: 0 });
  });

  test('the rows cover every Datadog monitor that pages, in either mode', () => {
    const listed = WATCHED.flatMap(w => w.datadog);
    const pagingMonitors = (built: ReturnType<typeof build>) => Object.values(built.templates).flatMap(datadogMonitors).filter(pages);
    for (const built of [byDefault, cloudWatch]) expect(pagingMonitors(built).map(d => d.identity.path).filter(p => !listed.includes(p))).toEqual([]);
    const pagingUnderCloudWatch = pagingMonitors(cloudWatch);
    expect(pagingUnderCloudWatch.map(d => d.identity.path).sort()).toEqual([
      'Shared/Database/Datadog/ReplicaLag', 'Shared/Platform/Datadog/ClusterCpu', 'Shared/Platform/Datadog/ClusterMemory',
      `Tenant-acme/Service/Datadog/${TenantSymptom.HEALTH_CHECK}Notification`,
    ]);
  });

  test('Datadog paging: every other critical CloudWatch alarm still pages (what only AWS sees), and the ECS-03 deployment alarms stay', () => {
    const twins = WATCHED.flatMap(w => w.cloudWatch ? [w.cloudWatch] : []);
    const others = Object.values(byDefault.templates).flatMap(template => Object.entries(template.toJSON().Resources as Record<string, any>)
      .filter(([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' && !twins.some(t => t.test(id)) && String(r.Properties.AlarmDescription ?? '').startsWith('CRITICAL'))
      .map(([, alarm]) => ({ template, alarm })));
    expect(others).not.toHaveLength(0);
    for (const { template, alarm } of others) {
      expect((alarm.Properties.AlarmActions as any[]).some(a => byDefault.routes.isPagedTopic(a, template))).toBe(true);
    }
    const [ecsService] = Object.values(byDefault.templates.tenant.findResources('AWS::ECS::Service'));
    expect(ecsService.Properties.DeploymentConfiguration.Alarms.AlarmNames.length).toBeGreaterThan(0);
  });

  test('each mode keeps the tenant\'s one notifying composite and every alarm: only actions and handles differ', () => {
    const shape = (t: Template) => Object.entries(t.toJSON().Resources as Record<string, any>).map(([id, r]) => `${id} ${r.Type}`).sort();
    expect(shape(cloudWatch.templates.tenant)).toEqual(shape(byDefault.templates.tenant));
    expect(shape(cloudWatch.templates.platform)).toEqual(shape(byDefault.templates.platform));
    expect(Object.keys(byDefault.templates.tenant.findResources('AWS::CloudWatch::CompositeAlarm'))).toHaveLength(1);
  });

  test.each([
    [PagingSystem.DATADOG, 'Slack, immediately', 'Datadog pages (datadog.pagingSystem)'],
    [PagingSystem.CLOUDWATCH, 'PagerDuty, Slack and email, immediately', undefined],
  ])('under %s paging, the runbook sections of the tenant\'s critical CPU alarm and of its notifying composite say where they notify', (paging, route, why) => {
    const built = build(paging);
    for (const anchor of [alarmAnchor(built.service, 'CpuCritical'), alarmAnchor(built.service, 'CriticalNotification')]) {
      const section = sectionIn(built, anchor);
      expect(section).toContain(`This alarm notifies: ${route}.`);
      if (why) expect(section).toContain(why);
      else expect(section).not.toContain('datadog.pagingSystem');
    }
  });

  test.each([PagingSystem.CLOUDWATCH, PagingSystem.DATADOG])('under %s paging, a Datadog monitor\'s section names the handles it notifies and says when CloudWatch pages instead', paging => {
    const built = build(paging);
    const why = 'On this platform CloudWatch pages (datadog.pagingSystem)';
    // The anchor of a monitor's section (`HierarchyMonitors.anchorOf`).
    const platformSection = (id: string) => sectionIn(built, alarmAnchor(built.platformConstruct, id).replace(/^alarm-/, 'datadog-'), true);
    const tenantSection = (id: string) => sectionIn(built, alarmAnchor(built.service, id).replace(/^alarm-/, 'datadog-'));
    const twinned = [platformSection('LoadBalancer5xx'), tenantSection(TenantSymptom.CPU)];
    const alone = [platformSection('ClusterCpu'), tenantSection(TenantSymptom.HEALTH_CHECK)];
    const cloudWatchPages = paging === PagingSystem.CLOUDWATCH;
    expect(platformSection('LoadBalancer5xx')).toContain(`critical: ${cloudWatchPages ? '@slack-alerts' : '@pagerduty-platform'}`);
    expect(platformSection('ClusterCpu')).toContain('critical: @pagerduty-platform');
    for (const section of twinned) expect(section.includes(why)).toBe(cloudWatchPages);
    for (const section of alone) expect(section).not.toContain(why);
  });

  test.each([[PagingSystem.DATADOG, true], [PagingSystem.CLOUDWATCH, false]])('the escalation section says who pages under %s paging', (paging, datadogPages) => {
    const section = sectionIn(build(paging), PLATFORM_ANCHORS.escalation, true);
    expect(section.includes('On this platform Datadog pages')).toBe(datadogPages);
    expect(section).toContain('There are https (PagerDuty) and email subscriptions');
  });

  test('MON-02: a paging system that is none of PagingSystem\'s fails the synth naming the prop, the value and what is accepted', () => {
    expect(() => platformStack(s => ({ datadog: { ...withDatadog()(s).datadog!, pagingSystem: 'pagerduty' as PagingSystem } })))
      .toThrow('Shared/Platform: datadog.pagingSystem "pagerduty" is not a paging system; accepted: PagingSystem.DATADOG, PagingSystem.CLOUDWATCH');
  });
});
