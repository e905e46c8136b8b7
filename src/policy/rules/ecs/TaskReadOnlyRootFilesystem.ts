import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { containerName, containersOf } from '../../resources/ecs';
import { PolicyRule } from '../../rule';
import { booleanOf } from '../../template';

/** ECS-05: containers run with a read-only root file system (acknowledge, with the reason, where impossible). */
export const TaskReadOnlyRootFilesystem: PolicyRule = {
  id: 'ECS11',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The container named in brackets can write to its root file system.',
  fix: () => 'Set ReadonlyRootFilesystem to true (container readonlyRootFilesystem: true) and mount a volume for scratch space; where the image cannot run that way, acknowledge TenantPlatform-ECS11[container] with the reason.',
  explanation: 'A read-only root file system stops an attacker from dropping tools or changing the application inside a running task.',
  check: node => {
    const writable = containersOf(node)
      .filter(container => !booleanOf(container?.ReadonlyRootFilesystem, 'ContainerDefinitions.ReadonlyRootFilesystem'))
      .map(containerName);
    return writable.length === 0 ? NagRuleCompliance.COMPLIANT : writable;
  },
};
