import { MaintenanceWeekday, MaintenanceWindow } from '../../monitoring/maintenance-window';

/**
 * EventBridge Scheduler expressions of recurring jobs (ECS-06): parsing, validation, run times and
 * the longest gap between runs. Syntax: EventBridge cron expressions reference
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), which
 * EventBridge Scheduler uses for recurring schedules: six fields `minutes hours day-of-month month
 * day-of-week year`, wildcards `, - * /` everywhere, `? L W` in day-of-month, `? L #` in
 * day-of-week, exactly one of the two day fields `?`, and `rate(value unit)` with a singular unit
 * for 1.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTES_PER_DAY = 24 * 60;

/** A parsed recurring schedule. */
export interface ParsedSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** `rate(...)`: minutes between runs; undefined for cron. */
  readonly rateMinutes?: number;
  /** `cron(...)`: the fields; undefined for rate. */
  readonly cron?: CronFields;
}

type DayOfMonth = { any: true } | { last: true } | { nearestWeekday: number } | { days: Set<number> };
type DayOfWeek = { any: true } | { lastOfMonth: number } | { nth: number; weekday: number } | { days: Set<number> };

/** The fields of a cron expression. */
export interface CronFields {
  readonly minutes: number[];
  readonly hours: number[];
  readonly dayOfMonth: DayOfMonth;
  readonly months: Set<number>;
  readonly dayOfWeek: DayOfWeek;
  readonly years: Set<number>;
}

/** Parses `expression`; returns the problem (naming what is accepted) instead of throwing. */
export function parseSchedule(expression: string): ParsedSchedule | string {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2];
    if (value < 1) return `has rate value ${value}; it must be a positive integer`;
    if ((value === 1) !== !unit.endsWith('s')) return `uses "${unit}" with ${value}: the unit is singular for 1 and plural otherwise`;
    const perUnit = unit.startsWith('minute') ? 1 : unit.startsWith('hour') ? 60 : MINUTES_PER_DAY;
    return { expression, rateMinutes: value * perUnit };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return 'is neither cron(minutes hours day-of-month month day-of-week year) nor rate(value unit)';
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return `has ${fields.length} cron fields; cron() takes 6: minutes hours day-of-month month day-of-week year`;
  const [min, hour, dom, month, dow, year] = fields;
  const problems: string[] = [];
  const list = (name: string, text: string, lo: number, hi: number, names?: string[]): Set<number> => {
    const parsed = parseList(text, lo, hi, names);
    if (typeof parsed === 'string') {
      problems.push(`${name} "${text}" ${parsed}`);
      return new Set();
    }
    return parsed;
  };
  const minutes = [...list('minutes', min, 0, 59)].sort((a, b) => a - b);
  const hours = [...list('hours', hour, 0, 23)].sort((a, b) => a - b);
  const months = list('month', month, 1, 12, MONTHS);
  const years = list('year', year, 1970, 2199);
  if ((dom === '?') === (dow === '?')) problems.push(`day-of-month "${dom}" and day-of-week "${dow}": exactly one of them must be ?`);
  let dayOfMonth: DayOfMonth = { any: true };
  if (dom !== '?') {
    const w = /^(\d{1,2})W$/.exec(dom);
    // `L` in day-of-month is the last day of the month (B003's "last day of the month"): the
    // EventBridge cron expressions reference lists `, - * ? / L W` for day-of-month
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), the
    // syntax of EventBridge Scheduler's cron-based schedules
    // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based).
    if (dom === 'L') dayOfMonth = { last: true };
    else if (w && Number(w[1]) >= 1 && Number(w[1]) <= 31) dayOfMonth = { nearestWeekday: Number(w[1]) };
    else dayOfMonth = { days: list('day-of-month', dom, 1, 31) };
  }
  let dayOfWeek: DayOfWeek = { any: true };
  if (dow !== '?') {
    const nth = /^([1-7]|[A-Z]{3})#([1-5])$/.exec(dow);
    const lastOf = /^([1-7]|[A-Z]{3})L$/.exec(dow);
    const day = (text: string) => /^\d$/.test(text) ? Number(text) : DAYS.indexOf(text) + 1;
    if (dow === 'L') dayOfWeek = { days: new Set([7]) };
    else if (nth && day(nth[1]) > 0) dayOfWeek = { nth: Number(nth[2]), weekday: day(nth[1]) };
    else if (lastOf && day(lastOf[1]) > 0) dayOfWeek = { lastOfMonth: day(lastOf[1]) };
    else dayOfWeek = { days: list('day-of-week', dow, 1, 7, DAYS) };
  }
  if (problems.length > 0) return `is not a valid cron expression: ${problems.join('; ')}`;
  return { expression, cron: { minutes, hours, dayOfMonth, months, dayOfWeek, years } };
}

/** `a`, `a-b`, `*`, each optionally `/step`, joined by commas; names (JAN, SUN) count from 1. */
function parseList(text: string, lo: number, hi: number, names?: string[]): Set<number> | string {
  const values = new Set<number>();
  const value = (token: string): number => {
    if (/^\d+$/.test(token)) return Number(token);
    const index = names?.indexOf(token) ?? -1;
    return index >= 0 ? index + 1 : NaN;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `must be values from ${lo} to ${hi}${names ? ` or ${names[0]}-${names[names.length - 1]}` : ''} with , - * /`;
    const [from, to] = m[1] === '*' ? [lo, hi] : m[1].split('-').map(value).concat(m[2] && !m[1].includes('-') ? [hi] : []);
    const end = to ?? from;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if ([from, end].some(v => !Number.isInteger(v) || v < lo || v > hi) || from > end || step < 1) {
      return `has "${part}" outside ${lo}-${hi}${names ? ` (${names[0]}-${names[names.length - 1]})` : ''}`;
    }
    for (let v = from; v <= end; v += step) values.add(v);
  }
  return values;
}

/** Whether the cron's day fields and month and year select the local date `y-m-d`. */
export function cronSelectsDay(c: CronFields, y: number, m: number, d: number): boolean {
  if (!c.years.has(y) || !c.months.has(m)) return false;
  const last = daysInMonth(y, m);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1; // 1 = SUN
  const dom = c.dayOfMonth;
  if ('last' in dom) return d === last;
  if ('nearestWeekday' in dom) return d === nearestWeekday(y, m, Math.min(dom.nearestWeekday, last));
  if ('days' in dom) return dom.days.has(d);
  const dow = c.dayOfWeek;
  if ('lastOfMonth' in dow) return weekday === dow.lastOfMonth && d + 7 > last;
  if ('nth' in dow) return weekday === dow.weekday && Math.ceil(d / 7) === dow.nth;
  if ('days' in dow) return dow.days.has(weekday);
  return true;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The weekday (Monday-Friday) nearest `day`, within the month (the `W` wildcard). */
function nearestWeekday(y: number, m: number, day: number): number {
  const weekday = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  const last = daysInMonth(y, m);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}

/**
 * The longest time between two consecutive runs, in minutes of local time, over the years from
 * `fromYear` (four years cover leap years and every weekday a date falls on). Undefined when the
 * schedule runs fewer than twice in that span.
 */
export function longestGapMinutes(s: ParsedSchedule, fromYear: number): number | undefined {
  if (s.rateMinutes !== undefined) return s.rateMinutes;
  const c = s.cron!;
  const times = c.hours.flatMap(h => c.minutes.map(m => h * 60 + m));
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
  let previousDay: number | undefined;
  let days = 0;
  for (let day = Date.UTC(fromYear, 0, 1) / 86_400_000; day < Date.UTC(fromYear + 4, 0, 1) / 86_400_000; day++) {
    const date = new Date(day * 86_400_000);
    if (!cronSelectsDay(c, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) continue;
    if (previousDay !== undefined) {
      longest = Math.max(longest, (day - previousDay) * MINUTES_PER_DAY + times[0] - times[times.length - 1]);
    }
    previousDay = day;
    days++;
  }
  if (days * times.length < 2) return undefined;
  return longest;
}

/** Whether `timeZone` is an IANA time zone name (canonical or alias) that this Node.js knows. */
export function isIanaTimeZone(timeZone: string): boolean {
  // Node 20's Intl.supportedValuesOf lists canonical names only (no UTC, Asia/Kolkata, US/Eastern);
  // Intl.DateTimeFormat also accepts the aliases, and rejects unknown names with a RangeError.
  // Offsets such as +09:00 are not IANA names: EventBridge Scheduler wants a zone name.
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(timeZone)) return false;
  if (Intl.supportedValuesOf('timeZone').includes(timeZone)) return true;
  // ICU also accepts abbreviations that are no IANA names (JST, IST); IANA's aliases are Area/Place
  // names plus a few single words for UTC.
  if (!timeZone.includes('/') && !UTC_ALIASES.includes(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const UTC_ALIASES = ['UTC', 'GMT', 'UCT', 'Zulu', 'Universal', 'Greenwich'];

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes `timeZone` is ahead of UTC at the instant `utcMs`. */
function offsetMinutes(timeZone: string, utcMs: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(utcMs).map(x => [x.type, Number(x.value)]));
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(utcMs / 60_000) * 60_000) / 60_000;
}

/** The UTC instant of local wall-clock time `y-m-d h:min` in `timeZone`. */
export function localToUtc(timeZone: string, y: number, m: number, d: number, h: number, min: number): number {
  const wall = Date.UTC(y, m - 1, d, h, min);
  const first = wall - offsetMinutes(timeZone, wall) * 60_000;
  return wall - offsetMinutes(timeZone, first) * 60_000;
}

/** The local date `[y, m, d]` in `timeZone` at `utcMs`. */
function localDate(timeZone: string, utcMs: number): [number, number, number] {
  const local = new Date(utcMs + offsetMinutes(timeZone, utcMs) * 60_000);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
}

/** A run of a job and a maintenance window that meet, for the error message. */
export interface MaintenanceOverlap {
  /** The run's start, ISO 8601 UTC. */
  readonly runStartUtc: string;
  /** The window's start, ISO 8601 UTC. */
  readonly windowStartUtc: string;
}

const WEEKDAY_INDEX: Record<MaintenanceWeekday, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

/**
 * The first run of cron schedule `s` in `timeZone` that may still be running (`runMinutes` after
 * its start, retries included) while `window` is open, over the 28 years from `fromYear` (the
 * Gregorian calendar repeats its weekdays every 28 years in that range); undefined when none does.
 */
export function maintenanceOverlap(
  s: ParsedSchedule, timeZone: string, runMinutes: number, window: MaintenanceWindow, fromYear: number,
): MaintenanceOverlap | undefined {
  const c = s.cron!;
  const [startHour, startMinute] = window.startTime.split(':').map(Number);
  const windowMinutes = window.duration.toMinutes();
  const runMs = runMinutes * 60_000;
  for (let y = fromYear; y < fromYear + 28; y++) {
    for (let m = 1; m <= 12; m++) {
      const firstWeekday = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
      const day = 1 + (WEEKDAY_INDEX[window.weekday] - firstWeekday + 7) % 7 + 7 * (window.week - 1);
      const windowStart = localToUtc(window.timezone, y, m, day, startHour, startMinute);
      const windowEnd = windowStart + windowMinutes * 60_000;
      // Every local date of the job that can hold a run still going when the window opens.
      let date = localDate(timeZone, windowStart - runMs - 86_400_000);
      const lastDate = localDate(timeZone, windowEnd + 86_400_000);
      while (Date.UTC(...toUtcArgs(date)) <= Date.UTC(...toUtcArgs(lastDate))) {
        const [dy, dm, dd] = date;
        if (cronSelectsDay(c, dy, dm, dd)) {
          // Local times map to UTC by one offset unless the day has a daylight-saving change.
          const midnight = localToUtc(timeZone, dy, dm, dd, 0, 0);
          const steady = offsetMinutes(timeZone, midnight) === offsetMinutes(timeZone, midnight + 86_399_999);
          for (const h of c.hours) {
            for (const min of c.minutes) {
              const start = steady ? midnight + (h * 60 + min) * 60_000 : localToUtc(timeZone, dy, dm, dd, h, min);
              if (start < windowEnd && start + runMs > windowStart) {
                return { runStartUtc: new Date(start).toISOString(), windowStartUtc: new Date(windowStart).toISOString() };
              }
            }
          }
        }
        const next = new Date(Date.UTC(dy, dm - 1, dd + 1));
        date = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
      }
    }
  }
  return undefined;
}

function toUtcArgs([y, m, d]: [number, number, number]): [number, number, number] {
  return [y, m - 1, d];
}
