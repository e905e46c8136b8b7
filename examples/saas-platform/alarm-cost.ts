// The monthly CloudWatch alarm cost of a synthesized template at list price (README, "Alarm spend").
//
// Prices: Amazon CloudWatch pricing, Asia Pacific (Tokyo), https://aws.amazon.com/cloudwatch/pricing/
// (figures as given in issue 14, checked December 2026): standard-resolution metric alarm
// $0.10 per alarm metric-month, high-resolution $0.30, composite alarm $0.50 per alarm-month.
// AWS bills a metric alarm per alarm metric: an alarm on a metric-math expression counts each metric
// it reads, so the figure below is given both per alarm and per alarm metric. Dashboards (same page,
// Dashboards): $3.00 per dashboard-month beyond the account's first three, counted apart.

/** List prices in USD per month. */
export const ALARM_PRICES = { standard: 0.10, highResolution: 0.30, composite: 0.50 };

/** List price of a CloudWatch dashboard in USD per month. */
export const DASHBOARD_PRICE = 3.00;

/** The alarms of a template and their monthly cost. */
export interface AlarmCost {
  readonly metricAlarms: number;
  readonly compositeAlarms: number;
  /** Metrics the metric alarms read (a metric-math alarm counts each metric of its expression). */
  readonly alarmMetrics: number;
  /** USD a month, one unit per metric alarm. */
  readonly perAlarm: number;
  /** USD a month, one unit per alarm metric. */
  readonly perAlarmMetric: number;
  /** CloudWatch dashboards of the template, priced apart (`DASHBOARD_PRICE`). */
  readonly dashboards: number;
}

/** The alarm cost of the `Resources` of one template. */
export function alarmCostOf(resources: Record<string, any>): AlarmCost {
  let metricAlarms = 0;
  let alarmMetrics = 0;
  let perAlarm = 0;
  let perAlarmMetric = 0;
  let compositeAlarms = 0;
  let dashboards = 0;
  for (const r of Object.values<any>(resources)) {
    if (r.Type === 'AWS::CloudWatch::Dashboard') dashboards++;
    if (r.Type === 'AWS::CloudWatch::CompositeAlarm') compositeAlarms++;
    if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = r.Properties ?? {};
    const queries: any[] = p.Metrics ?? [];
    const periods = [p.Period, ...queries.map(q => q.MetricStat?.Period ?? q.Period)].filter(x => x !== undefined).map(Number);
    const price = periods.some(period => period < 60) ? ALARM_PRICES.highResolution : ALARM_PRICES.standard;
    const metrics = p.MetricName !== undefined ? 1 : Math.max(1, queries.filter(q => q.MetricStat !== undefined).length);
    metricAlarms++;
    alarmMetrics += metrics;
    perAlarm += price;
    perAlarmMetric += price * metrics;
  }
  const composites = compositeAlarms * ALARM_PRICES.composite;
  return { metricAlarms, compositeAlarms, alarmMetrics, perAlarm: perAlarm + composites, perAlarmMetric: perAlarmMetric + composites, dashboards };
}
