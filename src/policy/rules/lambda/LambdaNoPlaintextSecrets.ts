import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isPlaintextSecret } from '../../resources/secrets';
import { PolicyRule } from '../../rule';
import { known, propertiesOf } from '../../template';

/** SRV-04, ECS-05: Lambda environment variables hold no secrets; functions read them from Secrets Manager. */
export const LambdaNoPlaintextSecrets: PolicyRule = {
  id: 'LMB4',
  requirements: ['SRV-04', 'ECS-05'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Lambda::Function'],
  cause: () => 'The environment variable named in brackets holds a secret in plain text (a literal or a resolved dynamic reference).',
  fix: () => 'Store the value in Secrets Manager, pass only its ARN or name (SECRET_ARN: secret.secretArn), grant secret.grantRead(fn) and read it at runtime.',
  explanation: 'Environment variables are visible to anyone who can read the function configuration; secrets belong in Secrets Manager.',
  check: node => {
    const variables = known(propertiesOf(node).Environment?.Variables ?? {}, 'Environment.Variables') as Record<string, unknown>;
    const findings = Object.entries(variables).filter(([name, value]) => isPlaintextSecret(node, name, value, 'Environment.Variables')).map(([name]) => name);
    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  },
};
