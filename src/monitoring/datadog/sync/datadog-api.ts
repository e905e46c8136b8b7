import {
  ApiException, BaseServerConfiguration, Configuration, HttpMethod, createConfiguration,
} from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common';
import { applySecurityAuthentication } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration';
import { MonitorsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi';
import { ServiceLevelObjectivesApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/ServiceLevelObjectivesApi';
import { SyntheticsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/SyntheticsApi';
import { ObjectSerializer } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/ObjectSerializer';
import { DEFAULT_RETRY_POLICY, DatadogRequestError, ResilientHttpLibrary, RetryPolicy } from './transport';
import { ApiJson } from '../model/desired-resource';

/** Where and as whom to talk to Datadog. */
export interface DatadogApiOptions {
  /** Base URL, e.g. `https://api.datadoghq.com` or the emulator's `http://127.0.0.1:PORT`. */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly appKey: string;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
}

/** The base URL of a Datadog site (`datadoghq.eu` -> `https://api.datadoghq.eu`). */
export function apiUrlOfSite(site: string): string {
  return `https://api.${site}`;
}

/**
 * The official client, configured once: v1 monitors, SLOs and synthetics through their typed APIs
 * (deep imports), v2 downtimes through the client's common transport and authentication (the v2
 * model serializer would add 3 MB to the bundle for one endpoint).
 */
export class DatadogApi {
  public readonly monitors: MonitorsApi;
  public readonly slos: ServiceLevelObjectivesApi;
  public readonly synthetics: SyntheticsApi;
  public readonly transport: ResilientHttpLibrary;
  private readonly configuration: Configuration;

  constructor(options: DatadogApiOptions) {
    this.transport = new ResilientHttpLibrary(options.retry ?? DEFAULT_RETRY_POLICY);
    this.configuration = createConfiguration({
      baseServer: new BaseServerConfiguration(options.apiUrl.replace(/\/+$/, ''), {}),
      authMethods: { apiKeyAuth: options.apiKey, appKeyAuth: options.appKey },
      httpApi: this.transport,
      enableRetry: false,
    });
    this.monitors = new MonitorsApi(this.configuration);
    this.slos = new ServiceLevelObjectivesApi(this.configuration);
    this.synthetics = new SyntheticsApi(this.configuration);
  }

  /** Sends a JSON request through the client's transport; non-2xx answers throw `ApiException`. */
  public async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: ApiJson): Promise<any> {
    const context = this.configuration.getServer('').makeRequestContext(path, method as HttpMethod);
    context.setHeaderParam('Accept', 'application/json');
    if (body !== undefined) {
      context.setHeaderParam('Content-Type', 'application/json');
      context.setBody(JSON.stringify(body));
    }
    applySecurityAuthentication(this.configuration, context, ['apiKeyAuth', 'appKeyAuth']);
    // The transport throws a DatadogRequestError for any answer outside 2xx.
    const response = await this.configuration.httpApi.send(context);
    const text = await response.body.text();
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      throw new DatadogRequestError(method, path.split('?')[0], response.httpStatusCode, [`the answer is not JSON: "${text.slice(0, 80)}"`]);
    }
  }
}

/** A client model (camelCase) from Datadog API JSON (snake_case). */
export function toModel(json: ApiJson, type: string): any {
  return ObjectSerializer.deserialize(json, type, '');
}

/** Datadog API JSON (snake_case) from a client model. */
export function toJson(model: unknown, type: string): ApiJson {
  return ObjectSerializer.serialize(model, type, '');
}

/** The HTTP status of an API error, if `error` is one with an answer. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof DatadogRequestError) return error.status;
  return error instanceof ApiException ? error.code : undefined;
}

/** The `errors` of an API error body, joined for messages. */
export function errorText(error: unknown): string {
  if (error instanceof DatadogRequestError) return error.message;
  if (error instanceof ApiException) {
    // Statuses the client does not model arrive as text: "Unknown API Status Code!\nBody: {...}".
    const body = typeof error.body === 'string' ? parseEmbeddedJson(error.body) : error.body;
    const errors = (body as any)?.errors;
    return `HTTP ${error.code}: ${Array.isArray(errors) ? errors.join('; ') : JSON.stringify(body)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function parseEmbeddedJson(text: string): unknown {
  try {
    const body = JSON.parse(text.slice(text.indexOf('Body: ') + 'Body: '.length));
    return typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    return text;
  }
}
