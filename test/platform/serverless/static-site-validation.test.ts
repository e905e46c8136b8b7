import { App, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PlatformEnvironment, ServerlessAlerting, StaticSite } from '../../../src';

describe('StaticSite validation', () => {
  test('every bad prop is named in one error, thrown before any resource is built', () => {
    const stack = new Stack(new App(), 'Edge', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const alerting = new ServerlessAlerting(stack, 'Alerting', {
      environment: PlatformEnvironment.PRODUCTION, notifications: { criticalEmails: ['oncall@example.com'] }, budget: false,
    });
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    expect(() => new StaticSite(stack, 'Site', {
      alerting,
      hostedZone,
      domainName: 'App.Example.com',
      defaultTtl: Duration.days(400),
      wafRateLimit: 99,
      errorRatePercent: 0,
    })).toThrow(new RegExp([
      '^Edge/Site: 5 problems:',
      '- stack region "ap-northeast-1" must be us-east-1: .*',
      '- domainName "App.Example.com" must be a lowercase DNS name such as study-tracker.com',
      '- defaultTtl 400 days must be from 0 seconds to 365 days',
      '- wafRateLimit 99 must be an integer from 100 to 2000000000 \\(requests per 5 minutes\\)',
      '- errorRatePercent 0 must be a percentage above 0, at most 100$',
    ].join('\n')));
    expect(stack.node.findChild('Site').node.children).toEqual([]);
  });
});
