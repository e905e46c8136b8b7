import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { ApiJson, ResourceKind, referencePlaceholder } from './model/desired-resource';
import { identityTags } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { throwIfProblems } from './validation/construct-problems';

/** A recurring maintenance window. */
export interface DatadogRecurringScheduleProps {
  /**
   * iCalendar recurrence rule without DTSTART/DTEND/DURATION, e.g. `FREQ=MONTHLY;BYDAY=2SU` (the
   * second Sunday of every month, DB-08).
   */
  readonly rrule: string;
  /** First occurrence as local date-time in `timezone`, `YYYY-MM-DDTHH:mm`; its time of day is every occurrence's. */
  readonly start: string;
  /** How long each occurrence lasts. */
  readonly duration: Duration;
  /**
   * IANA time zone of `start`.
   * @default 'UTC'
   */
  readonly timezone?: string;
}

/** A one-off maintenance window. */
export interface DatadogOneTimeScheduleProps {
  /** Start as local date-time in `timezone`, `YYYY-MM-DDTHH:mm`. */
  readonly start: string;
  /** End as local date-time in `timezone`, `YYYY-MM-DDTHH:mm`. */
  readonly end: string;
  /**
   * IANA time zone of `start` and `end`.
   * @default 'UTC'
   */
  readonly timezone?: string;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** When a downtime mutes its monitors (v2 `schedule`, MON-07). */
export class DatadogDowntimeSchedule {
  /** A recurring window, e.g. the monthly database maintenance window. */
  public static recurring(props: DatadogRecurringScheduleProps): DatadogDowntimeSchedule {
    const timezone = props.timezone ?? 'UTC';
    const problems = [...dateTimeProblems('start', props.start), ...timezoneProblems(timezone)];
    if (!/^FREQ=(MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[^;]+)*$/.test(props.rrule)) {
      problems.push(`rrule "${props.rrule}" must be an iCalendar rule such as FREQ=MONTHLY;BYDAY=2SU`);
    } else if (/(^|;)(DTSTART|DTEND|DURATION)=/.test(props.rrule)) {
      problems.push(`rrule "${props.rrule}" must not contain DTSTART, DTEND or DURATION; use start and duration`);
    }
    const minutes = props.duration.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1) problems.push(`duration ${props.duration.toHumanString()} must be whole minutes, at least 1`);
    return new DatadogDowntimeSchedule({
      recurrences: [{ rrule: props.rrule, start: props.start, duration: minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m` }],
      timezone,
    }, timezone, problems);
  }

  /** A single window. */
  public static oneTime(props: DatadogOneTimeScheduleProps): DatadogDowntimeSchedule {
    const timezone = props.timezone ?? 'UTC';
    const problems = [...dateTimeProblems('start', props.start), ...dateTimeProblems('end', props.end), ...timezoneProblems(timezone)];
    if (problems.length === 0 && props.end <= props.start) problems.push(`end ${props.end} must be after start ${props.start}`);
    // The v2 one-time schedule takes instants with a zero UTC offset (DowntimeScheduleOneTimeCreateUpdateRequest).
    const schedule = problems.length ? {} : { start: utcInstant(props.start, timezone), end: utcInstant(props.end, timezone) };
    return new DatadogDowntimeSchedule(schedule, timezone, problems);
  }

  private constructor(
    /** @internal */ public readonly _schedule: ApiJson,
    /** @internal */ public readonly _timezone: string,
    /** @internal */ public readonly _problems: string[],
  ) {}
}

/** Props of a `DatadogDowntime`: mute either one `monitor` or every monitor with `monitorTags`. */
export interface DatadogDowntimeProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** When to mute. */
  readonly schedule: DatadogDowntimeSchedule;
  /**
   * The monitor to mute.
   * @default - the monitors carrying `monitorTags`
   */
  readonly monitor?: IDatadogMonitor;
  /**
   * Mute every monitor carrying all of these tags, e.g. `['service:database']`.
   * @default - only `monitor`
   */
  readonly monitorTags?: string[];
  /**
   * Limit the mute to groups in this scope, e.g. `env:production`.
   * @default '*'
   */
  readonly scope?: string;
  /**
   * Shown on muted notifications, e.g. the change ticket.
   * @default 'Scheduled maintenance window'
   */
  readonly message?: string;
  /**
   * Do not send the recovery notification when the window starts during an alert.
   * @default false
   */
  readonly muteFirstRecoveryNotification?: boolean;
}

/**
 * A Datadog downtime (v2 API) that mutes monitors during maintenance windows (MON-07). Downtimes
 * carry no tags, so the identity tags are the last line of the message.
 */
export class DatadogDowntime extends Construct {
  /** The downtime id (deploy time). */
  public readonly downtimeId: string;

  constructor(scope: Construct, id: string, props: DatadogDowntimeProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    const problems = [...props.schedule._problems.map(p => `schedule: ${p}`)];
    if ((props.monitor === undefined) === (props.monitorTags === undefined || props.monitorTags.length === 0)) {
      problems.push('give either monitor or monitorTags (at least one tag)');
    }
    throwIfProblems(this, problems);
    const message = `${props.message ?? 'Scheduled maintenance window'}\n\n${identityTags(identity).join(' ')}`;
    const body: ApiJson = {
      message,
      scope: props.scope ?? '*',
      monitor_identifier: props.monitor ? { monitor_id: referencePlaceholder(0) } : { monitor_tags: props.monitorTags },
      schedule: props.schedule._schedule,
      display_timezone: props.schedule._timezone,
      mute_first_recovery_notification: props.muteFirstRecoveryNotification ?? false,
    };
    const resource = createDatadogResource(this, {
      kind: ResourceKind.DOWNTIME, connection: props.connection, identity, body, references: props.monitor ? [props.monitor] : [],
    });
    this.downtimeId = resource.getAttString('Id');
  }
}

/** The instant of local date-time `local` in IANA zone `timezone`, as `YYYY-MM-DDTHH:mm:ss+00:00`. */
function utcInstant(local: string, timezone: string): string {
  const asUtc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(instant).map(p => [p.type, p.value]));
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - instant;
  };
  // Two passes settle the offset across a daylight-saving change.
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function dateTimeProblems(field: string, value: string): string[] {
  return LOCAL_DATE_TIME.test(value) ? [] : [`${field} "${value}" must be a local date-time YYYY-MM-DDTHH:mm without offset`];
}

function timezoneProblems(timezone: string): string[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return [];
  } catch {
    return [`timezone "${timezone}" is not an IANA time zone such as Asia/Tokyo`];
  }
}
