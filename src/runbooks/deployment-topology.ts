import { IConstruct } from 'constructs';
import { checkLocalizedText, LocalizedText } from './localized-text';
import { RunbookCatalog } from './runbook-catalog';

/** What a component of the deployment is; decides its shape in the diagram. */
export enum TopologyNodeKind {
  /** The shared platform (VPC, cluster, keys, topics). */
  PLATFORM = 'platform',
  /** An internet-facing load balancer (an ALB shard). */
  LOAD_BALANCER = 'load-balancer',
  /** A tenant's service. */
  TENANT = 'tenant',
  /** A database. */
  DATABASE = 'database',
  /** A backup vault or plan. */
  BACKUP = 'backup',
  /** Storage other than databases (buckets). */
  STORAGE = 'storage',
  /** Monitoring and notification (topics, Datadog). */
  MONITORING = 'monitoring',
}

/** A component of the deployment. */
export interface TopologyNodeProps {
  /** What the component is. */
  readonly kind: TopologyNodeKind;
  /** Its name in the diagram. */
  readonly label: LocalizedText;
}

/** A connection between two components. */
export interface TopologyConnectionProps {
  /**
   * What flows along it (e.g. "HTTPS", "backup").
   * @default - no label
   */
  readonly label?: LocalizedText;
}

/** A registered component. */
export interface TopologyNode extends TopologyNodeProps {
  /** The construct it stands for; its stack groups it in the diagram. */
  readonly construct: IConstruct;
}

/** A registered connection. */
export interface TopologyConnection extends TopologyConnectionProps {
  /** Where it starts. */
  readonly source: IConstruct;
  /** Where it ends. */
  readonly target: IConstruct;
}

/**
 * Facts about the deployment that constructs register as they are built — the platform, its ALB
 * shards, tenants, databases and the backup flow — so the runbook index can draw the deployment as
 * a Mermaid diagram. Get the app's topology with `DeploymentTopology.of(scope)`.
 */
export class DeploymentTopology {
  /** The topology of `scope`'s app. */
  public static of(scope: IConstruct): DeploymentTopology {
    return RunbookCatalog.of(scope).topology;
  }

  private readonly registered: TopologyNode[] = [];
  private readonly connected: TopologyConnection[] = [];

  /** Registers `construct` as a component; each construct once. */
  public addNode(construct: IConstruct, props: TopologyNodeProps): void {
    checkLocalizedText(`topology node ${construct.node.path} label`, props.label, RunbookCatalog.of(construct).locales);
    if (!Object.values(TopologyNodeKind).includes(props.kind)) {
      throw new Error(`topology node ${construct.node.path} kind "${props.kind}" must be one of ${Object.values(TopologyNodeKind).join(', ')}`);
    }
    if (this.find(construct)) throw new Error(`topology node ${construct.node.path} is already registered`);
    this.registered.push({ ...props, construct });
  }

  /** Connects two registered components (either may be registered later, before synth). */
  public connect(source: IConstruct, target: IConstruct, props: TopologyConnectionProps = {}): void {
    if (props.label) checkLocalizedText(`topology connection ${source.node.path} -> ${target.node.path} label`, props.label, RunbookCatalog.of(source).locales);
    this.connected.push({ ...props, source, target });
  }

  /** The registered components, in registration order. */
  public get nodes(): TopologyNode[] {
    return [...this.registered];
  }

  /** The connections; throws if one names a construct that was never registered. */
  public get connections(): TopologyConnection[] {
    for (const c of this.connected) {
      for (const end of [c.source, c.target]) {
        if (!this.find(end)) {
          throw new Error(`topology connection ${c.source.node.path} -> ${c.target.node.path}: ${end.node.path} is not a registered node (DeploymentTopology.addNode)`);
        }
      }
    }
    return [...this.connected];
  }

  private find(construct: IConstruct): TopologyNode | undefined {
    return this.registered.find(n => n.construct === construct);
  }
}
