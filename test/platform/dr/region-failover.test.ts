import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DisruptionType, RegionFailoverOptions } from '../../../src';
import { DrFixture, drFixture, protectedFixture } from '../../support/dr';

/** The standby ALB of the platform in ap-northeast-3 (ELB's canonical zone there). */
const OSAKA_ALB = route53.RecordTarget.fromAlias({
  bind: () => ({ dnsName: 'saas-osaka-123456.ap-northeast-3.elb.amazonaws.com', hostedZoneId: 'Z5LXEXXYW11ES', evaluateTargetHealth: true }),
});

function failoverOptions({ stack }: DrFixture, overrides: Partial<RegionFailoverOptions> = {}): RegionFailoverOptions {
  return {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'acme',
    secondary: OSAKA_ALB,
    healthCheckDomainName: 'acme.tokyo.example.com',
    ...overrides,
  };
}

describe('a region failover for acme.example.com', () => {
  const fixture = protectedFixture();
  fixture.dr.addRegionFailover('Acme', failoverOptions(fixture));
  const template = Template.fromStack(fixture.stack);

  test('DR-03: Route 53 probes the primary region over HTTPS at /health', () => {
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'acme.tokyo.example.com',
        Port: 443,
        ResourcePath: '/health',
        EnableSNI: true,
        RequestInterval: 30,
        FailureThreshold: 3,
      },
    });
  });

  test('DR-03: a PRIMARY record to the platform load balancer guarded by the health check, a SECONDARY record to the recovery region', () => {
    const healthCheck = Object.keys(template.findResources('AWS::Route53::HealthCheck'))[0];
    const alb = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0];
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'acme.example.com.',
      Type: 'A',
      Failover: 'PRIMARY',
      SetIdentifier: 'primary-ap-northeast-1',
      HealthCheckId: { Ref: healthCheck },
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [alb, 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [alb, 'CanonicalHostedZoneID'] },
        EvaluateTargetHealth: true,
      },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'acme.example.com.',
      Failover: 'SECONDARY',
      SetIdentifier: 'secondary-ap-northeast-3',
      HealthCheckId: Match.absent(),
      AliasTarget: { DNSName: 'saas-osaka-123456.ap-northeast-3.elb.amazonaws.com', HostedZoneId: 'Z5LXEXXYW11ES', EvaluateTargetHealth: true },
    });
  });

  test('DR-03: with automatic DNS failover the region RTO counts 3 minutes for DNS instead of 15', () => {
    const region = fixture.dr.recoveries[0].recoveries.find(r => r.disruption === DisruptionType.REGION)!;
    expect(region.achievableRto!.toMinutes()).toBe(25 + 10 + 60 + 3);
    expect(region.mechanism).toContain('Route 53 failover 3 minutes');
  });
});

describe('DR-03 bad failover input fails at synth', () => {
  test('a failover without a recovery region', () => {
    const fixture = drFixture({ dr: { copyToRegion: undefined } });
    expect(() => fixture.dr.addRegionFailover('Acme', failoverOptions(fixture)))
      .toThrow('Shared/Dr: addRegionFailover(Acme): copyToRegion undefined must be set on the DrPlan: the secondary record points to the recovery region');
  });

  test('a health check on the failover name itself', () => {
    const fixture = drFixture();
    expect(() => fixture.dr.addRegionFailover('Acme', failoverOptions(fixture, { healthCheckDomainName: 'acme.example.com' })))
      .toThrow('healthCheckDomainName "acme.example.com" is the failover name itself; probe a name that reaches only this region, or the check follows the failover and flaps');
  });

  test('every bad failover prop is named in one error', () => {
    const fixture = drFixture();
    expect(() => fixture.dr.addRegionFailover('Acme', failoverOptions(fixture, { healthCheckPath: 'health', healthCheckDomainName: 'acme.example.com' })))
      .toThrow(/: 2 problems:\n- healthCheckPath "health" must match .* \(a path starting with \/\)\n- healthCheckDomainName "acme.example.com" is the failover name itself; /);
  });
});
