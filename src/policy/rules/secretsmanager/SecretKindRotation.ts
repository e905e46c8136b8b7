import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { rotationDays, rotationSchedulesOf } from '../../rotation';
import { compliantIf, PolicyRule } from '../../rule';
import { declaredSecretKind, isDatabaseCredentials, SECRET_KIND_TAG, secretKindPeriods } from '../../secret-kinds';
import { PolicyThresholds } from '../../thresholds';

/**
 * DB-05: a secret that declares its kind with the `tenant-platform:secret-kind` tag rotates at least
 * as often as that kind requires: database credentials every `maxSecretRotationDays`, API keys every
 * 180 days, JWT signing keys every 365 days. A secret attached to a database is left to SM1.
 */
export const SecretKindRotation: PolicyRule = {
  id: 'SM2',
  requirements: ['DB-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::SecretsManager::Secret'],
  cause: t => `The secret declares its kind with the ${SECRET_KIND_TAG} tag but does not rotate as often as that kind requires ` +
    `(${periods(t)}), or declares a kind that is not one of these.`,
  fix: t => `Rotate the secret within its kind's period (${periods(t)}): new ApplicationSecret(this, 'ApiKey', { kind: SecretKind.API_KEY, rotationFunction }) ` +
    'or secret.addRotationSchedule(...) with automaticallyAfter at most that period; or correct the tag value.',
  explanation: 'Rotating credentials limits how long a leaked one is useful; database credentials rotate every 90 days, ' +
    '180 days for API keys and a year for JWT signing keys.',
  check: (node, t) => {
    const kind = declaredSecretKind(node);
    if (kind === undefined || isDatabaseCredentials(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const period = secretKindPeriods(t)[kind];
    if (period === undefined) return NagRuleCompliance.NON_COMPLIANT;
    return compliantIf(rotationSchedulesOf(node).some(schedule => rotationDays(schedule) <= period));
  },
};

function periods(t: PolicyThresholds): string {
  return Object.entries(secretKindPeriods(t)).map(([kind, days]) => `${kind}: ${days} days`).join(', ');
}
