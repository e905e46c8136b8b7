import { Duration } from 'aws-cdk-lib';
import { EnvironmentProfiles, PlatformEnvironment } from '../../src';

test('ECS-07: every environment has a profile and production carries the production floors', () => {
  for (const env of Object.values(PlatformEnvironment)) {
    expect(EnvironmentProfiles.of(env).environment).toBe(env);
  }
  const prod = EnvironmentProfiles.of(PlatformEnvironment.PRODUCTION);
  expect(prod.multiAz).toBe(true);
  expect(prod.natGateways).toBe(prod.maxAzs);
  expect(prod.minBackupRetention.toDays()).toBe(Duration.days(30).toDays());
  expect(prod.minLogRetentionDays).toBe(30);
  expect(prod.minCapacityFloor).toBe(2);
});

test('an unknown environment is rejected with the accepted values', () => {
  expect(() => EnvironmentProfiles.of('prod' as PlatformEnvironment)).toThrow(/"prod" is not one of development, staging, production/);
});
