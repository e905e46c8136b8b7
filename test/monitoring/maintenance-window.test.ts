import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { MaintenanceWeekday, MaintenanceWindow } from '../../src';
import { database, platformStack } from '../support/platform';
import { sectionOf } from '../support/runbooks';

test('MON-07: the default window is the seed\'s 2nd Sunday 02:00–04:00 JST', () => {
  const w = MaintenanceWindow.secondSundayJst();
  expect(w.rrule).toBe('FREQ=MONTHLY;BYDAY=2SU');
  expect(w.startCron).toBe('cron(0 2 ? * SUN#2 *)');
  expect(w.endCron).toBe('cron(0 4 ? * SUN#2 *)');
  expect(w.timezone).toBe('Asia/Tokyo');
  expect(w.toString()).toBe('2nd Sunday of the month, 02:00 for 2 hours (Asia/Tokyo)');
});

test('a custom monthly window', () => {
  const w = MaintenanceWindow.monthly({ week: 1, weekday: MaintenanceWeekday.TUESDAY, startTime: '21:30', duration: Duration.minutes(90), timezone: 'UTC' });
  expect([w.rrule, w.startCron, w.endCron]).toEqual(['FREQ=MONTHLY;BYDAY=1TU', 'cron(30 21 ? * TUE#1 *)', 'cron(0 23 ? * TUE#1 *)']);
});

test.each([
  [{ week: 5 }, /week 5 must be an integer from 1 to 4/],
  [{ startTime: '2am' }, /startTime "2am" must be HH:mm/],
  [{ duration: Duration.minutes(5) }, /duration 5 minutes must be whole minutes from 15 minutes to 1 day/],
  [{ startTime: '23:00' }, /startTime "23:00" \+ 2 hours crosses midnight; keep the window within one day/],
])('bad window %j is rejected', (props, message) => {
  expect(() => MaintenanceWindow.monthly(props)).toThrow(message);
});

test('MON-07: the runbooks state the platform\'s own window in both locales', () => {
  const window = MaintenanceWindow.monthly({ week: 3, weekday: MaintenanceWeekday.SATURDAY, startTime: '01:00', duration: Duration.minutes(90) });
  expect(window.description).toEqual({
    ja: '毎月第3土曜日 01:00 から 90 分 (Asia/Tokyo)',
    en: '3rd Saturday of the month, 01:00 for 1 hour 30 minutes (Asia/Tokyo)',
  });
  const { app, platform } = platformStack({ maintenanceWindow: window });
  database(platform);
  const out = app.synth().directory;
  for (const locale of ['ja', 'en'] as const) {
    const runbook = fs.readFileSync(path.join(out, 'runbooks', locale, 'Shared.md'), 'utf8');
    expect(sectionOf(runbook, 'platform-overview')).toContain(window.description[locale]);
    expect(sectionOf(runbook, 'database-failover')).toContain(window.description[locale]);
  }
});
