import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { awsvpcConfigurationOf } from '../../resources/ecs';
import { compliantIf, PolicyRule } from '../../rule';
import { stringOf } from '../../template';

/** NET-01: ECS tasks get no public IP. */
export const ServiceNoPublicIp: PolicyRule = {
  id: 'ECS2',
  requirements: ['NET-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => 'The ECS service assigns public IP addresses to its tasks.',
  fix: () => 'Set AssignPublicIp to DISABLED (ecs.FargateService: assignPublicIp: false) and reach the internet through NAT gateways.',
  explanation: 'Tasks are reached only through the load balancer; a public IP makes every task directly addressable from the internet.',
  check: node => {
    const awsvpc = awsvpcConfigurationOf(node);
    if (awsvpc === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(stringOf(awsvpc.AssignPublicIp, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp') !== 'ENABLED');
  },
};
