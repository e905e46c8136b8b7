import { CfnResource } from 'aws-cdk-lib';
import { appResources, matchesOrUnresolved, referrers } from './references';
import { UnresolvedValue } from './rule';
import { numberOf, propertiesOf, stringOf } from './template';

/** The rotation schedules of the app that name `secret` (by `Ref`, ARN or attachment). */
export function rotationSchedulesOf(secret: CfnResource): CfnResource[] {
  return matchesOrUnresolved(referrers(secret, appResources(secret, 'AWS::SecretsManager::RotationSchedule'), 'SecretId', p => p.SecretId));
}

/** The longest gap of a cron schedule that runs every month (`cron(min hour dom month dow year)` with month `*`). */
const MONTHLY_DAYS = 31;

/**
 * The longest rotation period of a schedule, in days: `AutomaticallyAfterDays`, a `rate(...)`
 * expression, or a cron expression that runs every month. Other cron expressions throw
 * `UnresolvedValue`: their period is for a human to judge.
 */
export function rotationDays(schedule: CfnResource): number {
  const rules = propertiesOf(schedule).RotationRules ?? {};
  const days = numberOf(rules.AutomaticallyAfterDays, 'RotationRules.AutomaticallyAfterDays');
  if (days !== undefined) return days;
  const expression = (stringOf(rules.ScheduleExpression, 'RotationRules.ScheduleExpression') ?? '').trim();
  const rate = /^rate\((\d+) (day|days|hour|hours)\)$/.exec(expression);
  if (rate) return rate[2].startsWith('hour') ? Number(rate[1]) / 24 : Number(rate[1]);
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron && cron[1].split(/\s+/)[3] === '*') return MONTHLY_DAYS;
  throw new UnresolvedValue('RotationRules.ScheduleExpression', expression);
}
