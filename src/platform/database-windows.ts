import { PropValidation } from '../core/validation';

const BACKUP_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY = 1440;
const WEEK = 7 * DAY;

/**
 * DB-08: both windows well-formed, at least 30 minutes long, and not overlapping (RDS rejects that
 * at deploy). A window that is not well-formed (or a token) is reported by its format alone.
 */
export function checkDatabaseWindows(check: PropValidation, backup: string, maintenance: string): void {
  check.matches('preferredBackupWindow', backup, BACKUP_WINDOW, 'UTC hh:mm-hh:mm');
  check.matches('preferredMaintenanceWindow', maintenance, MAINTENANCE_WINDOW, 'UTC ddd:hh:mm-ddd:hh:mm');
  const daily = BACKUP_WINDOW.test(backup) ? backupMinutes(backup) : undefined;
  const weekly = MAINTENANCE_WINDOW.test(maintenance) ? maintenanceMinutes(maintenance) : undefined;
  if (daily && daily.length < 30) check.report('preferredBackupWindow', backup, 'must be at least 30 minutes long');
  if (weekly && weekly.length < 30) check.report('preferredMaintenanceWindow', maintenance, 'must be at least 30 minutes long');
  if (daily && weekly && overlaps(daily, weekly)) {
    check.report('preferredBackupWindow', backup, `overlaps preferredMaintenanceWindow "${maintenance}"; RDS requires them apart (DB-08)`);
  }
}

/** A window in minutes: its start from midnight (daily) or from Sunday midnight (weekly), and its length. */
interface Minutes {
  readonly start: number;
  readonly length: number;
}

function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** `hh:mm-hh:mm`, which may run past midnight. */
function backupMinutes(window: string): Minutes {
  const [start, end] = window.split('-').map(minutesOfDay);
  return { start, length: (end - start + DAY) % DAY };
}

/** `ddd:hh:mm-ddd:hh:mm`, which may run past Saturday midnight. */
function maintenanceMinutes(window: string): Minutes {
  const [start, end] = window.split('-').map(p => DAYS.indexOf(p.slice(0, 3)) * DAY + minutesOfDay(p.slice(4)));
  return { start, length: (end - start + WEEK) % WEEK };
}

/** Whether the daily backup window overlaps the weekly maintenance window: each day's occurrence is checked. */
function overlaps(backup: Minutes, maintenance: Minutes): boolean {
  return DAYS.some((_, day) => [0, WEEK, -WEEK].some(shift => {
    const start = day * DAY + backup.start + shift;
    return start < maintenance.start + maintenance.length && maintenance.start < start + backup.length;
  }));
}
