import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { ApiJson, ResourceKind, referencePlaceholder, withoutUnset } from './model/desired-resource';
import { identityTags } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { tagProblems, throwIfProblems } from './validation/construct-problems';

/** The rolling window an SLO is measured over. */
export class DatadogSloTimeframe {
  /** 7 days. */
  public static readonly SEVEN_DAYS = new DatadogSloTimeframe('7d');
  /** 30 days. */
  public static readonly THIRTY_DAYS = new DatadogSloTimeframe('30d');
  /** 90 days. */
  public static readonly NINETY_DAYS = new DatadogSloTimeframe('90d');

  /** @param name The API name (`7d`, `30d`, `90d`). */
  private constructor(public readonly name: string) {}
}

/** Props of a `DatadogSlo`: either `monitors` (a monitor SLO) or `numerator` + `denominator` (a metric SLO). */
export interface DatadogSloProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** The SLO name. */
  readonly name: string;
  /**
   * A description, e.g. what is measured and the runbook link.
   * @default - none
   */
  readonly description?: string;
  /**
   * The target, in percent.
   * @default 99.9 (MON-05)
   */
  readonly target?: number;
  /**
   * A warning level above the target, in percent.
   * @default - none
   */
  readonly warning?: number;
  /**
   * The rolling window.
   * @default DatadogSloTimeframe.THIRTY_DAYS
   */
  readonly timeframe?: DatadogSloTimeframe;
  /**
   * Monitors whose uptime is the SLI (a monitor SLO).
   * @default - a metric SLO (give `numerator` and `denominator`)
   */
  readonly monitors?: IDatadogMonitor[];
  /**
   * Good events, e.g. `sum:aws.applicationelb.request_count{tenant:acme}.as_count() - sum:aws.applicationelb.httpcode_target_5xx{tenant:acme}.as_count()`.
   * @default - a monitor SLO
   */
  readonly numerator?: string;
  /**
   * All events, e.g. `sum:aws.applicationelb.request_count{tenant:acme}.as_count()`.
   * @default - a monitor SLO
   */
  readonly denominator?: string;
  /**
   * Tags (`key:value`); the identity tags are always added.
   * @default - only the identity tags
   */
  readonly tags?: string[];
}

/** A Datadog service level objective (MON-05), deployed and drift-checked with the monitors. */
export class DatadogSlo extends Construct {
  /** The SLO id (deploy time). */
  public readonly sloId: string;

  constructor(scope: Construct, id: string, props: DatadogSloProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    const target = props.target ?? 99.9;
    const monitors = props.monitors ?? [];
    const metric = props.numerator !== undefined || props.denominator !== undefined;
    const problems = tagProblems(props.tags);
    if (!props.name?.trim()) problems.push('name is required');
    if (metric === (monitors.length > 0)) {
      problems.push('give either monitors (a monitor SLO) or numerator and denominator (a metric SLO)');
    } else if (metric && !(props.numerator?.trim() && props.denominator?.trim())) {
      problems.push('a metric SLO needs both numerator and denominator');
    }
    if (!(target > 0 && target < 100)) problems.push(`target ${target} must be a percentage above 0 and below 100`);
    if (props.warning !== undefined && !(props.warning > target && props.warning < 100)) {
      problems.push(`warning ${props.warning} must be above target ${target} and below 100`);
    }
    if (monitors.some(m => m.isComposite)) problems.push('monitors of an SLO cannot be composite monitors');
    throwIfProblems(this, problems);

    const body: ApiJson = withoutUnset({
      name: props.name,
      description: props.description,
      type: metric ? 'metric' : 'monitor',
      ...(metric
        ? { query: { numerator: props.numerator, denominator: props.denominator } }
        : { monitor_ids: monitors.map((_, i) => referencePlaceholder(i)) }),
      thresholds: [{ timeframe: (props.timeframe ?? DatadogSloTimeframe.THIRTY_DAYS).name, target, warning: props.warning }],
      tags: [...(props.tags ?? []), ...identityTags(identity)],
    });
    const resource = createDatadogResource(this, {
      kind: ResourceKind.SLO, connection: props.connection, identity, body, references: monitors,
    });
    this.sloId = resource.getAttString('Id');
  }
}
