import { ApiJson } from './model/desired-resource';

/** Props of a timeseries widget. */
export interface DatadogTimeseriesWidgetProps {
  readonly title: string;
  /**
   * Metric queries, one line each, e.g. `avg:aws.ecs.service.cpuutilization{$env} by {service}`. A
   * query grouped `by {service}` draws one line per tenant, including tenants added later.
   */
  readonly queries: string[];
}

/** Props of a query value or toplist widget. */
export interface DatadogQueryWidgetProps {
  readonly title: string;
  /** One metric query, e.g. `sum:aws.applicationelb.request_count{$env} by {service}.as_count()`. */
  readonly query: string;
}

/** Props of a monitor summary widget. */
export interface DatadogMonitorSummaryWidgetProps {
  readonly title: string;
  /** A monitor search, e.g. `tag:"level:l3" tag:"tenant-platform:shared-platform"`. */
  readonly query: string;
}

/** Props of a group of widgets. */
export interface DatadogWidgetGroupProps {
  readonly title: string;
  readonly widgets: DatadogDashboardWidget[];
}

/**
 * One widget of a `DatadogDashboard` (MON-05), in the v1 dashboard API shape. The factories cover
 * what an operations dashboard needs; `fromDefinition` takes any other widget as Datadog documents it.
 */
export class DatadogDashboardWidget {
  /** Lines over time, e.g. CPU per tenant. */
  public static timeseries(props: DatadogTimeseriesWidgetProps): DatadogDashboardWidget {
    return new DatadogDashboardWidget({
      type: 'timeseries',
      title: props.title,
      show_legend: true,
      requests: props.queries.map(q => ({ q, display_type: 'line' })),
    });
  }

  /** One number, e.g. the platform's request rate. */
  public static queryValue(props: DatadogQueryWidgetProps): DatadogDashboardWidget {
    return new DatadogDashboardWidget({ type: 'query_value', title: props.title, requests: [{ q: props.query, aggregator: 'avg' }], precision: 2 });
  }

  /** A ranked list, e.g. the tenants with the highest error rate. */
  public static toplist(props: DatadogQueryWidgetProps): DatadogDashboardWidget {
    return new DatadogDashboardWidget({ type: 'toplist', title: props.title, requests: [{ q: props.query }] });
  }

  /** The states of the monitors a search finds. */
  public static monitorSummary(props: DatadogMonitorSummaryWidgetProps): DatadogDashboardWidget {
    return new DatadogDashboardWidget({
      type: 'manage_status', title: props.title, query: props.query, summary_type: 'monitors', display_format: 'countsAndList', sort: 'status,asc',
    });
  }

  /** Markdown text. */
  public static note(content: string): DatadogDashboardWidget {
    return new DatadogDashboardWidget({ type: 'note', content, background_color: 'white', font_size: '14', text_align: 'left', show_tick: false });
  }

  /** A titled group of widgets (a dashboard row). */
  public static group(props: DatadogWidgetGroupProps): DatadogDashboardWidget {
    return new DatadogDashboardWidget({ type: 'group', title: props.title, layout_type: 'ordered', widgets: props.widgets.map(w => ({ definition: w.definition })) });
  }

  /** Any widget, by its `definition` as the Datadog API documents it (`{"type": "heatmap", ...}`). */
  public static fromDefinition(definition: { [key: string]: any }): DatadogDashboardWidget {
    return new DatadogDashboardWidget(definition);
  }

  /** @param definition the widget's `definition` in the API shape */
  private constructor(public readonly definition: { [key: string]: any }) {}

  /** Every metric query and monitor search of the widget and its children. @internal */
  public _queries(): string[] {
    return queriesOf(this.definition);
  }
}

function queriesOf(definition: ApiJson): string[] {
  const own = [
    ...(definition.requests ?? []).map((r: ApiJson) => r.q).filter((q: unknown) => typeof q === 'string'),
    ...typeof definition.query === 'string' ? [definition.query] : [],
  ];
  const children = (definition.widgets ?? []).flatMap((w: ApiJson) => queriesOf(w.definition ?? {}));
  return [...own, ...children];
}
