import { IConstruct } from 'constructs';
import { LocalizedText } from '../core/localized-text';

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

/** The registered components and connections, as the runbook index draws them. */
export interface TopologyGraph {
  readonly nodes: TopologyNode[];
  readonly connections: TopologyConnection[];
}
