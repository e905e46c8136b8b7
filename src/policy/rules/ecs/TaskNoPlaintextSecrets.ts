import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { containerName, containersOf } from '../../resources/ecs';
import { isPlaintextSecret } from '../../resources/secrets';
import { PolicyRule } from '../../rule';
import { listOf } from '../../template';

/** ECS-05: containers take secrets from Secrets Manager (`Secrets`), never from plain environment variables. */
export const TaskNoPlaintextSecrets: PolicyRule = {
  id: 'ECS9',
  requirements: ['ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  cause: () => 'The container environment variable named in brackets (container:VARIABLE) holds a secret in plain text (a literal or a resolved dynamic reference).',
  fix: () => 'Move the value to Secrets Manager and pass it as a container secret (container secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret, \'password\') }).',
  explanation: 'Environment values are visible to anyone who can describe the task definition and end up in logs; ECS injects `Secrets` at start without storing them.',
  check: node => {
    const findings = containersOf(node).flatMap(container =>
      listOf(container?.Environment, 'ContainerDefinitions.Environment')
        .filter(variable => isPlaintextSecret(node, String(variable?.Name), variable?.Value, 'ContainerDefinitions.Environment'))
        .map(variable => `${containerName(container)}:${variable.Name}`));
    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  },
};
