import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

describe('TenantPlatform-SG1 (NET-04)', () => {
  test('NET-04: SSH open to the internet is flagged', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    const group = new ec2.SecurityGroup(stack, 'Bastion', { vpc });
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(flagged(stack, 'SG1')).toEqual([resourcePath(group)]);
  });

  test('NET-04: a separate ingress rule opening a port range to ::/0 is flagged', () => {
    const stack = newStack();
    const ingress = new ec2.CfnSecurityGroupIngress(stack, 'Ingress', {
      groupId: 'sg-12345678', ipProtocol: 'tcp', fromPort: 80, toPort: 443, cidrIpv6: '::/0',
    });
    expect(flagged(stack, 'SG1')).toEqual([ingress.node.path]);
  });

  test('NET-04: HTTPS and HTTP from the internet, and anything from a security group, pass', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    const alb = new ec2.SecurityGroup(stack, 'Alb', { vpc });
    alb.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    alb.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(80));
    new ec2.SecurityGroup(stack, 'App', { vpc }).addIngressRule(alb, ec2.Port.allTcp());
    expect(flagged(stack, 'SG1')).toEqual([]);
  });
});
