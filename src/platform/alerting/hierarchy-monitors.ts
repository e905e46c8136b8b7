import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { monitorMessage, notificationHandles } from './monitor-messages';
import { CLOUDWATCH_PAGES } from './paging';
import { LocalizedText, textIn } from '../../core/localized-text';
import { RunbookLocale } from '../../core/runbook-locale';
import { AlarmSeverity } from '../../core/severity';
import { alarmAnchor } from '../../monitoring/alarm-factory';
import { DatadogCompositeMonitor } from '../../monitoring/datadog/composite-monitor';
import { DatadogConnection } from '../../monitoring/datadog/connection';
import { queryComparison } from '../../monitoring/datadog/model/monitor-query';
import { DatadogMonitor } from '../../monitoring/datadog/monitor';
import { IDatadogMonitor } from '../../monitoring/datadog/monitor-reference';
import { DatadogMonitorType } from '../../monitoring/datadog/monitor-type';
import { DatadogSite } from '../../monitoring/datadog/site';
import { DatadogMonitorThresholds } from '../../monitoring/datadog/thresholds';
import { Runbook } from '../../runbooks/runbook';
import { RunbookLink, RunbookStep } from '../../runbooks/runbook-section';
import { DatadogMonitorRunbookSection } from '../../runbooks/sections/datadog-monitor-section';
import { DatadogSettings } from '../datadog-settings';

/** Datadog evaluates CloudWatch metrics once they have arrived through the AWS integration. */
export const CLOUDWATCH_METRIC_DELAY = Duration.minutes(15);

/** What every monitor and section of the hierarchy says. */
export interface MonitorText {
  /** Construct id, also the key of the runbook anchor. */
  readonly id: string;
  /** Monitor name, e.g. `[L3] acme: error rate`. */
  readonly name: string;
  readonly tags: string[];
  /** What it means; the English one is the first line of the message. */
  readonly meaning: LocalizedText;
  /** When it alerts, for the section. */
  readonly condition: LocalizedText;
  readonly requirement: string;
  /** @default - none */
  readonly notes?: LocalizedText[];
  /** @default - none */
  readonly firstSteps?: RunbookStep[];
  /** @default - none */
  readonly related?: RunbookLink[];
  /** `monitor_tags` of the monitors suppressing this one, for the section. @default - not suppressed */
  readonly suppressorTags?: string;
}

/** What a section says about the monitor itself. */
export interface SectionFacts {
  readonly anchor: string;
  /** `monitor_tags` that find the monitor (and the composite notifying for it) through the Datadog API. */
  readonly lookupTags: string;
  /** The severity of its alert state. */
  readonly severity: AlarmSeverity;
  readonly notifies: LocalizedText;
  /** Its query, or the request of a synthetics test. */
  readonly watches: string;
}

/** A threshold monitor of the hierarchy (MON-03). */
export interface HierarchyMonitorSpec extends MonitorText {
  readonly type: DatadogMonitorType;
  readonly query: string;
  readonly thresholds: DatadogMonitorThresholds;
  /** The severity of the alert state; a warning threshold notifies as a warning. */
  readonly severity: AlarmSeverity;
  /**
   * The composite this monitor notifies through, by name; `undefined` when it notifies by itself.
   * @default - notifies by itself
   */
  readonly notifiesThrough?: string;
  /** @default Datadog's default (no priority) */
  readonly priority?: number;
  /**
   * Whether a CloudWatch alarm watches the same condition (`DATADOG_TWINS`), so under CloudWatch
   * paging the monitor (or the composite it notifies through) notifies chat only
   * (`DatadogSettings.notify`, MON-02), and its section says why.
   * @default false
   */
  readonly watchedByCloudWatch?: boolean;
}

/** A composite that notifies for one monitor of the hierarchy. */
export interface HierarchyCompositeSpec {
  readonly id: string;
  readonly name: string;
  readonly tags: string[];
  readonly summary: string;
  readonly expression: string;
  readonly monitors: Record<string, IDatadogMonitor>;
  /** The severities the composite reaches (those of its symptom). */
  readonly severities: AlarmSeverity[];
  /** The section of the monitor it notifies for. */
  readonly anchor: string;
  /**
   * Whether a CloudWatch alarm watches the same condition, so under CloudWatch paging the composite
   * notifies chat only (`DatadogSettings.notify`, MON-02).
   * @default false
   */
  readonly watchedByCloudWatch?: boolean;
}

/**
 * Makes the Datadog monitors of one construct (platform, database, tenant) the same way: message
 * with `Runbook: <link>` (MON-08) and the platform's handles by severity (MON-05), a runbook section
 * per monitor built like the alarm sections, tags of the hierarchy.
 */
export class HierarchyMonitors {
  public readonly connection: DatadogConnection;
  private readonly apiUrl: string;

  /**
   * @param scope where the monitors are created (a `Datadog` construct of the owner)
   * @param datadog the platform's Datadog settings
   * @param operatingRulesStack the platform's stack, whose runbook holds the operating rules
   */
  public constructor(public readonly scope: Construct, private readonly datadog: DatadogSettings, private readonly operatingRulesStack: Stack) {
    this.connection = datadog.connectionIn(scope);
    this.apiUrl = (datadog.site ?? DatadogSite.US1).apiUrl;
  }

  /** The runbook anchor of monitor `id`: `datadog-<owner path>-<id>`. */
  public anchorOf(id: string): string {
    return alarmAnchor(this.scope.node.scope!, id).replace(/^alarm-/, 'datadog-');
  }

  /** A monitor, its message and its runbook section. */
  public monitor(spec: HierarchyMonitorSpec): DatadogMonitor {
    const anchor = this.anchorOf(spec.id);
    const severities = spec.thresholds.warning === undefined ? [spec.severity] : [spec.severity, AlarmSeverity.WARNING];
    const warning = spec.thresholds.warning === undefined ? undefined : AlarmSeverity.WARNING;
    const handles = notificationHandles(this.datadog, spec.severity, warning, spec.watchedByCloudWatch);
    const monitor = new DatadogMonitor(this.scope, spec.id, {
      connection: this.connection,
      type: spec.type,
      name: spec.name,
      query: spec.query,
      message: monitorMessage(textIn(spec.meaning, RunbookLocale.EN), Runbook.linkFor(this.scope, anchor),
        spec.notifiesThrough ? undefined : handles),
      thresholds: spec.thresholds,
      tags: spec.tags,
      priority: spec.priority,
      evaluationDelay: CLOUDWATCH_METRIC_DELAY,
    });
    const notifies = spec.notifiesThrough ? this.notifiedThrough(spec.notifiesThrough) : this.handlesText(severities, spec.watchedByCloudWatch);
    const lookupTags = spec.notifiesThrough ? symptomTags(spec.tags) : `cdk-tenant-platform-id:${monitor.identityId}`;
    const rerouted = this.datadog.pagedByCloudWatch(spec.severity, spec.watchedByCloudWatch ?? false) ? [CLOUDWATCH_PAGES] : [];
    const notes = [...spec.notes ?? [], ...rerouted];
    this.addSection({ ...spec, notes }, { anchor, lookupTags, severity: spec.severity, notifies, watches: spec.query });
    return monitor;
  }

  /** A composite that notifies for a monitor, sharing its runbook section. */
  public composite(spec: HierarchyCompositeSpec): DatadogCompositeMonitor {
    const [alert, ...rest] = spec.severities;
    return new DatadogCompositeMonitor(this.scope, spec.id, {
      connection: this.connection,
      name: spec.name,
      message: monitorMessage(spec.summary, Runbook.linkFor(this.scope, spec.anchor),
        notificationHandles(this.datadog, alert, rest.includes(AlarmSeverity.WARNING) ? AlarmSeverity.WARNING : undefined, spec.watchedByCloudWatch)),
      expression: spec.expression,
      monitors: spec.monitors,
      tags: spec.tags,
    });
  }

  /** Adds the runbook section of a monitor (or synthetics test) of the hierarchy. */
  public addSection(text: MonitorText, facts: SectionFacts): void {
    Runbook.of(this.scope).addSection(DatadogMonitorRunbookSection.create({
      anchor: facts.anchor,
      monitorName: text.name,
      severity: facts.severity,
      meaning: text.meaning,
      watches: facts.watches,
      condition: text.condition,
      notifies: facts.notifies,
      apiUrl: this.apiUrl,
      monitorTags: facts.lookupTags,
      suppressorTags: text.suppressorTags,
      notes: text.notes,
      firstSteps: text.firstSteps,
      related: text.related,
      requirement: text.requirement,
      operatingRulesStack: this.operatingRulesStack,
    }));
  }

  /** "Nobody directly; the composite ... notifies", for the section of a monitor that notifies through `composite`. */
  public notifiedThrough(composite: string): LocalizedText {
    return { ja: `なし (複合モニター「${composite}」が通知)`, en: `nobody directly; the composite "${composite}" notifies` };
  }

  /** Who hears about each severity, for a section; `watchedByCloudWatch` as in `DatadogSettings.notify`. */
  public handlesText(severities: readonly AlarmSeverity[], watchedByCloudWatch = false): LocalizedText {
    const label: Record<AlarmSeverity, LocalizedText> = {
      [AlarmSeverity.CRITICAL]: { ja: 'Critical', en: 'critical' },
      [AlarmSeverity.WARNING]: { ja: 'Warning', en: 'warning' },
      [AlarmSeverity.INFO]: { ja: 'Info', en: 'info' },
    };
    const parts = [...new Set(severities)].map(s => ({ ja: `${label[s].ja}: ${this.datadog.notify(s, watchedByCloudWatch)}`, en: `${label[s].en}: ${this.datadog.notify(s, watchedByCloudWatch)}` }));
    return { ja: parts.map(p => p.ja).join('、'), en: parts.map(p => p.en).join('; ') };
  }
}

/** When a threshold monitor alerts, read from its query and thresholds: `critical > 85 %, warning > 70 % (last_10m)`. */
export function thresholdCondition(query: string, thresholds: DatadogMonitorThresholds, unit = ''): LocalizedText {
  const comparator = queryComparison(query)?.comparator ?? '>';
  const window = /last_\d+[mhdw]/.exec(query)?.[0] ?? '';
  const parts = [`critical ${comparator} ${thresholds.critical}${unit}`, ...thresholds.warning !== undefined ? [`warning ${comparator} ${thresholds.warning}${unit}`] : []];
  return { ja: `${parts.join('、')} (${window})`, en: `${parts.join(', ')} (${window})` };
}

/** The tags a tenant symptom shares with the composite that notifies for it: `level`, `component`, `service`, platform. */
export function symptomTags(tags: readonly string[]): string {
  return tags.filter(t => /^(level|component|service|tenant-platform):/.test(t)).join(',');
}
