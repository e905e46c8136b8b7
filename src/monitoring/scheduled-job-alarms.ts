import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AlarmSpec } from './alarm-factory';
import { LocalizedText } from '../core/localized-text';
import { AlarmSeverity } from '../core/severity';
import { RunbookLink } from '../runbooks/runbook-section';

/** CloudWatch's longest evaluation range for periods of an hour or more (PutMetricAlarm): 7 days. */
export const MAX_ALARM_RANGE_HOURS = 7 * 24;

/** A job that EventBridge Scheduler starts as a Step Functions execution: what its alarms watch. */
export interface ScheduledJobAlarmInput {
  /** Job id, e.g. `B003`. */
  readonly jobId: string;
  /** What the job does. */
  readonly title: LocalizedText;
  /** The state machine one run of the job is an execution of. */
  readonly stateMachine: sfn.IStateMachine;
  /** The job's own schedule group, whose metrics are the job's alone. */
  readonly scheduleGroup: scheduler.IScheduleGroup;
  /** How long a run normally takes. */
  readonly expectedDuration: Duration;
  /** The wait before each automatic retry, in minutes; empty when a failed attempt is not retried. */
  readonly retryWaitMinutes: number[];
  /** Severity of the failed-run and missed-run alarms (MON-02); the run-time alarm is a warning. */
  readonly failureSeverity: AlarmSeverity;
  /**
   * Hours within which the schedule has at least one run succeed (the longest gap between two runs
   * plus the longest run and a margin).
   * @default - no such window is known: the missed-run alarm watches runs the scheduler dropped
   */
  readonly missedRunWindowHours?: number;
  /** The runbook section that says how to rerun the job by hand. */
  readonly rerun: RunbookLink;
}

/**
 * The three alarms of a scheduled job (ECS-06): a failed run (after its retries), a run longer than
 * expected, and a missed run.
 */
export function scheduledJobAlarmSpecs(job: ScheduledJobAlarmInput): AlarmSpec[] {
  const sm = job.stateMachine;
  const name = { ja: `ジョブ ${job.jobId} (${job.title.ja})`, en: `Job ${job.jobId} (${job.title.en})` };
  const related = [job.rerun];
  const waits = job.retryWaitMinutes;
  const expectedMinutes = job.expectedDuration.toMinutes({ integral: false });
  const attempts = waits.length > 0
    ? { ja: `${waits.length} 回の自動リトライ (${waits.map(w => `${w}分`).join('、')}) の後も`, en: `after ${waits.length} automatic retries (${waits.join(', ')} minutes)` }
    : { ja: '(自動リトライなし)', en: '(no automatic retry)' };
  const failed: AlarmSpec = {
    id: 'RunFailed',
    title: { ja: `${name.ja}: 実行失敗`, en: `${name.en}: run failed` },
    severity: job.failureSeverity,
    requirement: 'ECS-06',
    summary: {
      ja: `${name.ja} の実行が${attempts.ja}失敗またはタイムアウトしました。`,
      en: `${name.en} failed or timed out ${attempts.en}.`,
    },
    firstSteps: [{
      text: {
        ja: '「ジョブの手動再実行」の手順で失敗した実行の原因 (終了コード、ログ) を確認し、原因を取り除いてから手動で再実行します。',
        en: 'Read why the run failed (exit code, logs) with "rerun the job by hand", remove the cause, then rerun it by hand.',
      },
    }],
    related,
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
      usingMetrics: { failed: sm.metricFailed({ period: Duration.minutes(5) }), timedOut: sm.metricTimedOut({ period: Duration.minutes(5) }) },
      period: Duration.minutes(5),
      label: 'Executions failed or timed out',
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  };
  const slow: AlarmSpec = {
    id: 'RunTooLong',
    title: { ja: `${name.ja}: 実行時間超過`, en: `${name.en}: run took too long` },
    severity: AlarmSeverity.WARNING,
    requirement: 'ECS-06',
    summary: {
      ja: `${name.ja} の実行が想定時間 ${expectedMinutes} 分を超えて終了しました (リトライの待ち時間を含む)。`,
      en: `${name.en} ended after more than its expected ${expectedMinutes} minutes (retry waits included).`,
    },
    firstSteps: [{
      text: {
        ja: 'リトライが発生したか、処理量が増えたかを実行履歴とログで確認します。恒常的に長い場合は想定時間とタイムアウトを見直します。',
        en: 'Check in the execution history and logs whether it retried or had more work. If runs stay long, revise the expected duration and timeout.',
      },
    }],
    related,
    metric: sm.metricTime({ statistic: 'Maximum', period: Duration.hours(1) }),
    threshold: job.expectedDuration.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
  };
  const missed: AlarmSpec = {
    id: 'RunMissed',
    title: { ja: `${name.ja}: 実行漏れ`, en: `${name.en}: run missed` },
    severity: job.failureSeverity,
    requirement: 'ECS-06',
    ...missedRunCondition(job, name),
    firstSteps: [{
      text: {
        ja: 'スケジュールが有効 (ENABLED) か、スケジューラーのエラーがないかを確認し、「ジョブの手動再実行」で実行します。',
        en: 'Check the schedule is ENABLED and the scheduler reports no error, then run the job with "rerun the job by hand".',
      },
    }],
    related,
  };
  return [failed, slow, missed];
}

/**
 * A missed run: no successful execution within the schedule's window. CloudWatch evaluates at most
 * 7 days, so a schedule with longer gaps (monthly) alarms on runs the scheduler dropped instead.
 */
function missedRunCondition(job: ScheduledJobAlarmInput, name: LocalizedText) {
  const windowHours = job.missedRunWindowHours;
  if (windowHours !== undefined && windowHours <= MAX_ALARM_RANGE_HOURS) {
    return {
      summary: {
        ja: `${name.ja} が ${windowHours} 時間成功していません (スケジュール上、この間に少なくとも1回成功するはずです)。`,
        en: `${name.en} has not succeeded for ${windowHours} hours; its schedule has it succeed at least once in that time.`,
      },
      metric: job.stateMachine.metricSucceeded({ period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: windowHours,
      datapointsToAlarm: windowHours,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    };
  }
  return {
    summary: {
      ja: `${name.ja} のスケジュールされた実行を EventBridge Scheduler が開始できず、リトライ後に破棄しました。`,
      en: `EventBridge Scheduler could not start a scheduled run of ${name.en} and dropped it after its retries.`,
    },
    metric: job.scheduleGroup.metricDropped({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  };
}
