import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** SRV-01: Lambda functions trace with X-Ray. */
export const LambdaTracing: PolicyRule = {
  id: 'LMB2',
  requirements: ['SRV-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Lambda::Function'],
  cause: () => 'The Lambda function has active X-Ray tracing off.',
  fix: () => 'Set TracingConfig.Mode to Active (lambda.Function: tracing: lambda.Tracing.ACTIVE).',
  explanation: 'Traces show where the 200 ms response target of the serverless app is spent.',
  check: node => compliantIf(stringOf(propertiesOf(node).TracingConfig?.Mode, 'TracingConfig.Mode') === 'Active'),
};
