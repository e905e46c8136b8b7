import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { LocalizedText } from '../core/localized-text';
import { AlarmSeverity } from '../core/severity';
import { anchorWords, RunbookLink, RunbookStep } from '../runbooks/runbook-section';

/** One alarm the library creates: what it watches, how bad it is, and why it exists. */
export interface AlarmSpec {
  /** Construct id of the alarm, also the key of its runbook section. */
  readonly id: string;
  /** Short title, e.g. "CPU utilisation critical"; also the title of its runbook section. */
  readonly title: LocalizedText;
  /** Where the alarm is routed (MON-02). */
  readonly severity: AlarmSeverity;
  /** The requirement the alarm realises, e.g. `MON-01`. */
  readonly requirement: string;
  /** One sentence an on-call engineer reads first: what crossed which line (the English one is the description). */
  readonly summary: LocalizedText;
  /** What to do first, after the standard triage of the runbook section. @default - the standard triage only */
  readonly firstSteps?: RunbookStep[];
  /** Runbook sections to go on with (troubleshooting, rollback, scale out). @default - none */
  readonly related?: RunbookLink[];
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** The construct ids of the alarm pair `id` (`AlarmFactory.alarmPair`): its warning, then its critical alarm. */
export function alarmPairIds(id: string): string[] {
  return [`${id}Warning`, `${id}Critical`];
}

/** A metric watched at two thresholds: a warning first, then a critical alarm (MON-01, DB-06). */
export interface AlarmPairSpec {
  /** Prefix of both construct ids: `<id>Warning` and `<id>Critical`. */
  readonly id: string;
  /** What is watched, e.g. "Tenant acme: CPU". */
  readonly title: LocalizedText;
  readonly requirement: string;
  /** The summary of one alarm of the pair, given its threshold as written for people. */
  readonly summary: (threshold: string) => LocalizedText;
  /** What to do first, for both alarms. @default - the standard triage only */
  readonly firstSteps?: RunbookStep[];
  /** Runbook sections to go on with, for both alarms. @default - none */
  readonly related?: RunbookLink[];
  readonly metric: cloudwatch.IMetric;
  readonly warning: number;
  readonly critical: number;
  /** Renders a threshold for the summary, e.g. `t => \`${t} %\``. */
  readonly unit: (threshold: number) => string;
  /** Metric value per threshold unit (e.g. 0.001 for thresholds in ms on a metric in seconds). @default 1 */
  readonly scale?: number;
  /** Whether the alarms fire below the thresholds (free storage) instead of above. @default false */
  readonly below?: boolean;
  readonly evaluationPeriods: number;
}

/** The runbook anchor of alarm `id` created under `scope`: stable, unique within the stack. */
export function alarmAnchor(scope: Construct, id: string): string {
  const stackPath = Stack.of(scope).node.path;
  const relative = scope.node.path.slice(stackPath.length).split('/').filter(p => p.length > 0);
  return `alarm-${[...relative, id].map(anchorWords).join('-')}`;
}
