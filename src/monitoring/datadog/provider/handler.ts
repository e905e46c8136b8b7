import { DatadogKeys, readDatadogKeysFromSecretsManager } from './credentials';
import { ResourceKind, parseDefinition, resolveReferences } from '../model/desired-resource';
import { ResourceIdentity, ownerOf } from '../model/identity';
import { DatadogApi } from '../sync/datadog-api';
import { EngineOptions, SyncEngine } from '../sync/engine';
import { ActualResource } from '../sync/resource-ops';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../sync/transport';

/** The properties the Datadog constructs give their custom resources. */
export interface DatadogResourceProperties {
  /** JSON of a `DesiredResource`. */
  readonly Definition: string;
  /** Deploy-time ids of the monitors the definition references, in placeholder order. */
  readonly ReferencedMonitorIds?: string[];
  /** ARN of the secret holding `{"apiKey", "appKey"}`. */
  readonly CredentialsSecretArn: string;
  /** Datadog API base URL. */
  readonly ApiUrl: string;
}

/** The part of a CloudFormation custom resource event the handler reads. */
export interface DatadogResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId?: string;
  readonly ResourceProperties: DatadogResourceProperties;
  readonly OldResourceProperties?: DatadogResourceProperties;
}

/** What the custom resource framework reports to CloudFormation. */
export interface DatadogResourceResult {
  readonly PhysicalResourceId: string;
  /** `GetAtt` attributes: `Id` always; `MonitorId` for monitors and synthetics tests. */
  readonly Data: Record<string, string>;
}

/** What the handler needs from its environment; tests replace each part. */
export interface HandlerDependencies {
  readonly readCredentials?: (secretArn: string) => Promise<DatadogKeys>;
  readonly retry?: RetryPolicy;
  readonly engine?: EngineOptions;
  readonly log?: (line: string) => void;
}

/** Builds the `onEvent` handler of the Datadog provider. */
export function createHandler(deps: HandlerDependencies = {}): (event: DatadogResourceEvent) => Promise<DatadogResourceResult> {
  const readCredentials = deps.readCredentials ?? (arn => readDatadogKeysFromSecretsManager(arn));
  const log = deps.log ?? (line => console.log(line));
  return async event => {
    const props = event.ResourceProperties;
    const desired = parseDefinition(props.Definition);
    const keys = await readCredentials(props.CredentialsSecretArn);
    const api = new DatadogApi({ apiUrl: props.ApiUrl, ...keys, retry: deps.retry ?? DEFAULT_RETRY_POLICY });
    const engine = new SyncEngine(api, { ...deps.engine, sleep: deps.engine?.sleep ?? deps.retry?.sleep });
    const body = resolveReferences(desired.body, index => {
      const id = Number(props.ReferencedMonitorIds?.[index]);
      if (!Number.isInteger(id)) throw new Error(`${desired.identity.path}: referenced monitor ${index} has no id`);
      return id;
    });
    const physicalId = event.PhysicalResourceId ?? '';
    const owner = ownerOf(desired.identity);
    let result: ActualResource | undefined;
    switch (event.RequestType) {
      case 'Create':
        try {
          result = await engine.createOrAdopt(desired.kind, desired.identity.id, body);
        } catch (error) {
          // The provider framework answers the Delete that follows a failed Create itself, without
          // calling this handler: whatever the failed create made must go now, or never.
          await engine.deleteByIdentity(desired.kind, desired.identity.id, owner).catch(() => undefined);
          throw error;
        }
        break;
      case 'Update':
        result = await engine.update(desired.kind, physicalId, desired.identity.id, body);
        break;
      case 'Delete':
        await deleteOwned(engine, desired.kind, physicalId, desired.identity, owner);
        break;
    }
    log(`${event.RequestType} ${desired.kind} ${desired.identity.path}: ${result?.id ?? physicalId} ` +
      `(${api.transport.stats.requests} requests, ${api.transport.stats.rateLimited} rate-limited, ${api.transport.stats.retried} retried)`);
    if (!result) return { PhysicalResourceId: physicalId, Data: {} };
    // An update keeps the physical id even when it had to re-create a resource deleted in the UI:
    // a new physical id would make CloudFormation send a Delete for the old one, and deleting by
    // identity would then remove the re-created resource. `Id`/`MonitorId` carry the new id.
    const keep = event.RequestType === 'Update' && physicalId !== '';
    return { PhysicalResourceId: keep ? physicalId : result.id, Data: attributesOf(result) };
  };
}

/**
 * Deletes resource `physicalId` unless a renamed construct has taken it over (another owner tag),
 * and every other resource of this identity and owner: a monitor deleted by hand and repaired by
 * `apply` has a new id that CloudFormation never saw.
 */
async function deleteOwned(engine: SyncEngine, kind: ResourceKind, physicalId: string, identity: ResourceIdentity, owner: string): Promise<void> {
  if (engine.of(kind).isId(physicalId)) {
    const movedAway = identity.owner !== undefined && (await engine.of(kind).get(physicalId))?.owner !== owner;
    if (!movedAway) await engine.delete(kind, physicalId);
  }
  await engine.deleteByIdentity(kind, identity.id, owner);
}

function attributesOf(resource: ActualResource): Record<string, string> {
  const data: Record<string, string> = { Id: resource.id };
  if (resource.monitorId !== undefined) data.MonitorId = String(resource.monitorId);
  if (resource.kind === ResourceKind.SYNTHETICS_API_TEST) data.PublicId = resource.id;
  return data;
}
