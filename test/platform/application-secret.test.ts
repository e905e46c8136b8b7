import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ApplicationSecret, SecretKind } from '../../src';
import { ENV } from '../support/platform';
import { flagged } from '../support/policy';

function rotationFunction(stack: Stack): lambda.IFunction {
  return lambda.Function.fromFunctionArn(stack, 'Rotator', 'arn:aws:lambda:ap-northeast-1:123456789012:function:rotate-api-key');
}

describe('ApplicationSecret', () => {
  test.each([
    [SecretKind.DATABASE, 90, 'database'],
    [SecretKind.API_KEY, 180, 'api-key'],
    [SecretKind.JWT_SIGNING_KEY, 365, 'jwt-signing-key'],
  ])('DB-05: a %s secret rotates every %i days with the function supplied, is tagged with its kind and passes SM1-SM3', (kind, days, tag) => {
    const stack = new Stack(undefined, 'App', { env: ENV });
    new ApplicationSecret(stack, 'Secret', { kind, rotationFunction: rotationFunction(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: 'arn:aws:lambda:ap-northeast-1:123456789012:function:rotate-api-key',
      RotationRules: { ScheduleExpression: `rate(${days} days)` },
    });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { Tags: [{ Key: 'tenant-platform:secret-kind', Value: tag }] },
    });
    expect(['SM1', 'SM2', 'SM3'].flatMap(id => flagged(stack, id))).toEqual([]);
  });

  test('DB-05: a database secret can use a rotation hosted by Secrets Manager, on a shorter period', () => {
    const stack = new Stack(undefined, 'App', { env: ENV });
    new ApplicationSecret(stack, 'Secret', {
      kind: SecretKind.DATABASE, hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), rotationPeriod: Duration.days(30),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: { RotationType: 'PostgreSQLSingleUser' }, RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  const cases: Array<[string, (stack: Stack) => any, RegExp]> = [
    ['a period above the kind\'s', s => ({ kind: SecretKind.API_KEY, rotationFunction: rotationFunction(s), rotationPeriod: Duration.days(200) }),
      /App\/Secret: rotationPeriod 200 days is above 180 days, the ceiling for a api-key secret \(DB-05\)/],
    ['a period under a day', s => ({ kind: SecretKind.API_KEY, rotationFunction: rotationFunction(s), rotationPeriod: Duration.hours(4) }),
      /rotationPeriod 4 hours is below 1 day, the floor of an automatic rotation schedule in days/],
    ['no rotation', () => ({ kind: SecretKind.JWT_SIGNING_KEY }),
      /rotationFunction\/hostedRotation "neither" is given; accepted: exactly one of them \(a jwt-signing-key secret needs rotationFunction: AWS hosts no rotation for it\)/],
    ['both rotations', s => ({ kind: SecretKind.DATABASE, rotationFunction: rotationFunction(s), hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser() }),
      /rotationFunction\/hostedRotation "both" are given; accepted: exactly one of them/],
    ['a hosted rotation for an API key', () => ({ kind: SecretKind.API_KEY, hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser() }),
      /hostedRotation "api-key" is not a kind AWS hosts rotation for; accepted: SecretKind.DATABASE, or pass rotationFunction/],
  ];
  test('DB-05: independent problems are reported together', () => {
    const stack = new Stack(undefined, 'App', { env: ENV });
    expect(() => new ApplicationSecret(stack, 'Secret', {
      kind: SecretKind.API_KEY,
      rotationPeriod: Duration.days(200),
      rotationFunction: rotationFunction(stack),
      hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(),
    })).toThrow(/^App\/Secret: 3 problems:\n- rotationPeriod 200 days is above 180 days.*\n- rotationFunction\/hostedRotation "both" are given.*\n- hostedRotation "api-key" is not a kind AWS hosts rotation for/);
  });

  test.each(cases)('bad input fails at synth: %s', (_, props, message) => {
    const stack = new Stack(undefined, 'App', { env: ENV });
    expect(() => new ApplicationSecret(stack, 'Secret', props(stack))).toThrow(message);
  });
});
