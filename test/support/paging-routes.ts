import { Template } from 'aws-cdk-lib/assertions';
import { parseDefinition } from '../../src/monitoring/datadog/model/desired-resource';
import { SharedCause, SUPPRESSION_MAP } from '../../src/platform/alerting/suppression-map';

/** A Datadog monitor (or synthetics test) of a template, parsed. */
export type DatadogDefinition = ReturnType<typeof parseDefinition>;

/** Whether the Datadog monitor `monitor` pages: its message carries a `@pagerduty` handle. */
export function pages(monitor: DatadogDefinition): boolean {
  return String(monitor.body.message ?? '').includes('@pagerduty');
}

/** Every Datadog monitor (and synthetics test) of `template`, parsed. */
export function datadogMonitors(template: Template): DatadogDefinition[] {
  return Object.values(template.toJSON().Resources as Record<string, any>)
    .filter(r => r.Type.startsWith('Custom::Datadog') && r.Properties.Definition)
    .map(r => parseDefinition(r.Properties.Definition));
}

/**
 * The PagerDuty routes of a synthesized platform (MON-02): CloudWatch alarms (or the composites
 * they notify through) whose actions reach the critical topic PagerDuty subscribes to through the
 * endpoint secret `pagerDutySecretArn`, and Datadog monitors whose message carries `@pagerduty`.
 */
export class PagingRoutes {
  private readonly pagedTopic: string;
  private readonly pagedExport: string;
  private readonly pagedParameter: string | undefined;

  /** @param platform the template of the platform's stack, which holds the topic and its subscriptions */
  public constructor(platform: Template, pagerDutySecretArn: string) {
    const [subscription] = Object.values(platform.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'https' } }))
      .filter(s => JSON.stringify(s.Properties.Endpoint).includes(`{{resolve:secretsmanager:${pagerDutySecretArn}`));
    this.pagedTopic = subscription.Properties.TopicArn.Ref;
    this.pagedExport = Object.values(platform.findOutputs('*')).find(o => o.Value?.Ref === this.pagedTopic)!.Export.Name;
    // Tenant stacks read the topic from the SSM parameter the platform publishes it as.
    this.pagedParameter = Object.values(platform.findResources('AWS::SSM::Parameter'))
      .find(p => p.Properties.Value?.Ref === this.pagedTopic)?.Properties.Name;
  }

  /** How many notifiers of the alarms of `template` whose logical id matches `alarms` page: the alarm itself, or a composite whose rule names it. */
  public cloudWatchPages(template: Template, alarms: RegExp): number {
    const resources = template.toJSON().Resources as Record<string, any>;
    const ids = Object.keys(resources).filter(id => resources[id].Type === 'AWS::CloudWatch::Alarm' && alarms.test(id));
    if (ids.length === 0) throw new Error(`no CloudWatch alarm matches ${alarms}`);
    const notifiers = Object.entries(resources).filter(([id, r]) => ids.includes(id) ||
      (r.Type === 'AWS::CloudWatch::CompositeAlarm' && ids.some(a => JSON.stringify(r.Properties.AlarmRule).includes(a))));
    return notifiers.filter(([, r]) => (r.Properties.AlarmActions ?? []).some((a: any) => this.isPagedTopic(a, template))).length;
  }

  /** How many Datadog monitors of `template` at construct paths `paths` page. */
  public datadogPages(template: Template, paths: string[]): number {
    const monitors = datadogMonitors(template).filter(d => paths.includes(d.identity.path));
    if (monitors.length === 0) throw new Error(`no Datadog monitor at ${paths.join(', ')}`);
    return monitors.filter(pages).length;
  }

  /** Whether the alarm action `action` of `template` notifies the topic PagerDuty subscribes to. */
  public isPagedTopic(action: any, template: Template): boolean {
    if (action.Ref === this.pagedTopic || action['Fn::ImportValue'] === this.pagedExport) return true;
    const parameter = action.Ref === undefined ? undefined : template.toJSON().Parameters?.[action.Ref];
    return parameter?.Type === 'AWS::SSM::Parameter::Value<String>' && parameter.Default === this.pagedParameter;
  }
}

/** A condition watched by CloudWatch (alarm logical ids), by Datadog (monitor construct paths), or by both, in the platform's or a tenant's stack. */
export interface WatchedCondition {
  readonly row: string;
  readonly stack: 'platform' | 'tenant';
  readonly cloudWatch?: RegExp;
  readonly datadog: string[];
}

/** Every symptom of the suppression table of the `SecureTenantService` with id `Service` in stack `tenantStack`. */
export function tenantSymptomConditions(tenantStack: string): WatchedCondition[] {
  return SUPPRESSION_MAP.map(rule => ({
    row: `${tenantStack} symptom ${rule.symptom}`,
    stack: 'tenant',
    cloudWatch: rule.cloudWatchAlarmIds.length > 0 ? new RegExp(`^Service(${rule.cloudWatchAlarmIds.join('|')})[0-9A-F]{8}$`) : undefined,
    datadog: [`${tenantStack}/Service/Datadog/${rule.symptom}Notification`, `${tenantStack}/Service/Datadog/${rule.symptom}`],
  }));
}

/** Every shared cause of ALB shard `shard` of the `TenantPlatform` with id `Platform` in stack `platformStack`. */
export function shardCauseConditions(platformStack: string, shard: number): WatchedCondition[] {
  return Object.values(SharedCause).map(cause => ({
    row: `shard ${shard} cause ${cause}`,
    stack: 'platform',
    cloudWatch: new RegExp(`^PlatformShard${shard}${cause}[0-9A-F]{8}$`),
    datadog: [`${platformStack}/Platform/Datadog/Shard${shard}${cause}`],
  }));
}
