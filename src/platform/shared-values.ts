import { CfnDynamicReference, CfnDynamicReferenceService, CfnOutput, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';

/**
 * How a construct in any stack refers to what the platform shares: its exported values, VPC and
 * key, each import made once per consuming scope (TenantPlatform provides it).
 *
 * @internal
 */
export interface CrossStackImports extends IConstruct {
  /** The shared value `key` as `scope` must refer to it (direct, or imported from the platform stack). */
  _value(scope: Construct, key: string): string;
  /** The platform VPC as `scope`'s stack refers to it. */
  _vpcIn(scope: Construct): ec2.IVpc;
  /** The platform key as `scope`'s stack refers to it. */
  _keyIn(scope: Construct): kms.IKey;
  /** Memoises an import per consuming scope, so a scope never creates the same construct twice. */
  _cached<T>(scope: Construct, key: string, make: () => T): T;
}

/** Where `SharedValues` publishes. */
export interface SharedValuesOptions {
  /** SSM path the values are published under (platform-parameters.ts). */
  readonly parameterPrefix: string;
  /**
   * Whether each value is also a CloudFormation export named `<stack>-<owner id>-<key>`, as tenant
   * stacks synthesized before the SSM parameters imported them (docs/migration-exports-to-ssm.md).
   */
  readonly legacyExports: boolean;
}

/**
 * Values a shared construct (the platform, the database) hands to tenant stacks: each is published as
 * an SSM parameter `<prefix>/<key>` (during the migration also as the earlier export) that tenant
 * stacks read by name at deploy time, so adding or removing a tenant never changes the shared stack.
 * Why not CDK's cross-stack references: docs/migration-exports-to-ssm.md.
 */
export class SharedValues {
  private readonly values = new Map<string, { value: string; parameter: ssm.StringParameter }>();

  public constructor(private readonly owner: Construct, private readonly options: SharedValuesOptions) {}

  /** Publishes `value` under `key` (unique within the owner). */
  public export(key: string, value: string, description: string): void {
    if (this.values.has(key)) throw new Error(`${this.owner.node.path}: value "${key}" is exported twice`);
    if (this.options.legacyExports) {
      new CfnOutput(this.owner, `Export${key}`, { value, exportName: `${Stack.of(this.owner).stackName}-${this.owner.node.id}-${key}`, description });
    }
    const parameter = new ssm.StringParameter(this.owner, `Parameter${key}`, {
      parameterName: this.parameterName(key),
      stringValue: value,
      description,
    });
    this.values.set(key, { value, parameter });
  }

  /** The SSM parameter name of `key`. */
  public parameterName(key: string): string {
    return `${this.options.parameterPrefix}/${key}`;
  }

  /**
   * The parameter of `key` itself as `consumer`'s stack refers to it, for a reader that resolves it
   * later than the deployment (ECS injects a parameter into a container when the task starts).
   */
  public parameterIn(consumer: Construct, key: string): ssm.IStringParameter {
    const entry = this.entry(key);
    if (Stack.of(consumer) === Stack.of(this.owner)) return entry.parameter;
    this.readFrom(consumer);
    return sharedParameterIn(consumer, key, this.parameterName(key));
  }

  /** The value of `key` as `consumer`'s stack must refer to it: direct, or read from its SSM parameter at deploy time. */
  public valueIn(consumer: Construct, key: string): string {
    const entry = this.entry(key);
    if (Stack.of(consumer) === Stack.of(this.owner)) return entry.value;
    this.readFrom(consumer);
    return readParameter(consumer, this.parameterName(key));
  }

  /**
   * The value of `key` as a dynamic reference `{{resolve:ssm:<name>}}` in `consumer`'s stack, for
   * properties that policy checks require to be a string (AWS Control Tower's CT.CLOUDWATCH.PR.3
   * accepts a log group key that is a string or a key of the same template, not a template parameter).
   * CloudFormation resolves it, like a parameter, when the stack is created or updated; a template
   * holds at most 60 dynamic references, so only such properties use it.
   */
  public dynamicReferenceIn(consumer: Construct, key: string): string {
    const entry = this.entry(key);
    if (Stack.of(consumer) === Stack.of(this.owner)) return entry.value;
    this.readFrom(consumer);
    return parameterReference(this.parameterName(key));
  }

  private readFrom(consumer: Construct): void {
    assertSameEnvironment(this.owner, consumer);
    // The reading stack deploys after the stack that publishes the parameter (`cdk deploy --all`);
    // between stacks this is a stack dependency (`Stack#addDependency` is deprecated in later releases).
    // Across stages (CDK Pipelines) no dependency may be declared: the pipeline orders its stages.
    if (Stage.of(consumer) === Stage.of(this.owner)) Stack.of(consumer).node.addDependency(Stack.of(this.owner));
  }

  private entry(key: string): { value: string; parameter: ssm.StringParameter } {
    const entry = this.values.get(key);
    if (!entry) throw new Error(`${this.owner.node.path}: no shared value "${key}"`);
    return entry;
  }
}

/** The SSM parameter `name` as `consumer`'s stack reads it at deploy time (an `AWS::SSM::Parameter::Value<String>` template parameter). */
export function readParameter(consumer: Construct, name: string): string {
  return ssm.StringParameter.valueForStringParameter(consumer, name);
}

/**
 * The SSM parameter `name` of the shared value `key` as `consumer`'s stack refers to it (see `SharedValues.parameterIn`).
 * Its value, if read, is a dynamic reference: otherwise aws-cdk-lib 2.269 (the peer dependency floor) adds a template
 * parameter for it whether or not it is read, which CloudFormation's validation reports as unused (W2001) in every tenant stack.
 */
export function sharedParameterIn(consumer: Construct, key: string, name: string): ssm.IStringParameter {
  return ssm.StringParameter.fromStringParameterAttributes(consumer, `SharedParameter${key}`, { parameterName: name, forceDynamicReference: true });
}

/** The SSM parameter `name` as a dynamic reference `{{resolve:ssm:<name>}}` (see `SharedValues.dynamicReferenceIn`). */
export function parameterReference(name: string): string {
  return new CfnDynamicReference(CfnDynamicReferenceService.SSM, name).toString();
}

function assertSameEnvironment(owner: Construct, consumer: Construct): void {
  const a = Stack.of(owner);
  const b = Stack.of(consumer);
  const same = (x: string, y: string) => Token.isUnresolved(x) || Token.isUnresolved(y) || x === y;
  if (!same(a.account, b.account) || !same(a.region, b.region)) {
    throw new Error(`${consumer.node.path}: stack ${b.stackName} (${b.account}/${b.region}) must be in the same account and region as ` +
      `${owner.node.path} (${a.account}/${a.region}); SSM parameters are read in the reading stack's own account and region`);
  }
}
