import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { availabilityZoneOf, subnetsOf } from '../../resources/network';
import { PolicyRule, UnresolvedValue } from '../../rule';

/** NET-02: the VPC's subnets span at least the profile's number of availability zones. */
export const VpcSpansAvailabilityZones: PolicyRule = {
  id: 'VPC2',
  requirements: ['NET-02'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::EC2::VPC'],
  cause: t => `The VPC's subnets span fewer than ${t.minAvailabilityZones} availability zones.`,
  fix: t => `Create subnets in at least ${t.minAvailabilityZones} availability zones (ec2.Vpc: maxAzs: ${t.minAvailabilityZones}, e.g. ap-northeast-1a and ap-northeast-1c).`,
  explanation: 'A single availability zone failure must not take the platform down; the load balancer, tasks and the Multi-AZ database need subnets in two zones or more.',
  check: (node, t) => {
    const zones = subnetsOf(node).map(availabilityZoneOf);
    const known = new Set(zones.filter(zone => zone !== undefined));
    if (known.size >= t.minAvailabilityZones) return NagRuleCompliance.COMPLIANT;
    if (zones.includes(undefined)) throw new UnresolvedValue('AvailabilityZone', undefined);
    return NagRuleCompliance.NON_COMPLIANT;
  },
};
