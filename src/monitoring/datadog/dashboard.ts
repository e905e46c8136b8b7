import { Construct } from 'constructs';
import { DatadogConnection } from './connection';
import { DatadogDashboardWidget } from './dashboard-widget';
import { createDatadogResource, identityOfConstruct } from './datadog-resource';
import { ApiJson, ResourceKind } from './model/desired-resource';
import { identityTags } from './model/identity';
import { throwIfProblems } from './validation/construct-problems';

/** A template variable of a dashboard: a filter the viewer picks, used in queries as `$name`. */
export interface DatadogTemplateVariable {
  /** The name, used as `$name` in widget queries, e.g. `service`. */
  readonly name: string;
  /**
   * The tag key it filters on.
   * @default - the name
   */
  readonly prefix?: string;
  /**
   * The value selected when the dashboard opens.
   * @default '*' (everything)
   */
  readonly defaultValue?: string;
}

/** Props of a `DatadogDashboard`. */
export interface DatadogDashboardProps {
  /** How to reach Datadog; share one across every Datadog construct of the platform. */
  readonly connection: DatadogConnection;
  /**
   * A stable name for the Datadog resource, unique in the app, e.g. `tenant-acme/errors`. With it,
   * renaming this construct or its stack updates the same Datadog resource (its history, links and
   * id stay) instead of deleting it and creating another.
   * @default - derived from the stack name and the construct path
   */
  readonly identity?: string;
  /** The dashboard title. */
  readonly title: string;
  /**
   * Markdown shown under the title.
   * @default - only the identity line
   */
  readonly description?: string;
  /** The widgets, top to bottom. */
  readonly widgets: DatadogDashboardWidget[];
  /**
   * Filters the viewer picks; every `$name` a widget query uses must be one of them.
   * @default - none
   */
  readonly templateVariables?: DatadogTemplateVariable[];
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;

/**
 * A Datadog dashboard (v1 `/api/v1/dashboard`, ordered layout) managed by CloudFormation and the
 * `tenant-platform datadog` commands like the monitors (MON-05). Dashboards carry no tags, so the
 * identity tags are the last line of the description. Checked at synth: a title, widgets, and
 * every `$variable` in a query declared as a template variable.
 */
export class DatadogDashboard extends Construct {
  /** The dashboard id, e.g. `abc-def-ghi` (deploy time). */
  public readonly dashboardId: string;

  constructor(scope: Construct, id: string, props: DatadogDashboardProps) {
    super(scope, id);
    const identity = identityOfConstruct(this, props.identity);
    const variables = props.templateVariables ?? [];
    const problems: string[] = [];
    if (!props.title?.trim()) problems.push('title is required');
    if (props.widgets.length === 0) problems.push('widgets must not be empty');
    const names = variables.map(v => v.name);
    for (const name of names) {
      if (!VARIABLE_NAME.test(name)) problems.push(`template variable "${name}" must match ${VARIABLE_NAME}`);
      if (names.indexOf(name) !== names.lastIndexOf(name)) problems.push(`template variable "${name}" is declared twice`);
    }
    const used = new Set(props.widgets.flatMap(w => w._queries()).flatMap(q => [...q.matchAll(/\$([A-Za-z][A-Za-z0-9_-]*)/g)].map(m => m[1])));
    for (const name of used) {
      if (!names.includes(name)) problems.push(`a widget query uses $${name}, which is not a template variable (${names.join(', ') || 'none declared'})`);
    }
    throwIfProblems(this, [...new Set(problems)]);

    const body: ApiJson = {
      title: props.title,
      description: [props.description, identityTags(identity).join(' ')].filter(Boolean).join('\n\n'),
      layout_type: 'ordered',
      reflow_type: 'auto',
      widgets: props.widgets.map(w => ({ definition: w.definition })),
      template_variables: variables.map(v => ({ name: v.name, prefix: v.prefix ?? v.name, defaults: [v.defaultValue ?? '*'] })),
    };
    const resource = createDatadogResource(this, {
      kind: ResourceKind.DASHBOARD, connection: props.connection, identity, body, references: [],
    });
    this.dashboardId = resource.getAttString('Id');
  }
}
