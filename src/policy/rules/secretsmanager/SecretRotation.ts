import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { rotationSchedulesOf } from '../../rotation';
import { compliantIf, PolicyRule } from '../../rule';
import { declaredSecretKind, isDatabaseCredentials, SECRET_KIND_TAG } from '../../secret-kinds';

/**
 * DB-05: a secret that declares no kind rotates at all. Its period cannot be judged without a kind,
 * so the finding is a warning; SM1 and SM2 check secrets whose kind is known.
 */
export const SecretRotation: PolicyRule = {
  id: 'SM3',
  requirements: ['DB-05'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::SecretsManager::Secret'],
  cause: () => `The secret never rotates, and declares no kind (${SECRET_KIND_TAG} tag) whose rotation period could be checked.`,
  fix: () => `Declare the kind with the ${SECRET_KIND_TAG} tag (database, api-key or jwt-signing-key) and add a rotation schedule ` +
    '(ApplicationSecret does both), or acknowledge the finding with the reason the secret cannot rotate.',
  explanation: 'A secret that never rotates stays useful to whoever leaked it (DB-05: database credentials 90 days, API keys 180, JWT signing keys 365).',
  check: node => {
    if (declaredSecretKind(node) !== undefined || isDatabaseCredentials(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(rotationSchedulesOf(node).length > 0);
  },
};
