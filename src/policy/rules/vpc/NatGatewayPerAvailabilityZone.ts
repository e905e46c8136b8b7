import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { designatedResource } from '../../references';
import { availabilityZoneOf, routesOf, subnetsOf } from '../../resources/network';
import { PolicyRule, UnresolvedValue } from '../../rule';
import { propertiesOf } from '../../template';

/** NET-02: private subnets reach the internet through a NAT gateway in their own availability zone. */
export const NatGatewayPerAvailabilityZone: PolicyRule = {
  id: 'VPC3',
  requirements: ['NET-02'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::EC2::VPC'],
  cause: () => 'Private subnets send internet traffic through a NAT gateway in another availability zone (fewer NAT gateways than zones).',
  fix: () => 'Create one NAT gateway per availability zone (ec2.Vpc: natGateways equal to maxAzs); a single NAT gateway is for development only.',
  explanation: 'With one NAT gateway, the loss of its zone cuts every private subnet off the internet (image pulls, Datadog, AWS APIs without endpoints).',
  check: (node, t) => {
    if (!t.requireNatGatewayPerAz) return NagRuleCompliance.NOT_APPLICABLE;
    let routesThroughNat = false;
    for (const subnet of subnetsOf(node)) {
      for (const route of routesOf(subnet)) {
        const natGatewayId = propertiesOf(route).NatGatewayId;
        if (natGatewayId === undefined) continue;
        routesThroughNat = true;
        const natGateway = designatedResource(route, natGatewayId, 'NatGatewayId', 'AWS::EC2::NatGateway');
        const natSubnet = designatedResource(natGateway, propertiesOf(natGateway).SubnetId, 'SubnetId', 'AWS::EC2::Subnet');
        const [zone, natZone] = [availabilityZoneOf(subnet), availabilityZoneOf(natSubnet)];
        if (zone === undefined || natZone === undefined) throw new UnresolvedValue('AvailabilityZone', undefined);
        if (zone !== natZone) return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return routesThroughNat ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
  },
};
