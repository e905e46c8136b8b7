import { CfnResource } from 'aws-cdk-lib';
import { appResources, referrers } from './references';
import { DATABASE_TYPES } from './resources/database';
import { propertiesOf } from './template';
import { PolicyThresholds } from './thresholds';

/**
 * The tag that declares what a Secrets Manager secret holds, so its rotation period can be checked
 * (DB-05). `ApplicationSecret` sets it; on a raw `AWS::SecretsManager::Secret` set it with
 * `Tags.of(secret).add(SECRET_KIND_TAG, 'api-key')`.
 */
export const SECRET_KIND_TAG = 'tenant-platform:secret-kind';

/** DB-05: the longest rotation period of an API key, in days (the same in every environment). */
export const MAX_API_KEY_ROTATION_DAYS = 180;
/** DB-05: the longest rotation period of a JWT signing key, in days (the same in every environment). */
export const MAX_JWT_SIGNING_KEY_ROTATION_DAYS = 365;

/** The kinds a secret may declare with `SECRET_KIND_TAG`, by tag value, and their longest rotation period in days. */
export function secretKindPeriods(t: PolicyThresholds): { [kind: string]: number } {
  return { 'database': t.maxSecretRotationDays, 'api-key': MAX_API_KEY_ROTATION_DAYS, 'jwt-signing-key': MAX_JWT_SIGNING_KEY_ROTATION_DAYS };
}

/** The value of `SECRET_KIND_TAG` on `secret`, if any. */
export function declaredSecretKind(secret: CfnResource): string | undefined {
  const tags = propertiesOf(secret).Tags;
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((t: any) => t?.Key === SECRET_KIND_TAG);
  return tag === undefined ? undefined : String(tag.Value);
}

/** Whether `secret` is attached to a database as its credentials (TenantPlatform-SM1 checks those). */
export function isDatabaseCredentials(secret: CfnResource): boolean {
  return referrers(secret, appResources(secret, 'AWS::SecretsManager::SecretTargetAttachment'), 'SecretId', p => p.SecretId).matches
    .some(attachment => DATABASE_TYPES.includes(String(propertiesOf(attachment).TargetType)));
}
