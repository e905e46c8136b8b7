import { CfnElement, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { shellQuote } from './shell-words';

/**
 * A value a runbook command needs that is only known after deploy (a cluster name, a service ARN,
 * a stack output). The runbook shows the `aws cloudformation` call that looks it up in this
 * deployment's real stack, so no command ever contains a placeholder such as `<cluster>`.
 */
export class ResourceLookup {
  /**
   * The physical id of `resource` — what CloudFormation's `Ref` returns (a cluster or log group
   * name, a service or load balancer ARN, a DB instance identifier) — read with
   * `aws cloudformation describe-stack-resource`.
   *
   * @param resource a CloudFormation resource or a construct wrapping one, defined in this app
   */
  public static physicalId(resource: IConstruct): ResourceLookup {
    return new ResourceLookup(cfnResourceOf(resource, 'ResourceLookup.physicalId'), 'resource');
  }

  /** The value of `output`, read with `aws cloudformation describe-stacks`. */
  public static stackOutput(output: CfnOutput): ResourceLookup {
    stackOf(output, 'ResourceLookup.stackOutput');
    return new ResourceLookup(output, 'output');
  }

  /**
   * `value` itself when it is known at synth (an imported ARN), otherwise the physical id of
   * `resource` (the construct that creates it in this app).
   */
  public static valueOrPhysicalId(value: string, resource: IConstruct): ResourceLookup {
    return Token.isUnresolved(value) ? ResourceLookup.physicalId(resource) : ResourceLookup.literal(value);
  }

  /** A value known at synth, e.g. a name set explicitly. */
  public static literal(value: string): ResourceLookup {
    if (Token.isUnresolved(value)) {
      throw new Error(`ResourceLookup.literal: "${value}" is a deploy-time value; use ResourceLookup.physicalId or stackOutput`);
    }
    return new ResourceLookup(value, 'literal');
  }

  private constructor(private readonly source: CfnElement | string, private readonly kind: 'resource' | 'output' | 'literal') {}

  /**
   * The shell expression for the value, as seen from a runbook of stack `from`: a quoted literal or
   * a `$(aws cloudformation ...)` command substitution.
   *
   * @internal
   */
  public _toShell(from: Stack): string {
    if (typeof this.source === 'string') return shellQuote(this.source);
    const stack = Stack.of(this.source);
    const stackName = stack.resolve(stack.stackName);
    const logicalId = stack.resolve(this.source.logicalId);
    if (typeof stackName !== 'string' || typeof logicalId !== 'string') {
      throw new Error(`${this.source.node.path}: its stack name or logical id is not known at synth, so a runbook cannot look it up`);
    }
    const region = !Token.isUnresolved(stack.region) && stack.region !== from.region ? ` --region ${stack.region}` : '';
    if (this.kind === 'output') {
      return `$(aws cloudformation describe-stacks --stack-name ${shellQuote(stackName)}${region} ` +
        `--query "Stacks[0].Outputs[?OutputKey=='${logicalId}'].OutputValue" --output text)`;
    }
    return `$(aws cloudformation describe-stack-resource --stack-name ${shellQuote(stackName)}${region} ` +
      `--logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text)`;
  }
}

function cfnResourceOf(resource: IConstruct, caller: string): CfnResource {
  const cfn = CfnResource.isCfnResource(resource) ? resource : resource.node.defaultChild;
  if (!cfn || !CfnResource.isCfnResource(cfn)) {
    throw new Error(`${caller}: ${resource.node.path} has no CloudFormation resource of its own ` +
      '(an imported resource?); pass the construct that creates it in this app');
  }
  stackOf(cfn, caller);
  return cfn;
}

function stackOf(element: IConstruct, caller: string): Stack {
  const stack = Stack.of(element);
  if (stack.nested) {
    throw new Error(`${caller}: ${element.node.path} is in a nested stack; runbook lookups support top-level stacks only`);
  }
  return stack;
}
