import { CustomResource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { DesiredResource, ResourceKind, ApiJson } from './model/desired-resource';
import { ResourceIdentity, identityOf } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { DatadogProvider } from './provider/datadog-provider';
import { DatadogSite } from './site';

/** CloudFormation type of each kind's custom resource (`Custom::Datadog*`, read by the CLI). */
const RESOURCE_TYPES: Record<ResourceKind, string> = {
  [ResourceKind.MONITOR]: 'Custom::DatadogMonitor',
  [ResourceKind.SLO]: 'Custom::DatadogSlo',
  [ResourceKind.SYNTHETICS_API_TEST]: 'Custom::DatadogSyntheticsApiTest',
  [ResourceKind.DOWNTIME]: 'Custom::DatadogDowntime',
  [ResourceKind.DASHBOARD]: 'Custom::DatadogDashboard',
};

const IDENTITY = /^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,127}$/;
/** Explicit identities in use, per app (construct tree root): identity -> construct path. */
const IDENTITIES_IN_USE = new WeakMap<object, Map<string, string>>();

/**
 * The stable identity of the Datadog construct `scope`: stack name + path inside the stack, or
 * `explicitIdentity`, which must be unique in the app and survives renaming the construct or its stack.
 */
export function identityOfConstruct(scope: Construct, explicitIdentity?: string): ResourceIdentity {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.stackName)) {
    throw new Error(`${scope.node.path}: Datadog resources need a stack with a concrete stackName (it is part of their identity tag)`);
  }
  if (explicitIdentity !== undefined) {
    if (Token.isUnresolved(explicitIdentity) || !IDENTITY.test(explicitIdentity)) {
      throw new Error(`${scope.node.path}: identity "${explicitIdentity}" must match ${IDENTITY} (letters, digits and . _ : / -, at most 128)`);
    }
    const inUse = IDENTITIES_IN_USE.get(scope.node.root) ?? new Map<string, string>();
    IDENTITIES_IN_USE.set(scope.node.root, inUse);
    const other = inUse.get(explicitIdentity);
    if (other !== undefined) {
      throw new Error(`${scope.node.path}: identity "${explicitIdentity}" is already used by ${other}; each Datadog construct of an app needs its own`);
    }
    inUse.set(explicitIdentity, scope.node.path);
  }
  return identityOf(stack.stackName, scope.node.path.slice(stack.node.path.length + 1), explicitIdentity);
}

/** What a Datadog construct hands to `createDatadogResource`. */
export interface DatadogResourceOptions {
  readonly kind: ResourceKind;
  readonly connection: DatadogConnection;
  readonly identity: ResourceIdentity;
  /** The body in Datadog's API shape, identity tags included, `{{ref:N}}` for `references[N]`. */
  readonly body: ApiJson;
  readonly references: IDatadogMonitor[];
}

/**
 * The custom resource of a Datadog construct, served by the stack's `DatadogProvider`. Its
 * `Definition` is the whole desired resource (read offline by the CLI); `ReferencedMonitorIds`
 * are `GetAtt MonitorId` tokens, so CloudFormation creates referenced monitors first and deletes
 * the referrer first.
 */
export function createDatadogResource(scope: Construct, options: DatadogResourceOptions): CustomResource {
  const definition: DesiredResource = {
    kind: options.kind,
    identity: options.identity,
    body: options.body,
    references: options.references.map(r => r.identityId),
  };
  const site = options.connection.site ?? DatadogSite.US1;
  return new CustomResource(scope, 'Resource', {
    serviceToken: DatadogProvider.of(scope, options.connection).serviceToken,
    resourceType: RESOURCE_TYPES[options.kind],
    properties: {
      Definition: Stack.of(scope).toJsonString(definition),
      ReferencedMonitorIds: options.references.map(r => r.monitorId),
      CredentialsSecretArn: options.connection.datadogCredentials.secretArn,
      ApiUrl: site.apiUrl,
    },
  });
}
