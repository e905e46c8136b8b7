import { Duration } from 'aws-cdk-lib';
import { LocalizedText, textIn } from '../core/localized-text';
import { RunbookLocale } from '../core/runbook-locale';

/** Day of the week of a maintenance window. */
export enum MaintenanceWeekday {
  MONDAY = 'MO',
  TUESDAY = 'TU',
  WEDNESDAY = 'WE',
  THURSDAY = 'TH',
  FRIDAY = 'FR',
  SATURDAY = 'SA',
  SUNDAY = 'SU',
}

/** Props of a monthly maintenance window. */
export interface MonthlyMaintenanceWindowProps {
  /**
   * Which occurrence of the weekday in the month (1 to 4).
   * @default 2
   */
  readonly week?: number;
  /**
   * @default MaintenanceWeekday.SUNDAY
   */
  readonly weekday?: MaintenanceWeekday;
  /**
   * Local start time `HH:mm` in `timezone`.
   * @default '02:00'
   */
  readonly startTime?: string;
  /**
   * @default Duration.hours(2)
   */
  readonly duration?: Duration;
  /**
   * IANA time zone of `startTime`.
   * @default 'Asia/Tokyo'
   */
  readonly timezone?: string;
}

const WEEKDAY_JA: Record<MaintenanceWeekday, string> = {
  MO: '月', TU: '火', WE: '水', TH: '木', FR: '金', SA: '土', SU: '日',
};

const WEEKDAY_CRON: Record<MaintenanceWeekday, string> = {
  MO: 'MON', TU: 'TUE', WE: 'WED', TH: 'THU', FR: 'FRI', SA: 'SAT', SU: 'SUN',
};

/**
 * The platform's planned maintenance window (MON-07: the 2nd Sunday of every month,
 * 02:00–04:00 JST). Alerts are muted while it is open: Datadog downtimes and CloudWatch alarm
 * actions. The database's weekly RDS window (DB-08) is configured on `MonitoredDatabase`.
 */
export class MaintenanceWindow {
  /** The seed's window: 2nd Sunday of the month, 02:00–04:00 Asia/Tokyo. */
  public static secondSundayJst(): MaintenanceWindow {
    return MaintenanceWindow.monthly({});
  }

  /** A window on the `week`-th `weekday` of every month. */
  public static monthly(props: MonthlyMaintenanceWindowProps): MaintenanceWindow {
    const week = props.week ?? 2;
    const startTime = props.startTime ?? '02:00';
    const duration = props.duration ?? Duration.hours(2);
    const problems: string[] = [];
    if (!Number.isInteger(week) || week < 1 || week > 4) problems.push(`week ${week} must be an integer from 1 to 4`);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime)) problems.push(`startTime "${startTime}" must be HH:mm`);
    const minutes = duration.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 24 * 60) {
      problems.push(`duration ${duration.toHumanString()} must be whole minutes from 15 minutes to 1 day`);
    }
    const [hour, minute] = startTime.split(':').map(Number);
    if (problems.length === 0 && hour * 60 + minute + minutes >= 24 * 60) {
      problems.push(`startTime "${startTime}" + ${duration.toHumanString()} crosses midnight; keep the window within one day`);
    }
    if (problems.length > 0) throw new Error(`MaintenanceWindow: ${problems.join('; ')}`);
    return new MaintenanceWindow(week, props.weekday ?? MaintenanceWeekday.SUNDAY, startTime, duration, props.timezone ?? 'Asia/Tokyo');
  }

  private constructor(
    /** Occurrence of the weekday in the month (1-4). */
    public readonly week: number,
    public readonly weekday: MaintenanceWeekday,
    /** Local start `HH:mm`. */
    public readonly startTime: string,
    public readonly duration: Duration,
    /** IANA time zone. */
    public readonly timezone: string,
  ) {}

  /** iCalendar rule of the window's days, e.g. `FREQ=MONTHLY;BYDAY=2SU` (Datadog downtimes). */
  public get rrule(): string {
    return `FREQ=MONTHLY;BYDAY=${this.week}${this.weekday}`;
  }

  /** EventBridge Scheduler cron expression of the window's start, in `timezone`: `cron(0 2 ? * SUN#2 *)`. */
  public get startCron(): string {
    const [hour, minute] = this.startTime.split(':').map(Number);
    return `cron(${minute} ${hour} ? * ${WEEKDAY_CRON[this.weekday]}#${this.week} *)`;
  }

  /**
   * EventBridge Scheduler cron expression of the window's end, in `timezone` (a window stays within
   * its day: Scheduler's `#` cannot say "the day after the 2nd Sunday").
   */
  public get endCron(): string {
    const [hour, minute] = this.startTime.split(':').map(Number);
    const end = hour * 60 + minute + this.duration.toMinutes();
    return `cron(${end % 60} ${Math.floor(end / 60)} ? * ${WEEKDAY_CRON[this.weekday]}#${this.week} *)`;
  }

  /** How people read it, e.g. "2nd Sunday of the month, 02:00 for 2 hours (Asia/Tokyo)". */
  public toString(): string {
    return textIn(this.description, RunbookLocale.EN);
  }

  /** The window for runbooks, in both locales: 毎月第2日曜日 02:00 から 2 時間 (Asia/Tokyo). */
  public get description(): LocalizedText {
    const ordinal = ['1st', '2nd', '3rd', '4th'][this.week - 1];
    const day = Object.entries(MaintenanceWeekday).find(([, v]) => v === this.weekday)![0].toLowerCase();
    const minutes = this.duration.toMinutes();
    const jaDuration = minutes % 60 === 0 ? `${minutes / 60} 時間` : `${minutes} 分`;
    return {
      ja: `毎月第${this.week}${WEEKDAY_JA[this.weekday]}曜日 ${this.startTime} から ${jaDuration} (${this.timezone})`,
      en: `${ordinal} ${day.charAt(0).toUpperCase()}${day.slice(1)} of the month, ${this.startTime} for ${this.duration.toHumanString()} (${this.timezone})`,
    };
  }
}
