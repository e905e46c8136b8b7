import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
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
 * disabled), in construct-path order, except those in `except`. Meant to be called while the
 * template is resolved (from a `Lazy`), when every construct of the app has added its alarms.
 */
export function alarmsWithActions(stack: Stack, except: ReadonlySet<IConstruct> = new Set()): StackAlarm[] {
  return stack.node.findAll()
    .filter((c): c is cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm =>
      (c instanceof cloudwatch.CfnAlarm || c instanceof cloudwatch.CfnCompositeAlarm) && Stack.of(c) === stack)
    .filter(alarm => !except.has(alarm) && !except.has(alarm.node.scope!) && acts(stack, alarm))
    .map(alarm => ({ name: nameOf(alarm), arn: arnOf(stack, alarm) }));
}

function acts(stack: Stack, alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm): boolean {
  const enabled = stack.resolve(alarm.actionsEnabled);
  const actions = stack.resolve(alarm.alarmActions);
  return enabled !== false && Array.isArray(actions) && actions.length > 0;
}

function nameOf(alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm): string {
  return alarm.alarmName ?? alarm.ref;
}

function arnOf(stack: Stack, alarm: cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm): string {
  const name = alarm.alarmName;
  if (name === undefined || Token.isUnresolved(name)) return alarm.attrArn;
  return stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
