import type { ScheduledPlatformJob } from './scheduled-platform-job';
import { AlarmSeverity } from '../../monitoring/severity';
import { LocalizedText } from '../../runbooks/localized-text';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookSectionKind } from '../../runbooks/runbook-section';

/** The anchor of job `jobId`'s manual-rerun section, e.g. `job-b003-rerun`. */
export function jobRerunAnchor(jobId: string): string {
  return `job-${jobId.toLowerCase()}-rerun`;
}

/**
 * The job's manual-rerun section (ECS-06, OPS-01): what ran, why it failed, and the exact commands
 * to run it again, with the state machine's ARN read from the stack output.
 */
export function addJobRunbook(job: ScheduledPlatformJob, title: LocalizedText, failureSeverity: AlarmSeverity): void {
  const id = job.jobId;
  const sm = { STATE_MACHINE: ResourceLookup.stackOutput(job.stateMachineArnOutput) };
  const logs = { LOG_GROUP: ResourceLookup.physicalId(job.logGroup) };
  const waits = job.retryWaits.map(w => w.toMinutes());
  const retries: LocalizedText = job.retryAttempts > 0
    ? { ja: `失敗した試行は ${waits.map(w => `${w}分`).join('、')} 後に自動でリトライされます (最大 ${job.retryAttempts} 回)。`, en: `A failed attempt is retried automatically after ${waits.join(', ')} minutes (at most ${job.retryAttempts} retries).` }
    : { ja: '自動リトライはありません。失敗した実行はこの手順で手動で再実行します。', en: 'There is no automatic retry: a failed run is rerun by hand with this section.' };
  Runbook.of(job).addSection({
    anchor: jobRerunAnchor(id),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `ジョブ ${id} (${title.ja}) の手動再実行`, en: `Rerun job ${id} (${title.en}) by hand` },
    whenToUse: {
      ja: `ジョブ ${id} の実行失敗・実行漏れのアラーム (${failureSeverity}) を受けたとき、または業務上もう一度実行する必要があるとき。`,
      en: `The failed-run or missed-run alarm (${failureSeverity}) of job ${id} fired, or the job must run again.`,
    },
    summary: [
      {
        ja: `スケジュール: ${job.schedule.scheduleExpression} (${job.timeZone})。1回の試行は ${job.attemptTimeout.toMinutes()} 分、リトライを含む実行全体は最大 ${job.maxRunTime.toMinutes()} 分で打ち切られます。${retries.ja}`,
        en: `Schedule: ${job.schedule.scheduleExpression} (${job.timeZone}). One attempt is stopped after ${job.attemptTimeout.toMinutes()} minutes, a whole run with its retries after at most ${job.maxRunTime.toMinutes()} minutes. ${retries.en}`,
      },
      ...job.databaseUser ? [{
        ja: `データベースにはジョブ専用の IAM 認証ユーザー ${job.databaseUser} で接続します (マスターシークレットは使いません)。`,
        en: `The job connects to the database as its own IAM-authenticated user ${job.databaseUser}, never with the master secret.`,
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
          ja: `status が SUCCEEDED になること (最大 ${job.maxRunTime.toMinutes()} 分)。RUNNING の間は describe-execution を繰り返します。`,
          en: `status becomes SUCCEEDED (within ${job.maxRunTime.toMinutes()} minutes); repeat describe-execution while it is RUNNING.`,
        },
      },
    ],
    escalation: {
      ja: '手動再実行も失敗した場合は、ジョブの開発担当者に連絡し、インシデントとして記録します。',
      en: 'If the manual rerun fails too, call the job\'s developers and record it as an incident.',
    },
    requirements: ['ECS-06', 'OPS-01'],
  });
}
