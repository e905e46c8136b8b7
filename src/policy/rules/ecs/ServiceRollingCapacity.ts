import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isRollingDeployment } from '../../resources/ecs';
import { compliantIf, PolicyRule } from '../../rule';
import { numberOf, propertiesOf } from '../../template';

/** ECS-03: the rolling deployment keeps 100 % healthy and may start up to 200 %. */
const MIN_HEALTHY_PERCENT = 100;
const MAX_PERCENT = 200;

/** ECS-03: rolling deployments never drop below full capacity (min healthy 100 %, max 200 %). */
export const ServiceRollingCapacity: PolicyRule = {
  id: 'ECS7',
  requirements: ['ECS-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => `The ECS service's rolling deployment lets healthy capacity drop below ${MIN_HEALTHY_PERCENT} % or caps it below ${MAX_PERCENT} %.`,
  fix: () => `Set MinimumHealthyPercent to ${MIN_HEALTHY_PERCENT} and MaximumPercent to ${MAX_PERCENT} (ecs.FargateService: minHealthyPercent: ${MIN_HEALTHY_PERCENT}, maxHealthyPercent: ${MAX_PERCENT}) or leave them unset.`,
  explanation: 'A deployment must not cost the tenant capacity: new tasks start before old ones stop.',
  check: node => {
    if (!isRollingDeployment(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const config = propertiesOf(node).DeploymentConfiguration ?? {};
    const minHealthy = numberOf(config.MinimumHealthyPercent, 'DeploymentConfiguration.MinimumHealthyPercent') ?? MIN_HEALTHY_PERCENT;
    const max = numberOf(config.MaximumPercent, 'DeploymentConfiguration.MaximumPercent') ?? MAX_PERCENT;
    return compliantIf(minHealthy >= MIN_HEALTHY_PERCENT && max >= MAX_PERCENT);
  },
};
