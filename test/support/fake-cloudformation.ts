import * as fs from 'fs';
import * as path from 'path';
import { DatadogResourceEvent, DatadogResourceProperties, DatadogResourceResult } from '../../src/monitoring/datadog/provider/handler';

type Handler = (event: DatadogResourceEvent) => Promise<DatadogResourceResult>;

interface Deployed {
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly props: DatadogResourceProperties;
  readonly dependsOn: string[];
}

/** What the provider framework answered CloudFormation for one event. */
export interface FrameworkResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly PhysicalResourceId: string;
  readonly Reason?: string;
  readonly Data?: Record<string, string>;
}

/** One custom resource event CloudFormation sent, and the framework's answer. */
export interface RecordedEvent {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly logicalId: string;
  readonly response: FrameworkResponse;
  /** Whether the framework invoked the Datadog handler (it answers a Delete after a failed Create itself). */
  readonly handlerInvoked: boolean;
}

const RUNTIME_DIR = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources/lib/provider-framework/runtime');

/**
 * aws-cdk-lib's own provider framework runtime (`custom-resources/lib/provider-framework/runtime`:
 * `framework.js` and `cfn-response.js`, unchanged), loaded with its AWS calls replaced: the Lambda
 * invoke of the user handler calls `handler` in-process, and the PUT of the response to
 * CloudFormation is captured. So a failed Create gets the framework's real CREATE_FAILED marker id
 * and the Delete that follows is answered by the framework without calling the handler.
 */
function providerFramework(handler: Handler, invoked: () => void) {
  let captured: FrameworkResponse | undefined;
  const outbound = {
    invokeFunction: async (request: { Payload: string }) => {
      invoked();
      try {
        return { Payload: JSON.stringify(await handler(JSON.parse(request.Payload))) };
      } catch (e) {
        return { FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: (e as Error).message, trace: [] }) };
      }
    },
    httpRequest: async (_options: unknown, body: string) => { captured = JSON.parse(body); },
    startExecution: async () => { throw new Error('the Datadog provider has no isComplete handler'); },
  };
  const cache = new Map<string, any>();
  const load = (file: string): any => {
    if (file === 'outbound') return outbound;
    if (!cache.has(file)) {
      const module = { exports: {} as any };
      cache.set(file, module.exports);
      const source = fs.readFileSync(path.join(RUNTIME_DIR, `${file}.js`), 'utf8');
      // The runtime's own modules are loaded here; the rest (url) from Node.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const localRequire = (id: string) => (id.startsWith('./') ? load(id.slice(2)) : require(id));
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('exports', 'require', 'module', '__filename', '__dirname', source)(module.exports, localRequire, module, file, RUNTIME_DIR);
      cache.set(file, module.exports);
    }
    return cache.get(file);
  };
  load('util').log = () => undefined;
  const consts = load('consts');
  process.env[consts.USER_ON_EVENT_FUNCTION_ARN_ENV] = 'arn:aws:lambda:ap-northeast-1:123456789012:function:DatadogHandler';
  delete process.env[consts.USER_IS_COMPLETE_FUNCTION_ARN_ENV];
  const onEvent = load('framework')[consts.FRAMEWORK_ON_EVENT_HANDLER_NAME];
  let requests = 0;
  return async (event: Omit<DatadogResourceEvent, 'RequestType'> & { RequestType: string }): Promise<FrameworkResponse> => {
    captured = undefined;
    await onEvent({
      ...event,
      ServiceToken: 'arn:aws:lambda:ap-northeast-1:123456789012:function:framework-onEvent',
      ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
      StackId: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/PlatformMonitors/1',
      RequestId: `request-${++requests}`,
      ResourceType: 'Custom::Datadog',
    });
    if (!captured) throw new Error('the provider framework sent no response');
    return captured;
  };
}

/**
 * Deploys the Datadog custom resources of a synthesized template the way CloudFormation does,
 * through the real provider framework runtime: creates in dependency order (a `GetAtt` makes a
 * dependency), resolves `GetAtt` from the attributes returned, updates resources whose properties
 * changed (a new physical id is a replacement: the old one is deleted afterwards), and deletes
 * removed resources referrers first. A failed event fails the deployment and rolls it back: the
 * resources this deployment created are deleted (a failed Create with the framework's marker id),
 * the ones it updated are updated back. The secret ARN is a constant and `ApiUrl` is the emulator.
 */
export class FakeCloudFormation {
  public readonly deployed = new Map<string, Deployed>();
  /** Every event sent, with the framework's answer. */
  public readonly events: RecordedEvent[] = [];
  private readonly framework: ReturnType<typeof providerFramework>;
  private invoked = false;

  constructor(handler: Handler, private readonly apiUrl: string) {
    this.framework = providerFramework(handler, () => { this.invoked = true; });
  }

  /** Brings the deployed resources to `template`; throws (after rolling back) when an event fails. */
  public async deploy(template: any): Promise<void> {
    const wanted = Object.entries<any>(template.Resources ?? {}).filter(([, r]) => String(r.Type).startsWith('Custom::Datadog'));
    const pending = new Map(wanted);
    const created: string[] = [];
    const updated = new Map<string, Deployed>();
    try {
      while (pending.size) {
        const ready = [...pending].filter(([, r]) => getAtts(r.Properties).every(id => !pending.has(id)));
        if (ready.length === 0) throw new Error(`dependency cycle among ${[...pending.keys()].join(', ')}`);
        for (const [logicalId, resource] of ready) {
          pending.delete(logicalId);
          const before = this.deployed.get(logicalId);
          if (!before) created.push(logicalId);
          else updated.set(logicalId, before);
          await this.createOrUpdate(logicalId, resource.Properties);
        }
      }
    } catch (error) {
      await this.rollBack(created, updated);
      throw error;
    }
    const keep = new Set(wanted.map(([id]) => id));
    await this.deleteWhere(id => !keep.has(id));
  }

  /** Deletes every deployed resource, referrers first. */
  public async destroy(): Promise<void> {
    await this.deleteWhere(() => true);
  }

  /** The physical id of a resource whose logical id starts with `prefix`. */
  public physicalId(prefix: string): string {
    const found = [...this.deployed].find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no deployed resource ${prefix}*`);
    return found[1].physicalId;
  }

  /** A `GetAtt` attribute (`Id`, `MonitorId`) of a resource whose logical id starts with `prefix`. */
  public attribute(prefix: string, name: string): string {
    const found = [...this.deployed].find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no deployed resource ${prefix}*`);
    return found[1].data[name];
  }

  private async send(requestType: 'Create' | 'Update' | 'Delete', logicalId: string, rest: Partial<DatadogResourceEvent>): Promise<FrameworkResponse> {
    this.invoked = false;
    const response = await this.framework({ ...rest, RequestType: requestType, LogicalResourceId: logicalId } as any);
    this.events.push({ requestType, logicalId, response, handlerInvoked: this.invoked });
    return response;
  }

  private async createOrUpdate(logicalId: string, raw: any): Promise<void> {
    const props = this.resolve(raw) as DatadogResourceProperties;
    const current = this.deployed.get(logicalId);
    if (current && JSON.stringify(current.props) === JSON.stringify(props)) return;
    const response = current
      ? await this.send('Update', logicalId, { PhysicalResourceId: current.physicalId, ResourceProperties: props, OldResourceProperties: current.props })
      : await this.send('Create', logicalId, { ResourceProperties: props });
    // A failed resource keeps the physical id the framework reported (the marker for a failed Create).
    this.deployed.set(logicalId, {
      physicalId: response.PhysicalResourceId, data: response.Data ?? {}, props: response.Status === 'SUCCESS' || !current ? props : current.props, dependsOn: getAtts(raw),
    });
    if (response.Status === 'FAILED') throw new Error(`${logicalId}: ${current ? 'UPDATE' : 'CREATE'}_FAILED: ${response.Reason}`);
    if (current && current.physicalId !== response.PhysicalResourceId) {
      await this.send('Delete', logicalId, { PhysicalResourceId: current.physicalId, ResourceProperties: current.props });
    }
  }

  private async rollBack(created: string[], updated: Map<string, Deployed>): Promise<void> {
    for (const logicalId of [...created].reverse()) {
      const resource = this.deployed.get(logicalId);
      if (!resource) continue;
      await this.send('Delete', logicalId, { PhysicalResourceId: resource.physicalId, ResourceProperties: resource.props });
      this.deployed.delete(logicalId);
    }
    for (const [logicalId, before] of updated) {
      const now = this.deployed.get(logicalId)!;
      if (JSON.stringify(now.props) === JSON.stringify(before.props) && now.physicalId === before.physicalId) continue;
      await this.send('Update', logicalId, { PhysicalResourceId: now.physicalId, ResourceProperties: before.props, OldResourceProperties: now.props });
      this.deployed.set(logicalId, before);
    }
  }

  private async deleteWhere(remove: (logicalId: string) => boolean): Promise<void> {
    for (;;) {
      const doomed = [...this.deployed].filter(([id]) => remove(id));
      if (doomed.length === 0) return;
      // Delete the resources nothing else (still deployed) depends on.
      const leaves = doomed.filter(([id]) => ![...this.deployed.values()].some(d => d.dependsOn.includes(id)));
      for (const [logicalId, resource] of leaves) {
        const response = await this.send('Delete', logicalId, { PhysicalResourceId: resource.physicalId, ResourceProperties: resource.props });
        if (response.Status === 'FAILED') throw new Error(`${logicalId}: DELETE_FAILED: ${response.Reason}`);
        this.deployed.delete(logicalId);
      }
    }
  }

  private resolve(value: any): any {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value && typeof value === 'object') {
      if ('Fn::GetAtt' in value) {
        const [id, attribute] = value['Fn::GetAtt'];
        const target = this.deployed.get(id);
        // Only Datadog resources are deployed here; other attributes (the service token) are ARNs.
        return target ? target.data[attribute] : `arn:aws:lambda:ap-northeast-1:123456789012:function:${id}`;
      }
      if ('Ref' in value || 'Fn::Join' in value) return 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:datadog-AbCdEf';
      const out: any = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
      if ('ApiUrl' in out) out.ApiUrl = this.apiUrl;
      return out;
    }
    return value;
  }
}

function getAtts(value: any): string[] {
  if (Array.isArray(value)) return value.flatMap(getAtts);
  if (value && typeof value === 'object') {
    if ('Fn::GetAtt' in value) return [value['Fn::GetAtt'][0]];
    return Object.values(value).flatMap(getAtts);
  }
  return [];
}
