import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { ApiJson, ResourceKind, withoutUnset } from './model/desired-resource';
import { identityTags } from './model/identity';
import { IDatadogMonitor } from './monitor-reference';
import { DatadogMonitorType } from './monitor-type';
import { DatadogMonitorThresholds } from './thresholds';
import { tagProblems, throwIfProblems } from './validation/construct-problems';
import { monitorProblems } from './validation/monitor-validation';

/** Props of a `DatadogMonitor`. */
export interface DatadogMonitorProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** The monitor type. */
  readonly type: DatadogMonitorType;
  /** The monitor name, e.g. `[L0] ECS cluster CPU high`. */
  readonly name: string;
  /** The monitor query, e.g. `avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform} > 85`. */
  readonly query: string;
  /**
   * The notification message: template variables, notification handles (`@slack-ops`,
   * `@pagerduty-platform`, `@ops@example.com`) and the runbook link (MON-08).
   */
  readonly message: string;
  /**
   * Alert thresholds. Required for threshold queries (`... > 85`); `critical` must equal the query's number.
   * @default - none (service checks count OK/warning/critical results instead)
   */
  readonly thresholds?: DatadogMonitorThresholds;
  /**
   * Priority from 1 (highest) to 5.
   * @default - no priority
   */
  readonly priority?: number;
  /**
   * Tags (`key:value`). The identity tags `managed-by:cdk-tenant-platform`,
   * `cdk-tenant-platform-id:<hash>` and `cdk-tenant-platform-stack:<stack>` are always added.
   * @default - only the identity tags
   */
  readonly tags?: string[];
  /**
   * Whether to notify when the monitored data stops arriving.
   * @default false
   */
  readonly notifyNoData?: boolean;
  /**
   * How long without data before a no-data alert (whole minutes).
   * @default - Datadog's default, twice the evaluation window
   */
  readonly noDataTimeframe?: Duration;
  /**
   * Re-notify while the monitor stays in alert, at this interval (whole minutes).
   * @default - no re-notification
   */
  readonly renotifyInterval?: Duration;
  /**
   * Message of re-notifications.
   * @default - the message
   */
  readonly escalationMessage?: string;
  /**
   * Delay evaluation for metrics that arrive late (CloudWatch metrics through the AWS integration: 15 minutes is typical).
   * @default - no delay
   */
  readonly evaluationDelay?: Duration;
  /**
   * Grace period before a new group (host, task) can alert.
   * @default - no grace period
   */
  readonly newGroupDelay?: Duration;
  /**
   * Evaluate only over a full window of data.
   * @default false
   */
  readonly requireFullWindow?: boolean;
  /**
   * Include the triggering tags in the notification title.
   * @default true
   */
  readonly includeTags?: boolean;
  /**
   * Resolve the alert automatically after this long without a state change (whole hours).
   * @default - never
   */
  readonly autoResolveAfter?: Duration;
}

/**
 * A Datadog monitor managed by CloudFormation (MON-03). Validated at synth (MON-04): required
 * fields, query shape, threshold ordering; tagged with its identity so a retried create adopts it
 * and `tenant-platform datadog drift` finds it.
 */
export class DatadogMonitor extends Construct implements IDatadogMonitor {
  public readonly monitorId: string;
  public readonly identityId: string;
  public readonly isComposite = false;

  constructor(scope: Construct, id: string, props: DatadogMonitorProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    this.identityId = identity.id;
    // Unset fields are omitted, never sent as null: MonitorOptions.escalation_message is not nullable.
    const body: ApiJson = withoutUnset({
      name: props.name,
      type: props.type.name,
      query: props.query,
      message: props.message,
      tags: [...(props.tags ?? []), ...identityTags(identity)],
      priority: props.priority,
      options: {
        thresholds: props.thresholds && {
          critical: props.thresholds.critical,
          warning: props.thresholds.warning,
          critical_recovery: props.thresholds.criticalRecovery,
          warning_recovery: props.thresholds.warningRecovery,
        },
        notify_no_data: props.notifyNoData ?? false,
        no_data_timeframe: props.noDataTimeframe?.toMinutes(),
        renotify_interval: props.renotifyInterval?.toMinutes(),
        escalation_message: props.escalationMessage,
        evaluation_delay: props.evaluationDelay?.toSeconds(),
        new_group_delay: props.newGroupDelay?.toSeconds(),
        require_full_window: props.requireFullWindow ?? false,
        include_tags: props.includeTags ?? true,
        timeout_h: props.autoResolveAfter?.toHours(),
      },
    });
    throwIfProblems(this, [...monitorProblems(body), ...tagProblems(props.tags)]);
    const resource = createDatadogResource(this, {
      kind: ResourceKind.MONITOR, connection: props.connection, identity, body, references: [],
    });
    this.monitorId = resource.getAttString('MonitorId');
  }
}
