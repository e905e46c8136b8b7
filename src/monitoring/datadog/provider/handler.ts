import { DatadogKeys, readDatadogKeysFromSecretsManager } from './credentials';
import { ResourceKind, parseDefinition, resolveReferences } from '../model/desired-resource';
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
    const ops = engine.of(desired.kind);
    const body = resolveReferences(desired.body, index => {
      const id = Number(props.ReferencedMonitorIds?.[index]);
      if (!Number.isInteger(id)) throw new Error(`${desired.identity.path}: referenced monitor ${index} has no id`);
      return id;
    });
    const physicalId = event.PhysicalResourceId ?? '';
    let result: ActualResource | undefined;
    switch (event.RequestType) {
      case 'Create':
        result = await engine.createOrAdopt(desired.kind, desired.identity.id, body);
        break;
      case 'Update':
        result = await engine.update(desired.kind, physicalId, desired.identity.id, body);
        break;
      case 'Delete':
        if (ops.isId(physicalId)) {
          await engine.delete(desired.kind, physicalId);
        } else {
          // A create that failed reports a request id; anything it made still carries the identity tag.
          await engine.deleteByIdentity(desired.kind, desired.identity.id);
        }
        break;
    }
    log(`${event.RequestType} ${desired.kind} ${desired.identity.path}: ${result?.id ?? physicalId} ` +
      `(${api.transport.stats.requests} requests, ${api.transport.stats.rateLimited} rate-limited, ${api.transport.stats.retried} retried)`);
    if (!result) return { PhysicalResourceId: physicalId, Data: {} };
    return { PhysicalResourceId: result.id, Data: attributesOf(result) };
  };
}

function attributesOf(resource: ActualResource): Record<string, string> {
  const data: Record<string, string> = { Id: resource.id };
  if (resource.monitorId !== undefined) data.MonitorId = String(resource.monitorId);
  if (resource.kind === ResourceKind.SYNTHETICS_API_TEST) data.PublicId = resource.id;
  return data;
}
