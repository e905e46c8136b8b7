import { LocalizedText } from '../../core/localized-text';
import { ResourceLookup } from '../resource-lookup';
import { RunbookCommand } from '../runbook-command';
import { RunbookLink, RunbookSection, RunbookSectionKind, RunbookTableRow } from '../runbook-section';

/** The anchor of the batch job table (ECS-06). */
export const BATCH_JOBS_ANCHOR = 'batch-jobs';

/** The anchor of job `jobId`'s manual-rerun section, e.g. `job-b003-rerun`. */
export function jobRerunAnchor(jobId: string): string {
  return `job-${jobId.toLowerCase()}-rerun`;
}

/**
 * The batch job table (ECS-06): each job, when it runs, what realises it and what happens when it
 * fails. `rows` and `links` are the caller's lists, filled as jobs are added before synth.
 */
export function batchJobsSection(rows: RunbookTableRow[], links: RunbookLink[]): RunbookSection {
  return {
    anchor: BATCH_JOBS_ANCHOR,
    kind: RunbookSectionKind.POLICY,
    title: { ja: 'バッチ処理一覧', en: 'Batch jobs' },
    whenToUse: {
      ja: 'バッチ処理の実行時刻・失敗時の対応・実現方法を確認するとき。',
      en: 'To find when a batch job runs, what happens when it fails and what realises it.',
    },
    summary: [{
      ja: 'スケジュールされたジョブは EventBridge Scheduler → Step Functions → ECS Fargate タスクで実行され、失敗した試行は 5分、15分、30分後に自動でリトライされます。開始・終了はログに記録され、実行失敗・実行時間超過・実行漏れはアラームで通知されます。',
      en: 'Scheduled jobs run as EventBridge Scheduler → Step Functions → ECS Fargate task; a failed attempt is retried after 5, 15 and 30 minutes. Start and end are logged; a failed run, a run longer than expected and a missed run raise alarms.',
    }],
    table: {
      header: [
        { ja: 'ID', en: 'ID' }, { ja: 'バッチ名', en: 'Job' }, { ja: '実行タイミング', en: 'When' },
        { ja: '実現方法', en: 'Realised by' }, { ja: '失敗時の対応', en: 'On failure' },
      ],
      rows,
    },
    steps: [],
    links,
    requirements: ['ECS-06'],
  };
}

/** What a scheduled job's manual-rerun section states: values its template sets. */
export interface JobRerunFacts {
  /** Job id, e.g. `B003`. */
  readonly jobId: string;
  /** What the job does. */
  readonly title: LocalizedText;
  /** Severity of the job's failed-run and missed-run alarms, as the alarms name it (e.g. `warning`). */
  readonly failureSeverity: string;
  /** The schedule expression (`cron(...)` or `rate(...)`). */
  readonly scheduleExpression: string;
  /** The schedule's IANA time zone. */
  readonly timeZone: string;
  /** How long one attempt may run, in minutes. */
  readonly attemptTimeoutMinutes: number;
  /** Longest time a run may take, retries and waits included, in minutes. */
  readonly maxRunMinutes: number;
  /** The wait before each automatic retry, in minutes; empty when a failed run is not retried. */
  readonly retryWaitMinutes: number[];
  /** The database user the job connects as, when it uses the database. */
  readonly databaseUser?: string;
  /** The ARN of the job's state machine. */
  readonly stateMachineArn: ResourceLookup;
  /** The name of the job's log group. */
  readonly logGroupName: ResourceLookup;
}

/**
 * The job's manual-rerun section (ECS-06, OPS-01): what ran, why it failed, and the exact commands
 * to run it again, with the state machine's ARN read from the stack output.
 */
export function jobRerunSection(f: JobRerunFacts): RunbookSection {
  const id = f.jobId;
  const sm = { STATE_MACHINE: f.stateMachineArn };
  const logs = { LOG_GROUP: f.logGroupName };
  const waits = f.retryWaitMinutes;
  const retries: LocalizedText = waits.length > 0
    ? { ja: `失敗した試行は ${waits.map(w => `${w}分`).join('、')} 後に自動でリトライされます (最大 ${waits.length} 回)。`, en: `A failed attempt is retried automatically after ${waits.join(', ')} minutes (at most ${waits.length} retries).` }
    : { ja: '自動リトライはありません。失敗した実行はこの手順で手動で再実行します。', en: 'There is no automatic retry: a failed run is rerun by hand with this section.' };
  return {
    anchor: jobRerunAnchor(id),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `ジョブ ${id} (${f.title.ja}) の手動再実行`, en: `Rerun job ${id} (${f.title.en}) by hand` },
    whenToUse: {
      ja: `ジョブ ${id} の実行失敗・実行漏れのアラーム (${f.failureSeverity}) を受けたとき、または業務上もう一度実行する必要があるとき。`,
      en: `The failed-run or missed-run alarm (${f.failureSeverity}) of job ${id} fired, or the job must run again.`,
    },
    summary: [
      {
        ja: `スケジュール: ${f.scheduleExpression} (${f.timeZone})。1回の試行は ${f.attemptTimeoutMinutes} 分、リトライを含む実行全体は最大 ${f.maxRunMinutes} 分で打ち切られます。${retries.ja}`,
        en: `Schedule: ${f.scheduleExpression} (${f.timeZone}). One attempt is stopped after ${f.attemptTimeoutMinutes} minutes, a whole run with its retries after at most ${f.maxRunMinutes} minutes. ${retries.en}`,
      },
      ...f.databaseUser ? [{
        ja: `データベースにはジョブ専用の IAM 認証ユーザー ${f.databaseUser} で接続します (マスターシークレットは使いません)。`,
        en: `The job connects to the database as its own IAM-authenticated user ${f.databaseUser}, never with the master secret.`,
      }] : [],
    ],
    steps: [
      {
        text: { ja: '直近の実行と、最後に失敗した実行のエラーを確認します。', en: 'List the recent runs and read the error of the last failed one.' },
        commands: [
          RunbookCommand.withLookups('aws stepfunctions list-executions --state-machine-arn "$STATE_MACHINE" --max-items 5 --query "executions[].[name,status,startDate,stopDate]" --output text', sm),
          RunbookCommand.withLookups(
            'FAILED_EXECUTION=$(aws stepfunctions list-executions --state-machine-arn "$STATE_MACHINE" --status-filter FAILED --max-items 1 --query "executions[0].executionArn" --output text)\n' +
            'aws stepfunctions describe-execution --execution-arn "$FAILED_EXECUTION" --query "[status,error,cause]" --output text', sm),
        ],
        expected: { ja: 'error と cause に停止理由 (終了コード、タイムアウト) が表示されること。', en: 'error and cause say why it stopped (exit code, timeout).' },
      },
      {
        text: { ja: 'ジョブのログ (状態機械の開始・終了と、コンテナの出力) を確認します。', en: 'Read the job\'s log: the state machine\'s start and end events and the container\'s output.' },
        commands: [RunbookCommand.withLookups('aws logs tail "$LOG_GROUP" --since 6h', logs)],
        expected: { ja: '失敗の原因が分かること。原因を取り除くまで再実行しません。', en: 'The cause of the failure. Do not rerun before it is removed.' },
      },
      {
        text: { ja: '手動で再実行し、完了まで待ちます (自動リトライは手動実行にも適用されます)。', en: 'Rerun it by hand and wait for it to end (the automatic retries apply to a manual run too).' },
        commands: [RunbookCommand.withLookups(
          `EXECUTION=$(aws stepfunctions start-execution --state-machine-arn "$STATE_MACHINE" --name "manual-$(date -u +%Y%m%dT%H%M%SZ)" --input '{"jobId":"${id}","startedBy":"manual"}' --query executionArn --output text)\n` +
          'aws stepfunctions describe-execution --execution-arn "$EXECUTION" --query "[status,startDate,stopDate]" --output text', sm)],
        expected: {
          ja: `status が SUCCEEDED になること (最大 ${f.maxRunMinutes} 分)。RUNNING の間は describe-execution を繰り返します。`,
          en: `status becomes SUCCEEDED (within ${f.maxRunMinutes} minutes); repeat describe-execution while it is RUNNING.`,
        },
      },
    ],
    escalation: {
      ja: '手動再実行も失敗した場合は、ジョブの開発担当者に連絡し、インシデントとして記録します。',
      en: 'If the manual rerun fails too, call the job\'s developers and record it as an incident.',
    },
    requirements: ['ECS-06', 'OPS-01'],
  };
}
