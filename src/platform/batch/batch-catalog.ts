import { Duration, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { LocalizedText } from '../../core/localized-text';
import { Runbook } from '../../runbooks/runbook';
import { RunbookLink, RunbookTableRow } from '../../runbooks/runbook-section';
import { batchJobsSection, jobRerunAnchor } from '../../runbooks/sections/batch-job-sections';
import type { DrPlan } from '../dr/dr-plan';
import { TenantPlatform } from '../tenant-platform';

const CATALOG_ID = 'BatchJobs';

/** What the batch table shows of a `ScheduledPlatformJob` (a view, so the catalog does not import the job). */
interface CataloguedJob extends IConstruct {
  readonly jobId: string;
  readonly timeZone: string;
  readonly retryAttempts: number;
  readonly retryWaits: Duration[];
}

/**
 * The platform's batch jobs and what realises each (ECS-06): a `ScheduledPlatformJob`, or a
 * platform feature that makes a job unnecessary (the `DrPlan` backup rule, log retention and
 * lifecycle rules). Rendered as a table in the platform's runbook.
 */
export class BatchJobCatalog extends Construct {
  /** The catalog of `platform`, created on first use. */
  public static of(platform: TenantPlatform): BatchJobCatalog {
    const existing = platform.node.tryFindChild(CATALOG_ID);
    return existing instanceof BatchJobCatalog ? existing : new BatchJobCatalog(platform, CATALOG_ID);
  }

  private readonly rows: RunbookTableRow[] = [];
  private readonly links: RunbookLink[] = [];
  private readonly ids = new Set<string>();
  private readonly platform: TenantPlatform;

  private constructor(platform: TenantPlatform, id: string) {
    super(platform, id);
    this.platform = platform;
    // The table and links are filled as jobs are added; the runbook renders them at synth.
    Runbook.of(platform).addSection(batchJobsSection(this.rows, this.links));
  }

  /** @internal Adds the row of `job`; called by `ScheduledPlatformJob`. */
  public _addJob(job: CataloguedJob, title: LocalizedText, schedule: string): void {
    this.claim(job.jobId);
    const waits = job.retryWaits.map(w => w.toMinutes());
    const stack = Stack.of(job).stackName;
    this.rows.push(row(job.jobId, title, { ja: `${schedule} (${job.timeZone})`, en: `${schedule} (${job.timeZone})` },
      { ja: `ScheduledPlatformJob ${job.node.path} (スタック ${stack})`, en: `ScheduledPlatformJob ${job.node.path} (stack ${stack})` },
      job.retryAttempts > 0
        ? { ja: `自動リトライ ${waits.map(w => `${w}分`).join('、')} 後、失敗アラーム。手動再実行の手順あり`, en: `Retried after ${waits.join(', ')} minutes, then the failed-run alarm; manual rerun section` }
        : { ja: '自動リトライなし: 失敗アラーム後に手動再実行', en: 'No automatic retry: failed-run alarm, then manual rerun' }));
    this.links.push({
      text: { ja: `${job.jobId} の手動再実行`, en: `Rerun ${job.jobId} by hand` },
      anchor: jobRerunAnchor(job.jobId),
      stack: Stack.of(job),
    });
  }

  /**
   * Records that job `jobId` (the seed's daily database backup, B001) is the daily backup rule of
   * `dr`: AWS Backup runs it, so no job container is built for it.
   */
  public addBackupJob(jobId: string, dr: DrPlan): void {
    this.claim(jobId);
    const hour = dr.dailyBackupHourUtc;
    const local = localHour(hour, this.platform.maintenanceWindow.timezone);
    this.rows.push(row(jobId, { ja: 'DB バックアップ', en: 'Database backup' },
      { ja: `毎日 ${pad(hour)}:00 UTC (${local} ${this.platform.maintenanceWindow.timezone})`, en: `Daily ${pad(hour)}:00 UTC (${local} ${this.platform.maintenanceWindow.timezone})` },
      { ja: `DrPlan ${dr.node.path} の AWS Backup 日次ルールと継続的バックアップ (DR-01)`, en: `AWS Backup daily rule and continuous backup of DrPlan ${dr.node.path} (DR-01)` },
      { ja: '失敗したバックアップジョブは critical に通知 (DR-04)。DR 手順書の「バックアップジョブの失敗」でオンデマンドバックアップを取得', en: 'A failed backup job pages critical (DR-04); take an on-demand backup with the DR runbook\'s backup-job-failed section' }));
  }

  /**
   * Records that job `jobId` (the seed's log clean-up, B002) is realised by retention and lifecycle
   * rules: CloudWatch Logs and S3 delete old logs themselves, so nothing runs and nothing can fail.
   */
  public addLogCleanupJob(jobId: string): void {
    this.claim(jobId);
    const p = this.platform;
    this.rows.push(row(jobId, { ja: 'ログクリーンアップ', en: 'Log clean-up' },
      { ja: '常時 (ジョブなし)', en: 'Continuously (no job)' },
      {
        ja: `ロググループの保持期間 ${p.logRetention} 日 (LOG-01) と、アクセスログバケットのライフサイクルルール (${p.profile.auditLogRetentionDays} 日で削除)`,
        en: `Log group retention of ${p.logRetention} days (LOG-01) and the access-log bucket's lifecycle rule (expires after ${p.profile.auditLogRetentionDays} days)`,
      },
      { ja: '実行するジョブがないため失敗しない', en: 'Nothing runs, so nothing fails' }));
  }

  private claim(jobId: string): void {
    if (this.ids.has(jobId)) throw new Error(`${this.node.path}: batch job ${jobId} is already in the catalog`);
    this.ids.add(jobId);
  }
}

function row(jobId: string, title: LocalizedText, when: LocalizedText, by: LocalizedText, onFailure: LocalizedText): RunbookTableRow {
  return { cells: [{ ja: jobId, en: jobId }, title, when, by, onFailure] };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `hour` UTC as HH:mm in `timeZone` (on a fixed winter day). */
function localHour(hour: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.UTC(2027, 0, 15, hour));
}
