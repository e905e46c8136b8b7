import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import type { MonitoredDatabase } from '../monitored-database';
import type { TenantPlatform } from '../tenant-platform';

/** Props of `ScheduledPlatformJob`. */
export interface ScheduledPlatformJobProps {
  /** The platform whose cluster and private subnets run the job. */
  readonly platform: TenantPlatform;
  /** Job id, e.g. `B003`: letters, digits and hyphens, starting with a letter, at most 32 characters. */
  readonly jobId: string;
  /** What the job does, in every runbook locale (e.g. ja: 月次請求書生成, en: monthly invoices). */
  readonly title: LocalizedText;
  /** The job's image. */
  readonly image: ecs.ContainerImage;
  /** The command the container runs; it exits 0 on success. */
  readonly command: string[];
  /**
   * The container's entry point.
   * @default - the image's
   */
  readonly entryPoint?: string[];
  /**
   * When the job runs: an EventBridge Scheduler `cron(minutes hours day-of-month month
   * day-of-week year)` or `rate(value unit)` expression, in `timeZone`.
   */
  readonly schedule: string;
  /**
   * IANA time zone of `schedule` (e.g. `Asia/Tokyo`).
   * @default - the time zone of the platform's maintenance window
   */
  readonly timeZone?: string;
  /** How long a run normally takes; a run taking longer raises the run-time alarm. */
  readonly expectedDuration: Duration;
  /**
   * How long one attempt may run before it is stopped and counts as failed; at least `expectedDuration`.
   * @default - twice `expectedDuration`
   */
  readonly timeout?: Duration;
  /**
   * Automatic retries of a failed attempt, waiting 5, 15 and 30 minutes (ECS-06). At most 3 unless
   * `allowMoreRetries` is set; 0 leaves a failed run for a manual rerun.
   * @default 3
   */
  readonly retryAttempts?: number;
  /**
   * Allows `retryAttempts` above the seed's 3 (each further retry waits 30 minutes).
   * @default false
   */
  readonly allowMoreRetries?: boolean;
  /**
   * The platform database. The job connects as its own IAM-authenticated database user
   * (`rds-db:connect` for `databaseUser` only, never the master secret) and gets DB_HOST, DB_PORT,
   * DB_NAME and DB_USER.
   * @default - no database access
   */
  readonly database?: MonitoredDatabase;
  /**
   * The job's database user.
   * @default - `job_<jobId>` in lower case, hyphens as underscores
   */
  readonly databaseUser?: string;
  /**
   * Whether the job writes to `database`. A writing job must not run while the platform's
   * maintenance window is open, retries included.
   * @default - true when `database` is set
   */
  readonly writesToDatabase?: boolean;
  /**
   * Task CPU units.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB.
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * Plain environment variables; names that look like secrets are rejected (ECS-05).
   * @default - only the variables the job adds (JOB_ID, PLATFORM_ENVIRONMENT and the DB_* ones)
   */
  readonly environment?: { [name: string]: string };
  /**
   * User the container runs as (ECS-05).
   * @default '1000:1000' (not root)
   */
  readonly user?: string;
  /**
   * Severity of the failed-run and missed-run alarms (MON-02); the run-time alarm is a warning.
   * @default AlarmSeverity.WARNING
   */
  readonly failureSeverity?: AlarmSeverity;
  /**
   * Retention of the job's log group (LOG-01).
   * @default - the platform's logRetention
   */
  readonly logRetention?: logs.RetentionDays;
}
