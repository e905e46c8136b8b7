import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { containerName, containersOf } from '../../resources/ecs';
import { PolicyRule } from '../../rule';

/** ECS-05: every container sends its logs somewhere. */
export const TaskContainerLogging: PolicyRule = {
  id: 'ECS10',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The container named in brackets has no log configuration; its output is lost.',
  fix: () => 'Give the container a log driver (container logging: ecs.LogDrivers.awsLogs({ streamPrefix, logGroup }) with retention per LOG-01, or FireLens to Datadog).',
  explanation: 'Without logs an incident in a tenant service cannot be investigated.',
  check: node => {
    const silent = containersOf(node).filter(container => container?.LogConfiguration === undefined).map(containerName);
    return silent.length === 0 ? NagRuleCompliance.COMPLIANT : silent;
  },
};
