import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagMessageLevel } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referencedResources, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** SRV-01, LOG-01: a Lambda function's logs go to a log group the app manages (so its retention is set and checked). */
export const LambdaLogRetention: PolicyRule = {
  id: 'LMB3',
  requirements: ['SRV-01', 'LOG-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::Lambda::Function'],
  cause: () => 'The Lambda function logs to a log group the app does not manage, which Lambda creates with logs kept forever and unchecked.',
  fix: t => `Give the function a log group with retention (lambda.Function: logGroup: new logs.LogGroup(this, 'Logs', { retention: ... ${t.minLogRetentionDays} days or more })).`,
  explanation: 'A log group created implicitly by Lambda has no retention and escapes the LOG-01 check; the app must own it.',
  check: node => compliantIf(managedLogGroup(node)),
};

/**
 * Whether a log group of the app (or a CDK log retention setting) is the function's: named by its
 * `LoggingConfig.LogGroup`, or named `/aws/lambda/<function>` by reference or literally.
 */
function managedLogGroup(fn: CfnResource): boolean {
  const props = propertiesOf(fn);
  const groups = appResources(fn, 'AWS::Logs::LogGroup', 'Custom::LogRetention');
  const configured = props.LoggingConfig?.LogGroup;
  if (typeof configured === 'string') return groups.some(group => propertiesOf(group).LogGroupName === configured);
  if (configured !== undefined) {
    return referencedResources(Stack.of(fn), configured, 'LoggingConfig.LogGroup').some(group => groups.includes(group));
  }
  const name = stringOf(props.FunctionName, 'FunctionName');
  if (name !== undefined && groups.some(group => propertiesOf(group).LogGroupName === `/aws/lambda/${name}`)) return true;
  return matchesOrUnresolved(referrers(fn, groups, 'LogGroupName', p => p.LogGroupName)).length > 0;
}
