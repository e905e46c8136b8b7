import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { renderComposite } from './model/composite-expression';
import { ApiJson, ResourceKind, referencePlaceholder, withoutUnset } from './model/desired-resource';
import { identityTags } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { checkCompositeExpression, findCycle } from './validation/composite-validation';
import { tagProblems, throwIfProblems } from './validation/construct-problems';

/** Props of a `DatadogCompositeMonitor`. */
export interface DatadogCompositeMonitorProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** The monitor name. */
  readonly name: string;
  /** The notification message (handles, runbook link). */
  readonly message: string;
  /**
   * A boolean expression over the keys of `monitors`, with `&&`, `||`, `!` and parentheses, e.g.
   * `symptom && !cause` to alert on a tenant symptom only while the platform cause is quiet (MON-03).
   */
  readonly expression: string;
  /**
   * The monitors the expression names, by key. At most 10, none of them composite, all in this app.
   * At deploy time each is replaced by its Datadog id.
   */
  readonly monitors: Record<string, IDatadogMonitor>;
  /**
   * Priority from 1 (highest) to 5.
   * @default - no priority
   */
  readonly priority?: number;
  /**
   * Tags (`key:value`); the identity tags are always added.
   * @default - only the identity tags
   */
  readonly tags?: string[];
  /**
   * Re-notify while in alert, at this interval (whole minutes).
   * @default - no re-notification
   */
  readonly renotifyInterval?: Duration;
  /**
   * Include the triggering tags in the notification title.
   * @default true
   */
  readonly includeTags?: boolean;
}

/**
 * A Datadog composite monitor whose children are construct objects, rendered as `id && !id` with
 * ids resolved at deploy time (`GetAtt MonitorId`, so CloudFormation creates children first).
 * The expression is validated at synth (MON-04) — the check Terraform skips while ids are unknown.
 */
export class DatadogCompositeMonitor extends Construct implements IDatadogMonitor {
  public readonly monitorId: string;
  public readonly identityId: string;
  public readonly isComposite = true;
  private readonly children: IDatadogMonitor[];

  constructor(scope: Construct, id: string, props: DatadogCompositeMonitorProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    this.identityId = identity.id;
    const check = checkCompositeExpression(props.expression, Object.keys(props.monitors));
    const problems = [...check.problems, ...tagProblems(props.tags)];
    for (const field of ['name', 'message'] as const) {
      if (!props[field]?.trim()) problems.push(`${field} is required`);
    }
    if (props.priority !== undefined && !(Number.isInteger(props.priority) && props.priority >= 1 && props.priority <= 5)) {
      problems.push(`priority ${props.priority} must be an integer from 1 (highest) to 5`);
    }
    for (const [key, monitor] of Object.entries(props.monitors)) {
      if (monitor.node.root !== this.node.root) {
        problems.push(`monitors.${key} (${monitor.node.path}) belongs to another app; a composite can only reference monitors of its own app`);
      }
    }
    throwIfProblems(this, problems);

    this.children = check.references.map(name => props.monitors[name]);
    const query = renderComposite(check.node!, name => referencePlaceholder(check.references.indexOf(name)));
    const body: ApiJson = withoutUnset({
      name: props.name,
      type: 'composite',
      query,
      message: props.message,
      tags: [...(props.tags ?? []), ...identityTags(identity)],
      priority: props.priority,
      options: {
        notify_no_data: false,
        renotify_interval: props.renotifyInterval?.toMinutes(),
        include_tags: props.includeTags ?? true,
        require_full_window: false,
      },
    });
    const resource = createDatadogResource(this, {
      kind: ResourceKind.MONITOR, connection: props.connection, identity, body, references: this.children,
    });
    this.monitorId = resource.getAttString('MonitorId');
    this.node.addValidation({ validate: () => this.referenceProblems(props.monitors) });
  }

  /** Checks that need the whole tree: references are not composite and form no cycle. */
  private referenceProblems(monitors: Record<string, IDatadogMonitor>): string[] {
    const problems: string[] = [];
    for (const [key, monitor] of Object.entries(monitors)) {
      if (monitor.isComposite && monitor !== this) {
        problems.push(`monitors.${key} (${monitor.node.path}) is a composite monitor; Datadog composites cannot reference composites`);
      }
    }
    const cycle = findCycle<IDatadogMonitor>(this,
      m => (m instanceof DatadogCompositeMonitor ? m.children : []),
      m => m.node.path);
    if (cycle) problems.push(`references form a cycle: ${cycle.join(' -> ')}`);
    return problems;
  }
}
