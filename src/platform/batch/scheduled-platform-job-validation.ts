import { Duration, Token } from 'aws-cdk-lib';
import { retryWaitsSeconds, SEED_RETRY } from './job-retry';
import { isIanaTimeZone, longestGapMinutes, maintenanceOverlap, parseSchedule, ParsedSchedule } from './job-schedule';
import type { ScheduledPlatformJobProps } from './scheduled-platform-job-props';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { checkPlainEnvironment } from '../container-settings';
import { fargateSizeProblem } from '../fargate-sizes';
import type { TenantPlatform } from '../tenant-platform';

const JOB_ID = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;
const DB_USER = /^[a-z_][a-z0-9_]{0,62}$/;
/** The first year run times are computed from: fixed, so a synth gives the same result any day. */
const FROM_YEAR = 2027;

/** The props of a `ScheduledPlatformJob` as checked, with what the checks computed. */
export interface CheckedProps {
  readonly parsed: ParsedSchedule;
  readonly timeZone: string;
  readonly timeout: Duration;
  readonly retryAttempts: number;
  readonly waitsSeconds: number[];
  readonly maxRunSeconds: number;
  readonly missedRunWindowHours?: number;
  readonly databaseUser?: string;
  readonly failureSeverity: AlarmSeverity;
}

/** Checks every prop of a `ScheduledPlatformJob` at `path`, collects every problem and throws once. */
export function validateScheduledPlatformJob(path: string, props: ScheduledPlatformJobProps, platform: TenantPlatform): CheckedProps {
  const problems = new PropProblems(path);
  const fail = (prop: string, value: unknown, accepted: string) => problems.report(prop, value, accepted);
  problems.matches('jobId', props.jobId, JOB_ID, 'letters, digits and hyphens, starting with a letter, at most 32 characters');
  checkPlainEnvironment(problems, props.environment ?? {});
  const cpu = props.cpu ?? 256;
  const memory = props.memoryLimitMiB ?? 512;
  const sizeProblem = fargateSizeProblem(cpu, memory);
  if (sizeProblem) fail('cpu/memoryLimitMiB', `${cpu}/${memory}`, `is not a Fargate size: ${sizeProblem}`);
  if (!props.command?.length) fail('command', props.command, 'must name the program to run (a non-empty list)');

  const parsed = Token.isUnresolved(props.schedule) ? undefined : parseSchedule(props.schedule);
  if (parsed === undefined) fail('schedule', props.schedule, 'must be known at synth (not a token)');
  else if (typeof parsed === 'string') fail('schedule', props.schedule, parsed);
  const timeZone = props.timeZone ?? platform.maintenanceWindow.timezone;
  if (!isIanaTimeZone(timeZone)) {
    fail('timeZone', timeZone, 'is not an IANA time zone name (e.g. Asia/Tokyo, UTC, Europe/London); see Intl.supportedValuesOf(\'timeZone\')');
  }

  const expected = props.expectedDuration;
  const timeout = props.timeout ?? Duration.seconds(expected.toSeconds() * 2);
  if (expected.toSeconds() < 60) fail('expectedDuration', expected.toHumanString(), 'must be at least 1 minute');
  if (timeout.toSeconds() < expected.toSeconds()) {
    fail('timeout', timeout.toHumanString(), `is shorter than expectedDuration (${expected.toHumanString()}); a normal run would be stopped`);
  }
  if (timeout.toSeconds() > Duration.days(1).toSeconds()) fail('timeout', timeout.toHumanString(), 'must be at most 1 day');

  const retryAttempts = props.retryAttempts ?? SEED_RETRY.maxAttempts;
  problems.integerBetween('retryAttempts', retryAttempts, 0, 10);
  if (retryAttempts > SEED_RETRY.maxAttempts && !props.allowMoreRetries) {
    fail('retryAttempts', retryAttempts, `is more than the ${SEED_RETRY.maxAttempts} retries of ECS-06; set allowMoreRetries: true to allow it`);
  }
  const retries = Math.max(0, Math.min(retryAttempts, 10));
  const waitsSeconds = retryWaitsSeconds(SEED_RETRY.interval.toSeconds(), SEED_RETRY.backoffRate, retries, SEED_RETRY.maxDelay.toSeconds());
  const maxRunSeconds = (waitsSeconds.length + 1) * timeout.toSeconds() + waitsSeconds.reduce((a, b) => a + b, 0);

  const databaseUser = props.database ? props.databaseUser ?? `job_${props.jobId.toLowerCase().replace(/-/g, '_')}` : undefined;
  if (props.databaseUser !== undefined && !props.database) fail('databaseUser', props.databaseUser, 'needs database');
  if (databaseUser !== undefined) {
    problems.matches('databaseUser', databaseUser, DB_USER, 'a PostgreSQL role name: lower-case letters, digits and _');
    if (databaseUser === 'postgres' || databaseUser.startsWith('tenant_')) {
      fail('databaseUser', databaseUser, 'must be the job\'s own user, not the master user or a tenant\'s');
    }
  }
  if (props.database && props.database.platform !== platform) {
    fail('database', props.database.node.path, `belongs to another platform (${props.database.platform.node.path})`);
  }
  if (props.writesToDatabase && !props.database) fail('writesToDatabase', true, 'needs database');

  let missedRunWindowHours: number | undefined;
  if (parsed && typeof parsed !== 'string') {
    const window = platform.maintenanceWindow;
    const writes = props.database !== undefined && (props.writesToDatabase ?? true);
    if (writes && parsed.rateMinutes !== undefined) {
      fail('schedule', props.schedule, 'runs at times set by when the schedule was created, so it cannot be shown to avoid the maintenance window; a job that writes to the database needs a cron() schedule');
    } else if (writes && problems.count === 0) {
      const overlap = maintenanceOverlap(parsed, timeZone, maxRunSeconds / 60, window, FROM_YEAR);
      if (overlap) {
        fail('schedule', props.schedule,
          `(${timeZone}) writes to the database while the maintenance window (${window}) is open: the run starting ${overlap.runStartUtc} ` +
          `(up to ${Math.ceil(maxRunSeconds / 60)} minutes with retries) meets the window starting ${overlap.windowStartUtc}; move the schedule or set writesToDatabase: false`);
      }
    }
    const gap = longestGapMinutes(parsed, FROM_YEAR);
    if (gap === undefined) fail('schedule', props.schedule, 'runs fewer than twice in 4 years; a platform job recurs');
    else missedRunWindowHours = Math.ceil((gap + maxRunSeconds / 60 + 60) / 60);
  }

  problems.throwIfAny();
  return {
    parsed: parsed as ParsedSchedule,
    timeZone,
    timeout,
    retryAttempts,
    waitsSeconds,
    maxRunSeconds,
    missedRunWindowHours,
    databaseUser,
    failureSeverity: props.failureSeverity ?? AlarmSeverity.WARNING,
  };
}
