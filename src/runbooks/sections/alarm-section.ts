import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { alarmFacts } from './alarm-facts';
import { PLATFORM_ANCHORS } from './platform-anchors';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { ResourceLookup } from '../resource-lookup';
import { RunbookCommand } from '../runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookStep, RunbookTable } from '../runbook-section';

/** What `AlarmRunbookSection.create` needs to know about one alarm. */
export interface AlarmRunbookSectionProps {
  /** The section's anchor: the one the alarm's description links to (`Runbook.linkFor`). */
  readonly anchor: string;
  /** The alarm (a metric, math or composite alarm defined in this app); its metric, threshold and real name are read from it. */
  readonly alarm: IConstruct;
  /** Short title, e.g. "CPU utilisation critical". */
  readonly title: LocalizedText;
  /** Where the alarm is routed (MON-02); decides the escalation. */
  readonly severity: AlarmSeverity;
  /**
   * The severity whose route the alarm's notifications take, when another system pages for it
   * (the section says who is notified from it).
   * @default - `severity`
   */
  readonly notifies?: AlarmSeverity;
  /** What it means when the alarm fires: the likely causes, in a sentence or two. */
  readonly meaning: LocalizedText;
  /**
   * Steps specific to this alarm, done after the standard triage (confirm, history, metric).
   * @default - the standard triage only
   */
  readonly firstSteps?: RunbookStep[];
  /**
   * The requirement the alarm realises, e.g. `MON-01`.
   * @default - none
   */
  readonly requirement?: string;
  /**
   * Sections to go on with, e.g. the service's troubleshooting or rollback section.
   * @default - none
   */
  readonly related?: RunbookLink[];
  /**
   * Paragraphs shown after `meaning`, e.g. how the alarm's notifications are suppressed while a
   * shared cause is alerting (MON-03).
   * @default - none
   */
  readonly notes?: LocalizedText[];
  /**
   * The stack whose runbook has the platform's operating rules (incident levels, escalation); the
   * section links to them.
   * @default - no links to the operating rules
   */
  readonly policyStack?: Stack;
}

/**
 * Builds the runbook section of one alarm with the standard triage every alarm shares (MON-08): what
 * it watches and where it is routed, confirm its state, read its history, the metric over the last
 * three hours, the alarm's own first steps, and escalation by severity. Usage: README, "Runbooks".
 */
export class AlarmRunbookSection {
  /** The section for the alarm `props` describes. */
  public static create(props: AlarmRunbookSectionProps): RunbookSection {
    const facts = alarmFacts(props.alarm);
    // A name set at synth is printed as it is; a generated one is looked up.
    const alarmName = { ALARM: ResourceLookup.valueOrPhysicalId(facts.name ?? facts.resource.ref, facts.resource) };
    const severity = alarmSeverityText(props.severity, `alarm section "${props.anchor}"`);
    const route = alarmSeverityText(props.notifies ?? props.severity, `alarm section "${props.anchor}"`).route;
    const steps: RunbookStep[] = [
      {
        text: { ja: 'アラームの状態と発報理由を確認します。', en: 'Confirm the alarm state and why it fired.' },
        commands: [RunbookCommand.withLookups(facts.describe, alarmName)],
        expected: {
          ja: '状態が `ALARM` で、理由に閾値を超えたデータポイントが示されていること。`OK` に戻っている場合は一時的な事象として記録し、次の手順で頻度を確認します。',
          en: 'The state is `ALARM` and the reason shows the datapoints past the threshold. If it is back to `OK`, record a transient event and check how often it happens in the next step.',
        },
      },
      {
        text: { ja: '直近の状態遷移を確認し、繰り返し発報していないか (フラッピング) を確認します。', en: 'Read the recent state changes to see whether the alarm flaps.' },
        commands: [RunbookCommand.withLookups(
          'aws cloudwatch describe-alarm-history --alarm-name "$ALARM" --history-item-type StateUpdate --max-items 10 ' +
          '--query "AlarmHistoryItems[].[Timestamp,HistorySummary]" --output text', alarmName)],
        expected: {
          ja: '1日に何度も ALARM と OK を繰り返している場合は、月次の閾値レビューの対象として記録します。',
          en: 'If it goes between ALARM and OK many times a day, note it for the monthly threshold review.',
        },
      },
      {
        text: { ja: '監視対象のメトリクスを直近3時間分確認し、いつから、どの程度悪化しているかを把握します。', en: 'Read the watched metric for the last three hours: since when, and how far past the threshold.' },
        commands: [RunbookCommand.withLookups(facts.metric, alarmName)],
        expected: {
          ja: '閾値を超え始めた時刻が分かること。直前のデプロイや設定変更の時刻と比較します。',
          en: 'You know when the metric crossed the threshold; compare it with the last deployment or configuration change.',
        },
      },
      ...props.firstSteps ?? [],
      {
        text: {
          ja: `対応状況を Slack #incidents に投稿し、障害レベルを判定します。通知先: ${route.ja}。`,
          en: `Post what you found and did in Slack #incidents and decide the incident level. This alarm notifies: ${route.en}.`,
        },
      },
    ];
    const links: RunbookLink[] = [...props.related ?? [], ...operatingRuleLinks(props.policyStack)];
    return {
      anchor: props.anchor,
      kind: RunbookSectionKind.ALARM,
      title: props.title,
      whenToUse: {
        ja: `CloudWatch アラーム「${props.title.ja}」(${severity.label.ja}) が発報したとき。`,
        en: `The CloudWatch alarm "${props.title.en}" (${severity.label.en}) fired.`,
      },
      summary: [props.meaning, ...props.notes ?? []],
      table: alarmFactsTable(severity.label, route, facts.watches, facts.condition),
      steps,
      escalation: severity.escalation,
      links,
      requirements: props.requirement ? [props.requirement] : undefined,
    };
  }

  private constructor() {}
}

/** How an alarm section words a severity: its label, where it is routed, and the escalation. */
export interface AlarmSeverityText {
  readonly label: LocalizedText;
  readonly route: LocalizedText;
  readonly escalation: LocalizedText;
}

/** The wording of `severity` in alarm sections (shared with the Datadog monitor sections); `where` names the caller in errors. */
export function alarmSeverityText(severity: AlarmSeverity, where: string): AlarmSeverityText {
  const text = SEVERITY[severity];
  if (!text) throw new Error(`${where}: severity "${severity}" must be one of ${Object.keys(SEVERITY).join(', ')}`);
  return text;
}

/** The table every alarm (and Datadog monitor) section starts with: severity, who is notified, what is watched, when it fires. */
export function alarmFactsTable(severity: LocalizedText, notifies: LocalizedText, watches: LocalizedText, condition: LocalizedText): RunbookTable {
  return {
    header: [{ ja: '項目', en: 'Item' }, { ja: '内容', en: 'Value' }],
    rows: [
      { cells: [{ ja: '重要度', en: 'Severity' }, severity] },
      { cells: [{ ja: '通知先', en: 'Notifies' }, notifies] },
      { cells: [{ ja: '監視対象', en: 'Watches' }, watches] },
      { cells: [{ ja: '発報条件', en: 'Fires when' }, condition] },
    ],
  };
}

/** Links to the operating rules every alarm section ends with: incident levels and escalation in `policyStack`'s runbook. */
export function operatingRuleLinks(policyStack: Stack | undefined): RunbookLink[] {
  return policyStack ? [
    { text: { ja: '障害レベルと対応時間', en: 'Incident levels and response times' }, anchor: PLATFORM_ANCHORS.incidentLevels, stack: policyStack },
    { text: { ja: 'エスカレーションフロー', en: 'Escalation' }, anchor: PLATFORM_ANCHORS.escalation, stack: policyStack },
  ] : [];
}

const SEVERITY: Record<AlarmSeverity, AlarmSeverityText> = {
  [AlarmSeverity.CRITICAL]: {
    label: { ja: '異常 (Critical)', en: 'Critical' },
    route: { ja: 'PagerDuty、Slack、メール (即時)', en: 'PagerDuty, Slack and email, immediately' },
    escalation: {
      ja: 'オンコールエンジニア (エスカレーション段階 E1) が即時対応します。30分以内に解決しない場合はチームリード (E2)、1時間以内に解決しない場合はシステムアーキテクト (E3) へエスカレーションします。サービス全停止などのクリティカル障害は CTO/経営層 (E4) へ報告します。',
      en: 'The on-call engineer (escalation tier E1) responds at once. Not solved within 30 minutes: escalate to the team lead (E2); not solved within 1 hour: to the system architect (E3). A critical outage (the whole service down) is reported to the CTO and management (E4).',
    },
  },
  [AlarmSeverity.WARNING]: {
    label: { ja: '警告 (Warning)', en: 'Warning' },
    route: { ja: 'Slack (即時)', en: 'Slack, immediately' },
    escalation: {
      ja: '開発担当者が当日中に対応します。悪化して Critical のアラームが発報した場合は、そのアラームの手順とエスカレーションに従います。',
      en: 'The developer on duty handles it the same day. If it gets worse and a Critical alarm fires, follow that alarm\'s section and escalation.',
    },
  },
  [AlarmSeverity.INFO]: {
    label: { ja: '情報 (Info)', en: 'Info' },
    route: { ja: 'Slack #monitoring', en: 'Slack #monitoring' },
    escalation: {
      ja: 'エスカレーション不要です。週次のエラーログ分析で傾向を確認します。',
      en: 'No escalation. Review the trend in the weekly error log analysis.',
    },
  },
};
