import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isRollingDeployment } from '../../resources/ecs';
import { compliantIf, PolicyRule } from '../../rule';
import { booleanOf, listOf, propertiesOf } from '../../template';

/** ECS-03: deployments watch CloudWatch alarms and roll back when one fires. */
export const ServiceDeploymentAlarms: PolicyRule = {
  id: 'ECS8',
  requirements: ['ECS-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Service'],
  cause: () => 'The ECS service deploys without deployment alarms that roll back.',
  fix: () => 'Configure deployment alarms with rollback on error rate > 5 % (5 min), healthy targets < 50 % (1 min) and P99 > 1000 ms (10 min) (ecs.FargateService: deploymentAlarms: { alarmNames: [...], behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }).',
  explanation: 'The circuit breaker only sees tasks that fail to start; alarms catch a release that starts but serves errors or slowly.',
  check: node => {
    if (!isRollingDeployment(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const alarms = propertiesOf(node).DeploymentConfiguration?.Alarms ?? {};
    const on = booleanOf(alarms.Enable, 'DeploymentConfiguration.Alarms.Enable')
      && booleanOf(alarms.Rollback, 'DeploymentConfiguration.Alarms.Rollback')
      && listOf(alarms.AlarmNames, 'DeploymentConfiguration.Alarms.AlarmNames').length > 0;
    return compliantIf(on);
  },
};
