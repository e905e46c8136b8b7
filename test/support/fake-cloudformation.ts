import { DatadogResourceEvent, DatadogResourceProperties, DatadogResourceResult } from '../../src/monitoring/datadog/provider/handler';

type Handler = (event: DatadogResourceEvent) => Promise<DatadogResourceResult>;

interface Deployed {
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly props: DatadogResourceProperties;
  readonly dependsOn: string[];
}

/**
 * Deploys the Datadog custom resources of a synthesized template the way CloudFormation does:
 * creates in dependency order (a `GetAtt` makes a dependency), resolves `GetAtt` from the
 * attributes the handler returned, updates resources whose properties changed, and deletes
 * removed resources referrers first. The secret ARN is a constant and `ApiUrl` is the emulator.
 */
export class FakeCloudFormation {
  public readonly deployed = new Map<string, Deployed>();

  constructor(private readonly handler: Handler, private readonly apiUrl: string) {}

  /** Brings the deployed resources to `template`. */
  public async deploy(template: any): Promise<void> {
    const wanted = Object.entries<any>(template.Resources ?? {}).filter(([, r]) => String(r.Type).startsWith('Custom::Datadog'));
    const pending = new Map(wanted);
    while (pending.size) {
      const ready = [...pending].filter(([, r]) => getAtts(r.Properties).every(id => !pending.has(id)));
      if (ready.length === 0) throw new Error(`dependency cycle among ${[...pending.keys()].join(', ')}`);
      for (const [logicalId, resource] of ready) {
        pending.delete(logicalId);
        await this.createOrUpdate(logicalId, resource.Properties);
      }
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

  private async createOrUpdate(logicalId: string, raw: any): Promise<void> {
    const props = this.resolve(raw) as DatadogResourceProperties;
    const current = this.deployed.get(logicalId);
    if (current && JSON.stringify(current.props) === JSON.stringify(props)) return;
    const result = await this.handler(current
      ? { RequestType: 'Update', LogicalResourceId: logicalId, PhysicalResourceId: current.physicalId, ResourceProperties: props, OldResourceProperties: current.props }
      : { RequestType: 'Create', LogicalResourceId: logicalId, ResourceProperties: props });
    if (current && current.physicalId !== result.PhysicalResourceId) {
      // A new physical id is a replacement: CloudFormation deletes the old one afterwards.
      await this.handler({ RequestType: 'Delete', LogicalResourceId: logicalId, PhysicalResourceId: current.physicalId, ResourceProperties: current.props });
    }
    this.deployed.set(logicalId, { physicalId: result.PhysicalResourceId, data: result.Data, props, dependsOn: getAtts(raw) });
  }

  private async deleteWhere(remove: (logicalId: string) => boolean): Promise<void> {
    for (;;) {
      const doomed = [...this.deployed].filter(([id]) => remove(id));
      if (doomed.length === 0) return;
      // Delete the resources nothing else (still deployed) depends on.
      const leaves = doomed.filter(([id]) => ![...this.deployed.values()].some(d => d.dependsOn.includes(id)));
      for (const [logicalId, resource] of leaves) {
        await this.handler({ RequestType: 'Delete', LogicalResourceId: logicalId, PhysicalResourceId: resource.physicalId, ResourceProperties: resource.props });
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
