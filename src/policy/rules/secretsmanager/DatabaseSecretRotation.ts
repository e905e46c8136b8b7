import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, referrers } from '../../references';
import { DATABASE_TYPES } from '../../resources/database';
import { rotationDays, rotationSchedulesOf } from '../../rotation';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf } from '../../template';

/** DB-05: a secret holding database credentials rotates at least every `maxSecretRotationDays`. */
export const DatabaseSecretRotation: PolicyRule = {
  id: 'SM1',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::SecretsManager::Secret'],
  cause: t => `The secret holds database credentials but does not rotate at least every ${t.maxSecretRotationDays} days.`,
  fix: t => `Add a rotation schedule of ${t.maxSecretRotationDays} days or less (db.addRotationSingleUser({ automaticallyAfter: Duration.days(${t.maxSecretRotationDays}) })).`,
  explanation: 'Rotating database credentials limits how long a leaked password is useful: 90 days at most.',
  check: (node, t) => {
    const attachments = referrers(node, appResources(node, 'AWS::SecretsManager::SecretTargetAttachment'), 'SecretId', p => p.SecretId).matches
      .filter(attachment => DATABASE_TYPES.includes(String(propertiesOf(attachment).TargetType)));
    if (attachments.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    // A schedule may name the secret or its attachment (whose Ref is the secret's ARN), as CDK does.
    const schedules = [node, ...attachments].flatMap(secret => rotationSchedulesOf(secret));
    if (schedules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    return compliantIf(schedules.some(schedule => rotationDays(schedule) <= t.maxSecretRotationDays));
  },
};
