import { Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/** A custom-resource provider: a traced handler behind aws-cdk-lib's provider framework. */
export interface ProviderFrameworkParts {
  /** The construct the provider's acknowledgements are recorded on (inherited by its children). */
  readonly scope: IConstruct;
  readonly handler: lambda.Function;
  /** The provider framework's `framework-onEvent` function. */
  readonly frameworkFunction: IConstruct;
  /** What the handler does, for the reasons, e.g. `Datadog` or `tenant database`. */
  readonly handlerLabel: string;
  /** Whether the functions run in a VPC (they then use the AWS managed VPC access role). */
  readonly inVpc: boolean;
}

/**
 * Acknowledges the AwsSolutions and TenantPlatform findings every provider of this library raises
 * by using aws-cdk-lib's provider framework: X-Ray without resource-level permissions, the AWS
 * managed execution roles, the framework's invoke of its handler's versions, its pinned runtime
 * and its untraced relay function. One place, so the providers' reasons cannot drift apart.
 */
export function acknowledgeProviderFramework(parts: ProviderFrameworkParts): void {
  const ack = (id: string, reason: string) => Validations.of(parts.scope).acknowledge({ id, reason });
  Validations.of(parts.handler).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active X-Ray tracing of the handler (SRV-01) needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
  });
  Validations.of(parts.frameworkFunction).acknowledge({
    id: 'TenantPlatform::TenantPlatform-LMB2',
    reason: `The CDK provider framework function only relays CloudFormation events to the ${parts.handlerLabel} handler, which is traced; ` +
      'aws-cdk-lib offers no tracing setting for the framework function.',
  });
  ack('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The CDK provider framework and its handler use the AWS managed basic execution role to write their own logs; it grants nothing else.');
  if (parts.inVpc) {
    ack('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'A Lambda function in a VPC needs the AWS managed VPC access role to manage its network interfaces.');
  }
  const stack = Stack.of(parts.scope);
  const handlerLogicalId = stack.resolve(stack.getLogicalId(parts.handler.node.defaultChild as lambda.CfnFunction));
  ack(`AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
    'The CDK provider framework invokes every version of its own onEvent handler; the wildcard covers versions of that one function only.');
  ack('AwsSolutions-L1',
    `The CDK provider framework pins the Node.js runtime of its own Lambda; the ${parts.handlerLabel} handler itself uses the latest runtime of the region.`);
}
