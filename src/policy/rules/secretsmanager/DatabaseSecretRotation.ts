import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referrers } from '../../references';
import { DATABASE_TYPES } from '../../resources/database';
import { compliantIf, PolicyRule, UnresolvedValue } from '../../rule';
import { numberOf, propertiesOf, stringOf } from '../../template';

/** DB-05: a secret holding database credentials rotates at least every `maxSecretRotationDays`. */
export const DatabaseSecretRotation: PolicyRule = {
  id: 'SM1',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::SecretsManager::Secret'],
  cause: t => `The secret holds database credentials but does not rotate at least every ${t.maxSecretRotationDays} days.`,
  fix: t => `Add a rotation schedule of ${t.maxSecretRotationDays} days or less (db.addRotationSingleUser({ automaticallyAfter: Duration.days(${t.maxSecretRotationDays}) })).`,
  explanation: 'Rotating database credentials limits how long a leaked password is useful (seed 001 §3: 90 days).',
  check: (node, t) => {
    const attachments = referrers(node, appResources(node, 'AWS::SecretsManager::SecretTargetAttachment'), 'SecretId', p => p.SecretId).matches
      .filter(attachment => DATABASE_TYPES.includes(String(propertiesOf(attachment).TargetType)));
    if (attachments.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    // A schedule may name the secret or its attachment (whose Ref is the secret's ARN), as CDK does.
    const schedules = [node, ...attachments].flatMap(secret => schedulesOf(secret));
    if (schedules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    return compliantIf(schedules.some(schedule => rotationDays(schedule) <= t.maxSecretRotationDays));
  },
};

function schedulesOf(secret: CfnResource): CfnResource[] {
  return matchesOrUnresolved(referrers(secret, appResources(secret, 'AWS::SecretsManager::RotationSchedule'), 'SecretId', p => p.SecretId));
}

/** The longest gap of a cron schedule that runs every month (`cron(min hour dom month dow year)` with month `*`). */
const MONTHLY_DAYS = 31;

/**
 * The longest rotation period of a schedule, in days: `AutomaticallyAfterDays`, a `rate(...)`
 * expression, or a cron expression that runs every month. Other cron expressions throw
 * `UnresolvedValue`: their period is for a human to judge.
 */
function rotationDays(schedule: CfnResource): number {
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
