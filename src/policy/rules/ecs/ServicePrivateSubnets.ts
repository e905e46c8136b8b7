import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { awsvpcConfigurationOf } from '../../resources/ecs';
import { subnetsArePrivate } from '../../resources/network';
import { PolicyRule } from '../../rule';

/** NET-01: ECS tasks run in private subnets. */
export const ServicePrivateSubnets: PolicyRule = {
  id: 'ECS3',
  requirements: ['NET-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => 'The ECS service places tasks in a public subnet (one that routes to an internet gateway or maps public IPs).',
  fix: () => 'Place the tasks in private subnets (ecs.FargateService: vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).',
  explanation: 'Workloads run in private subnets behind the load balancer.',
  check: node => {
    const awsvpc = awsvpcConfigurationOf(node);
    if (awsvpc === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return subnetsArePrivate(node, awsvpc.Subnets, 'NetworkConfiguration.AwsvpcConfiguration.Subnets');
  },
};
