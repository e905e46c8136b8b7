import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isRollingDeployment } from '../../resources/ecs';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, propertiesOf } from '../../template';

/** ECS-03: rolling deployments stop and roll back by themselves when tasks fail to start. */
export const ServiceCircuitBreaker: PolicyRule = {
  id: 'ECS6',
  requirements: ['ECS-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => 'The ECS service deploys without the deployment circuit breaker, or the breaker does not roll back.',
  fix: () => 'Enable the circuit breaker with rollback (ecs.FargateService: circuitBreaker: { enable: true, rollback: true }).',
  explanation: 'A broken image must not replace healthy tasks until someone notices; the circuit breaker rolls back automatically.',
  check: node => {
    if (!isRollingDeployment(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const breaker = propertiesOf(node).DeploymentConfiguration?.DeploymentCircuitBreaker ?? {};
    const on = booleanOf(breaker.Enable, 'DeploymentConfiguration.DeploymentCircuitBreaker.Enable')
      && booleanOf(breaker.Rollback, 'DeploymentConfiguration.DeploymentCircuitBreaker.Rollback');
    return compliantIf(on);
  },
};
