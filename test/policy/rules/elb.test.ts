import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { PlatformEnvironment } from '../../../src';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

/** An internet-facing ALB with the hardening EDGE-02 asks for, unless `props` says otherwise. */
function loadBalancer(stack: Stack, props: Partial<elbv2.ApplicationLoadBalancerProps> = {}): elbv2.ApplicationLoadBalancer {
  const vpc = newVpc(stack, { privateSubnetType: undefined });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
    vpc, internetFacing: true, dropInvalidHeaderFields: true, deletionProtection: true, ...props,
  });
}

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:ap-northeast-1:111111111111:certificate/tenant-platform');
}

function httpsListener(alb: elbv2.ApplicationLoadBalancer, sslPolicy?: elbv2.SslPolicy): elbv2.ApplicationListener {
  return alb.addListener('Https', {
    port: 443, certificates: [certificate(alb.stack)], sslPolicy, defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
}

describe('TenantPlatform-ELB1 (EDGE-01)', () => {
  test('EDGE-01: an HTTP listener that serves content is flagged', () => {
    const stack = newStack();
    const listener = loadBalancer(stack).addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    expect(flagged(stack, 'ELB1')).toEqual([resourcePath(listener)]);
  });

  test('EDGE-01: HTTPS with a certificate and an HTTP redirect to 443 pass; plain HTTP is fine in development', () => {
    const stack = newStack();
    const alb = loadBalancer(stack);
    httpsListener(alb, elbv2.SslPolicy.RECOMMENDED_TLS);
    alb.addRedirect();
    expect(flagged(stack, 'ELB1')).toEqual([]);
    const dev = newStack();
    loadBalancer(dev).addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    expect(flagged(dev, 'ELB1', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});

describe('TenantPlatform-ELB2 (EDGE-02)', () => {
  test('EDGE-02: an HTTPS listener with the TLS 1.0 legacy policy, or none, is flagged', () => {
    const stack = newStack();
    const legacy = httpsListener(loadBalancer(stack), elbv2.SslPolicy.LEGACY);
    expect(flagged(stack, 'ELB2')).toEqual([resourcePath(legacy)]);
    const implicit = newStack();
    const listener = httpsListener(loadBalancer(implicit));
    expect(flagged(implicit, 'ELB2')).toEqual([resourcePath(listener)]);
  });

  test('EDGE-02: the recommended TLS 1.2+ policy passes', () => {
    const stack = newStack();
    httpsListener(loadBalancer(stack), elbv2.SslPolicy.RECOMMENDED_TLS);
    expect(flagged(stack, 'ELB2')).toEqual([]);
  });
});

describe('TenantPlatform-ELB3, ELB4 (EDGE-02)', () => {
  test('EDGE-02: an ALB that keeps invalid headers and can be deleted is flagged twice', () => {
    const stack = newStack();
    const alb = loadBalancer(stack, { dropInvalidHeaderFields: false, deletionProtection: false });
    expect(flagged(stack, 'ELB3')).toEqual([resourcePath(alb)]);
    expect(flagged(stack, 'ELB4')).toEqual([resourcePath(alb)]);
  });

  test('EDGE-02: dropping invalid headers with deletion protection passes', () => {
    const stack = newStack();
    loadBalancer(stack);
    expect(flagged(stack, 'ELB3')).toEqual([]);
    expect(flagged(stack, 'ELB4')).toEqual([]);
  });
});

describe('TenantPlatform-ELB5 (EDGE-02)', () => {
  test('EDGE-02: an ALB without access logs is flagged', () => {
    const stack = newStack();
    const alb = loadBalancer(stack);
    expect(flagged(stack, 'ELB5')).toEqual([resourcePath(alb)]);
  });

  test('EDGE-02: access logs to a bucket pass', () => {
    const stack = newStack();
    loadBalancer(stack).logAccessLogs(new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true }));
    expect(flagged(stack, 'ELB5')).toEqual([]);
  });
});

describe('TenantPlatform-ELB6 (MON-01)', () => {
  function targetGroup(stack: Stack): elbv2.ApplicationTargetGroup {
    const alb = loadBalancer(stack);
    const group = new elbv2.ApplicationTargetGroup(stack, 'Tenant', { vpc: alb.vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP });
    httpsListener(alb).addTargetGroups('Tenant', { targetGroups: [group] });
    return group;
  }

  test('MON-01: a target group without a healthy-host alarm is flagged for that metric', () => {
    const stack = newStack();
    const group = targetGroup(stack);
    group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT).createAlarm(stack, 'Errors', { threshold: 10, evaluationPeriods: 1 });
    group.metrics.targetResponseTime({ statistic: 'p99' }).createAlarm(stack, 'Latency', { threshold: 1, evaluationPeriods: 10 });
    expect(flagged(stack, 'ELB6')).toEqual([`${resourcePath(group)}[HealthyHostCount]`]);
  });

  test('MON-01: 5XX, healthy hosts and P99 latency alarms pass', () => {
    const stack = newStack();
    const group = targetGroup(stack);
    group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT).createAlarm(stack, 'Errors', { threshold: 10, evaluationPeriods: 1 });
    group.metrics.healthyHostCount().createAlarm(stack, 'Healthy', { threshold: 2, evaluationPeriods: 1 });
    group.metrics.targetResponseTime({ statistic: 'p99' }).createAlarm(stack, 'Latency', { threshold: 1, evaluationPeriods: 10 });
    expect(flagged(stack, 'ELB6')).toEqual([]);
  });
});

describe('TenantPlatform-WAF1 (EDGE-03)', () => {
  test('EDGE-03: an internet-facing ALB without a web ACL is flagged', () => {
    const stack = newStack();
    const alb = loadBalancer(stack);
    expect(flagged(stack, 'WAF1')).toEqual([resourcePath(alb)]);
  });

  test('EDGE-03: an associated web ACL passes, and an internal ALB needs none', () => {
    const stack = newStack();
    const alb = loadBalancer(stack);
    new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: alb.loadBalancerArn, webAclArn: 'arn:aws:wafv2:ap-northeast-1:111111111111:regional/webacl/platform/1' });
    expect(flagged(stack, 'WAF1')).toEqual([]);
    const internal = newStack();
    loadBalancer(internal, { internetFacing: false });
    expect(flagged(internal, 'WAF1')).toEqual([]);
  });
});

describe('TenantPlatform-S1 (EDGE-02, SRV-02)', () => {
  test('EDGE-02: an access-log bucket that accepts plain HTTP is flagged', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'AccessLogs');
    expect(flagged(stack, 'S1')).toEqual([resourcePath(bucket)]);
  });

  test('EDGE-02: a bucket whose policy denies insecure transport passes', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
    expect(flagged(stack, 'S1')).toEqual([]);
  });
});
