import { ApiJson } from '../model/desired-resource';
import { Comparator, logQueryProblems, metricQueryProblems, queryComparison, serviceCheckQueryProblems } from '../model/monitor-query';

const QUERY_CHECKS: Record<string, (query: string) => string[]> = {
  'metric alert': metricQueryProblems,
  'query alert': metricQueryProblems,
  'log alert': logQueryProblems,
  'service check': serviceCheckQueryProblems,
};

/**
 * What is wrong with a (non-composite) monitor in Datadog's API shape, each problem naming the
 * field (MON-04). Used by the constructs at synth time and by `tenant-platform datadog validate`.
 */
export function monitorProblems(monitor: ApiJson): string[] {
  const problems: string[] = [];
  for (const field of ['name', 'type', 'query', 'message']) {
    if (typeof monitor[field] !== 'string' || monitor[field].trim() === '') {
      problems.push(`${field} is required`);
    }
  }
  if (problems.length) return problems;

  const query: string = monitor.query.trim();
  const shape = QUERY_CHECKS[monitor.type];
  for (const problem of shape ? shape(query) : []) {
    problems.push(`query "${query}" ${problem}`);
  }
  if (monitor.priority !== undefined && monitor.priority !== null &&
      !(Number.isInteger(monitor.priority) && monitor.priority >= 1 && monitor.priority <= 5)) {
    problems.push(`priority ${monitor.priority} must be an integer from 1 (highest) to 5`);
  }
  const options: ApiJson = monitor.options ?? {};
  for (const field of ['renotify_interval', 'no_data_timeframe', 'evaluation_delay', 'new_group_delay']) {
    if (options[field] !== undefined && options[field] !== null && !(options[field] >= 0)) {
      problems.push(`options.${field} ${options[field]} must be zero or positive`);
    }
  }
  const comparison = queryComparison(query);
  if (comparison && shape !== serviceCheckQueryProblems) {
    problems.push(...thresholdProblems(comparison.comparator, comparison.threshold, options.thresholds ?? {}));
  }
  return problems;
}

/**
 * Threshold ordering: for `>`/`>=` a warning sits below critical and a recovery below what it
 * recovers from; for `<`/`<=` everything is mirrored. Critical must equal the query's threshold.
 */
export function thresholdProblems(comparator: Comparator, queryThreshold: number, thresholds: ApiJson): string[] {
  const problems: string[] = [];
  const { critical, warning, critical_recovery: criticalRecovery, warning_recovery: warningRecovery } = thresholds;
  if (critical === undefined || critical === null) {
    return [`options.thresholds.critical is required and must equal the query threshold ${queryThreshold}`];
  }
  if (Number(critical) !== queryThreshold) {
    problems.push(`options.thresholds.critical ${critical} must equal the query threshold ${queryThreshold}`);
  }
  if (comparator === '==' || comparator === '!=') return problems;
  const above = comparator === '>' || comparator === '>=';
  const word = above ? 'below' : 'above';
  const before = (a: number, b: number) => (above ? a < b : a > b);
  if (warning !== undefined && warning !== null && !before(warning, critical)) {
    problems.push(`options.thresholds.warning ${warning} must be ${word} critical ${critical} for "${comparator}"`);
  }
  if (criticalRecovery !== undefined && criticalRecovery !== null && !before(criticalRecovery, critical)) {
    problems.push(`options.thresholds.critical_recovery ${criticalRecovery} must be ${word} critical ${critical} for "${comparator}"`);
  }
  if (warningRecovery !== undefined && warningRecovery !== null) {
    if (warning === undefined || warning === null) {
      problems.push('options.thresholds.warning_recovery needs a warning threshold');
    } else if (!before(warningRecovery, warning)) {
      problems.push(`options.thresholds.warning_recovery ${warningRecovery} must be ${word} warning ${warning} for "${comparator}"`);
    }
  }
  return problems;
}
