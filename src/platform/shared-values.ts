import { CfnOutput, Fn, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
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

/**
 * Values a shared construct (the platform, the database) hands to tenant stacks.
 *
 * Each value is exported from the owner's stack under a stable name when the owner is created, and
 * tenant stacks import it by that name. CDK's automatic cross-stack references would instead add
 * an export to the shared stack the first time a tenant uses a value (and remove it with the last
 * one), so adding or removing a tenant would change the shared stack's template.
 */
export class SharedValues {
  private readonly values = new Map<string, { value: string; exportName: string }>();

  public constructor(private readonly owner: Construct) {}

  /** Exports `value` under `key` (unique within the owner). */
  public export(key: string, value: string, description: string): void {
    if (this.values.has(key)) throw new Error(`${this.owner.node.path}: value "${key}" is exported twice`);
    const exportName = `${Stack.of(this.owner).stackName}-${this.owner.node.id}-${key}`;
    new CfnOutput(this.owner, `Export${key}`, { value, exportName, description });
    this.values.set(key, { value, exportName });
  }

  /** The value of `key` as `consumer`'s stack must refer to it. */
  public valueIn(consumer: Construct, key: string): string {
    const entry = this.values.get(key);
    if (!entry) throw new Error(`${this.owner.node.path}: no shared value "${key}"`);
    if (Stack.of(consumer) === Stack.of(this.owner)) return entry.value;
    assertSameEnvironment(this.owner, consumer);
    return Fn.importValue(entry.exportName);
  }
}

function assertSameEnvironment(owner: Construct, consumer: Construct): void {
  const a = Stack.of(owner);
  const b = Stack.of(consumer);
  const same = (x: string, y: string) => Token.isUnresolved(x) || Token.isUnresolved(y) || x === y;
  if (!same(a.account, b.account) || !same(a.region, b.region)) {
    throw new Error(`${consumer.node.path}: stack ${b.stackName} (${b.account}/${b.region}) must be in the same account and region as ` +
      `${owner.node.path} (${a.account}/${a.region}); CloudFormation exports do not cross environments`);
  }
}
