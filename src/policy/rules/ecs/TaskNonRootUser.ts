import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { containerName, containersOf } from '../../resources/ecs';
import { PolicyRule } from '../../rule';
import { stringOf } from '../../template';

/** ECS-05: containers run as a non-root user (acknowledge, with the reason, where impossible). */
export const TaskNonRootUser: PolicyRule = {
  id: 'ECS12',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The container named in brackets runs as root (no User, or user root / 0).',
  fix: () => 'Set User to an unprivileged user or uid (container user: \'1000\'); where the image needs root, acknowledge TenantPlatform-ECS12[container] with the reason.',
  explanation: 'A process running as root turns any code execution bug into full control of the container.',
  check: node => {
    const root = containersOf(node).filter(container => {
      const user = stringOf(container?.User, 'ContainerDefinitions.User');
      return user === undefined || /^(root|0)(:|$)/.test(user);
    }).map(containerName);
    return root.length === 0 ? NagRuleCompliance.COMPLIANT : root;
  },
};
