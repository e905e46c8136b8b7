import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** NET-01: no subnet hands out public IPs; only load balancers and NAT gateways get public addresses. */
export const SubnetNoPublicIpOnLaunch: PolicyRule = {
  id: 'VPC1',
  requirements: ['NET-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::EC2::Subnet'],
  cause: () => 'The subnet assigns a public IP address to every instance or task launched in it.',
  fix: () => 'Set MapPublicIpOnLaunch to false (ec2.Vpc subnetConfiguration: mapPublicIpOnLaunch: false); load balancers and NAT gateways get their public addresses without it.',
  explanation: 'Workloads run in private subnets and are reached only through the load balancer; an automatic public IP exposes any instance or task placed in the subnet by mistake.',
  check: node => booleanOf(propertiesOf(node).MapPublicIpOnLaunch, 'MapPublicIpOnLaunch')
    ? NagRuleCompliance.NON_COMPLIANT
    : NagRuleCompliance.COMPLIANT,
};
