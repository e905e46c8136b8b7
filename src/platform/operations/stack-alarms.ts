import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/** One alarm of a stack as an API call names it. */
export interface StackAlarm {
  /** The alarm's name: the literal name when it has one, else its `Ref` (CloudFormation's generated name). */
  readonly name: string;
  /** The alarm's ARN, for IAM policies. */
  readonly arn: string;
}

/**
 * The metric and composite alarms of `stack` that act when they fire (alarm actions set and not
 * disabled), in construct-path order, except those in `except` and those whose only actions are
 * Application Auto Scaling policies of the stack: a step-scaling alarm scales, it alerts no one.
 * Meant to be called while the template is resolved (from a `Lazy`), when every construct of the
 * app has added its alarms.
 */
export function alarmsWithActions(stack: Stack, except: ReadonlySet<IConstruct> = new Set()): StackAlarm[] {
  const scalingPolicies = new Set(stack.node.findAll()
    .filter((c): c is appscaling.CfnScalingPolicy => c instanceof appscaling.CfnScalingPolicy && Stack.of(c) === stack)
    .map(policy => stack.resolve(policy.logicalId)));
  return stack.node.findAll()
    .filter((c): c is cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm =>
      (c instanceof cloudwatch.CfnAlarm || c instanceof cloudwatch.CfnCompositeAlarm) && Stack.of(c) === stack)
    .filter(alarm => !except.has(alarm) && !except.has(alarm.node.scope!) && acts(stack, alarm, scalingPolicies))
    .map(alarm => ({ name: nameOf(alarm), arn: arnOf(stack, alarm) }));
}

function acts(stack: Stack, alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm, scalingPolicies: ReadonlySet<string>): boolean {
  const enabled = stack.resolve(alarm.actionsEnabled);
  const actions = stack.resolve(alarm.alarmActions);
  // The Ref of a scaling policy is its ARN, the alarm action that runs it.
  const scales = (action: unknown) => typeof action === 'object' && action !== null && scalingPolicies.has((action as { Ref?: string }).Ref ?? '');
  return enabled !== false && Array.isArray(actions) && actions.some(action => !scales(action));
}

function nameOf(alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm): string {
  return alarm.alarmName ?? alarm.ref;
}

function arnOf(stack: Stack, alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm): string {
  const name = alarm.alarmName;
  if (name === undefined || Token.isUnresolved(name)) return alarm.attrArn;
  return stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
