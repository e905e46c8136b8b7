/** How a threshold monitor's query compares its value with the critical threshold. */
export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** The comparison at the end of a monitor query: `... > 85`. */
export interface QueryComparison {
  readonly comparator: Comparator;
  readonly threshold: number;
}

const COMPARISON = /(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;
const TIME_AGGREGATION = /^(avg|min|max|sum|percentile\(p\d+\)|change|pct_change)\(/;
const TIME_WINDOW = /\blast_\d+[mhdw]\b/;

/** The comparison at the end of `query`, if it has one. */
export function queryComparison(query: string): QueryComparison | undefined {
  const match = COMPARISON.exec(query);
  return match ? { comparator: match[1] as Comparator, threshold: Number(match[2]) } : undefined;
}

/**
 * Problems with the shape of a metric monitor query
 * (`time_aggr(time_window):space_aggr:metric{scope} [by {group}] comparator threshold`).
 */
export function metricQueryProblems(query: string): string[] {
  const problems: string[] = [];
  if (!TIME_AGGREGATION.test(query)) {
    problems.push('must start with a time aggregation such as "avg(last_5m):"');
  } else if (!TIME_WINDOW.test(query.slice(0, query.indexOf(':') + 1)) || !query.includes('):')) {
    problems.push('must name an evaluation window such as "avg(last_5m):"');
  }
  if (!/[A-Za-z_][\w.]*\{[^}]*\}/.test(query)) {
    problems.push('must name a metric with a scope, e.g. "avg:aws.ecs.cpuutilization{service:web}"');
  }
  problems.push(...bracketProblems(query));
  if (!queryComparison(query)) {
    problems.push('must end with a comparison such as "> 85"');
  }
  return problems;
}

/** Problems with the shape of a log monitor query (`logs("...").index("*").rollup("count").last("5m") > 10`). */
export function logQueryProblems(query: string): string[] {
  const problems: string[] = [];
  if (!/^logs\(".*"\)/.test(query)) problems.push('must start with logs("<search>")');
  if (!/\.last\("\d+[mhd]"\)/.test(query)) problems.push('must name an evaluation window such as .last("5m")');
  problems.push(...bracketProblems(query));
  if (!queryComparison(query)) problems.push('must end with a comparison such as "> 10"');
  return problems;
}

/** Problems with the shape of a service check query (`"http.can_connect".over("*").by("host").last(3).count_by_status()`). */
export function serviceCheckQueryProblems(query: string): string[] {
  const problems: string[] = [];
  if (!/^"[^"]+"\.over\(/.test(query)) problems.push('must start with "<check name>".over(<tags>)');
  if (!/\.last\(\d+\)/.test(query)) problems.push('must count the last N checks with .last(N)');
  problems.push(...bracketProblems(query));
  return problems;
}

function bracketProblems(query: string): string[] {
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: string[] = [];
  let quoted = false;
  for (const ch of query) {
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if ('({['.includes(ch)) stack.push(ch);
    if (ch in pairs && stack.pop() !== pairs[ch]) return [`has an unmatched "${ch}"`];
  }
  return stack.length ? [`has an unclosed "${stack[stack.length - 1]}"`] : [];
}
