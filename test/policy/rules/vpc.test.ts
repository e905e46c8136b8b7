import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PlatformEnvironment } from '../../../src';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

describe('TenantPlatform-VPC1 (NET-01)', () => {
  test('NET-01: a subnet that maps public IPs on launch is flagged', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 2 });
    expect(flagged(stack, 'VPC1')).toEqual(vpc.publicSubnets.map(resourcePath));
  });

  test('NET-01: subnets that never map public IPs pass', () => {
    const stack = newStack();
    newVpc(stack, { natGateways: 2 });
    expect(flagged(stack, 'VPC1')).toEqual([]);
  });
});

describe('TenantPlatform-VPC2 (NET-02, warning)', () => {
  test('NET-02: a VPC in one availability zone is a warning', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    expect(flagged(stack, 'VPC2')).toEqual([resourcePath(vpc)]);
  });

  test('NET-02: a VPC across two availability zones passes', () => {
    const stack = newStack();
    newVpc(stack);
    expect(flagged(stack, 'VPC2')).toEqual([]);
  });

  test('NET-02: subnets without a known zone are reported as unresolved, not passed', () => {
    const stack = newStack();
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnSubnet(stack, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24' });
    expect(flagged(stack, 'VPC2')).toEqual([`${vpc.node.path}[Unresolved:AvailabilityZone]`]);
  });
});

describe('TenantPlatform-VPC3 (NET-02, warning)', () => {
  test('NET-02: one NAT gateway for two zones is a warning in production', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { natGateways: 1 });
    expect(flagged(stack, 'VPC3')).toEqual([resourcePath(vpc)]);
  });

  test('NET-02: a NAT gateway per zone passes', () => {
    const stack = newStack();
    newVpc(stack, { natGateways: 2 });
    expect(flagged(stack, 'VPC3')).toEqual([]);
  });

  test('NET-02: one NAT gateway is allowed in development', () => {
    const stack = newStack();
    newVpc(stack, { natGateways: 1 });
    expect(flagged(stack, 'VPC3', { environment: PlatformEnvironment.DEVELOPMENT })).toEqual([]);
  });
});

describe('TenantPlatform-VPC4 (NET-03)', () => {
  test('NET-03: a VPC without flow logs is flagged', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    expect(flagged(stack, 'VPC4')).toEqual([resourcePath(vpc)]);
  });

  test('NET-03: flow logs of rejected traffic only are flagged', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    vpc.addFlowLog('FlowLog', { trafficType: ec2.FlowLogTrafficType.REJECT });
    expect(flagged(stack, 'VPC4')).toEqual([resourcePath(vpc)]);
  });

  test('NET-03: flow logs of all traffic to CloudWatch Logs pass', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogs')) });
    expect(flagged(stack, 'VPC4')).toEqual([]);
  });
});
