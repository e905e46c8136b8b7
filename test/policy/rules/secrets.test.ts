import { Duration, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PlatformEnvironment } from '../../../src';
import { findings, flagged, newStack, resourcePath } from '../../support/policy';

const ROTATOR = 'arn:aws:lambda:ap-northeast-1:111111111111:function:rotate';

/** A raw secret tagged with `kind` (when given), rotating every `days` (when given). */
function secret(kind: string | undefined, days: number | undefined) {
  const stack = newStack();
  const s = new secretsmanager.Secret(stack, 'Secret');
  if (kind !== undefined) Tags.of(s).add('tenant-platform:secret-kind', kind);
  if (days !== undefined) {
    s.addRotationSchedule('Rotation', { rotationLambda: lambda.Function.fromFunctionArn(stack, 'Rotator', ROTATOR), automaticallyAfter: Duration.days(days) });
  }
  // Tags.of() is an aspect: synthesize so the tag is on the resource, as it is when the pack runs as a plugin.
  Template.fromStack(stack);
  return { stack, path: resourcePath(s) };
}

describe('TenantPlatform-SM2 (DB-05)', () => {
  test.each([['api-key', 180], ['jwt-signing-key', 365], ['database', 90]])('DB-05: a %s secret rotating every %i days passes', (kind, days) => {
    const { stack } = secret(kind as string, days as number);
    expect(flagged(stack, 'SM2')).toEqual([]);
  });

  test.each([['api-key', 181], ['jwt-signing-key', 400], ['database', 91]])('DB-05: a %s secret rotating every %i days is flagged', (kind, days) => {
    const { stack, path } = secret(kind as string, days as number);
    expect(flagged(stack, 'SM2')).toEqual([path]);
  });

  test('DB-05: a secret of a declared kind that never rotates, or of a kind that does not exist, is flagged', () => {
    const never = secret('api-key', undefined);
    expect(flagged(never.stack, 'SM2')).toEqual([never.path]);
    const unknown = secret('password', 30);
    expect(flagged(unknown.stack, 'SM2')).toEqual([unknown.path]);
  });

  test('DB-05: the database period follows the policy thresholds (365 days in DEVELOPMENT)', () => {
    const { stack } = secret('database', 300);
    expect(flagged(stack, 'SM2')).toHaveLength(1);
    expect(flagged(stack, 'SM2', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});

describe('TenantPlatform-SM3 (DB-05)', () => {
  test('DB-05: a secret that declares no kind and never rotates is a warning', () => {
    const { stack, path } = secret(undefined, undefined);
    expect(findings(stack).filter(f => f.ruleName === 'TenantPlatform-SM3')).toEqual([expect.objectContaining({ severity: 'warning', constructPath: path })]);
  });

  test('DB-05: a secret that declares no kind but rotates passes, and a declared kind is left to SM2', () => {
    expect(flagged(secret(undefined, 30).stack, 'SM3')).toEqual([]);
    expect(flagged(secret('api-key', undefined).stack, 'SM3')).toEqual([]);
  });
});
