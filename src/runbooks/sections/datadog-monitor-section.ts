import { Stack } from 'aws-cdk-lib';
import { alarmFactsTable, alarmSeverityText, operatingRuleLinks } from './alarm-section';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { checkUrl } from '../input-checks';
import { RunbookCommand } from '../runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep } from '../runbook-section';
import { sh } from '../shell-words';

/** What `DatadogMonitorRunbookSection.create` needs to know about one Datadog monitor. */
export interface DatadogMonitorRunbookSectionProps {
  /** The anchor the monitor's message links to (`Runbook: <link>`, MON-08). */
  readonly anchor: string;
  /** The monitor's name, e.g. `[L3] acme: error rate`; also the section title. */
  readonly monitorName: string;
  /** The most severe state the monitor reaches; decides the escalation. */
  readonly severity: AlarmSeverity;
  /** What it means when the monitor alerts. */
  readonly meaning: LocalizedText;
  /** The monitor's query (or the synthetics test's request). */
  readonly watches: string;
  /** When it alerts, e.g. `critical > 1, warning > 0.1 (5 minutes)`. */
  readonly condition: LocalizedText;
  /** Who hears about it: handles per severity, or the composite it notifies through. */
  readonly notifies: LocalizedText;
  /** The Datadog API base URL of the organisation, for the lookup commands. */
  readonly apiUrl: string;
  /** `monitor_tags` filter that finds this monitor (and the composite notifying for it), e.g. `cdk-tenant-platform-id:abc`. */
  readonly monitorTags: string;
  /**
   * `monitor_tags` filter of the monitors that suppress this one (the shard's monitor level L2 monitors).
   * @default - not suppressed
   */
  readonly suppressorTags?: string;
  /**
   * Paragraphs after `meaning`: suppression, the CloudWatch alarms watching the same signal.
   * @default - none
   */
  readonly notes?: LocalizedText[];
  /**
   * Steps specific to this monitor, after the standard Datadog triage.
   * @default - the standard triage only
   */
  readonly firstSteps?: RunbookStep[];
  /**
   * Sections to go on with: the CloudWatch twin's section, the tenant's procedures, the monitor level L2 monitors.
   * @default - none
   */
  readonly related?: RunbookLink[];
  /** The requirement the monitor realises, e.g. `MON-03`. @default - none */
  readonly requirement?: string;
  /** The stack whose runbook has the operating rules (incident levels, escalation). @default - no links to them */
  readonly operatingRulesStack?: Stack;
}

/**
 * Builds the runbook section of a Datadog monitor (MON-08) with the alarm sections' severity
 * wording, escalation and links to the operating rules: list the monitor's state through the
 * Datadog API, check its suppressors, the monitor's own first steps, then report.
 */
export class DatadogMonitorRunbookSection {
  /** The section for the monitor `props` describes. */
  public static create(props: DatadogMonitorRunbookSectionProps): RunbookSection {
    const severity = alarmSeverityText(props.severity, `Datadog monitor section "${props.anchor}"`);
    checkUrl('DatadogMonitorRunbookSectionProps.apiUrl', props.apiUrl);
    const list = (tags: string) => RunbookCommand.of(
      sh`curl -sG ${`${props.apiUrl}/api/v1/monitor`} -H "DD-API-KEY: $DD_API_KEY" -H "DD-APPLICATION-KEY: $DD_APP_KEY" ` +
      sh`--data-urlencode ${`monitor_tags=${tags}`} | jq -r '.[] | [.id, .overall_state, .name] | @tsv'`);
    const steps: RunbookStep[] = [
      {
        text: {
          ja: 'Datadog API でモニター (と通知用の複合モニター) の状態を確認します (DD_API_KEY と DD_APP_KEY を設定してから実行)。',
          en: 'Read the state of the monitor (and of the composite notifying for it) from the Datadog API, with DD_API_KEY and DD_APP_KEY set.',
        },
        commands: [list(props.monitorTags)],
        expected: {
          ja: '状態が `Alert` または `Warn` であること。`OK` に戻っている場合は一時的な事象として記録します。',
          en: 'The state is `Alert` or `Warn`. If it is back to `OK`, record a transient event.',
        },
      },
      ...props.suppressorTags ? [{
        text: {
          ja: '同じシャードの共有サービスのモニター (監視レベル L2、シャード側の原因) を確認します。いずれかが `Alert` なら原因はシャード側にあり、このテナントの通知は抑止されています。そのモニターの手順に従ってください。',
          en: 'Check the shared-service monitors of the same shard (monitor level L2, shard causes). If one is in `Alert`, the cause is the shard and this tenant\'s notification is held back: follow that monitor\'s section.',
        },
        commands: [list(props.suppressorTags)],
      }] : [],
      ...props.firstSteps ?? [],
      {
        text: {
          ja: `対応状況を Slack #incidents に投稿し、障害レベルを判定します。通知先: ${props.notifies.ja}。`,
          en: `Post what you found and did in Slack #incidents and decide the incident level. This monitor notifies: ${props.notifies.en}.`,
        },
      },
    ];
    return {
      anchor: props.anchor,
      kind: RunbookSectionKind.ALARM,
      title: { ja: props.monitorName, en: props.monitorName },
      whenToUse: {
        ja: `Datadog モニター「${props.monitorName}」(${severity.label.ja}) が発報したとき。`,
        en: `The Datadog monitor "${props.monitorName}" (${severity.label.en}) alerted.`,
      },
      summary: [props.meaning, ...props.notes ?? []],
      table: alarmFactsTable(severity.label, props.notifies, { ja: `\`${props.watches}\``, en: `\`${props.watches}\`` }, props.condition),
      steps,
      escalation: severity.escalation,
      links: [...props.related ?? [], ...operatingRuleLinks(props.operatingRulesStack)],
      requirements: props.requirement ? [props.requirement] : undefined,
    };
  }

  private constructor() {}
}
