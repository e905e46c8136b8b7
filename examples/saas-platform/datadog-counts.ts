// How many Datadog resources of each level a cloud assembly declares (printed by `npm run example`).
import { DesiredResource, ResourceKind } from '../../src/monitoring/datadog/model/desired-resource';
import { readDesiredState } from '../../src/monitoring/datadog/sync/assembly';

/** Datadog resources of one stack (or of the whole app) by level of the monitoring hierarchy. */
export interface DatadogCounts {
  /** L0 platform monitors (load balancers, cluster, NAT, WAF, database). */
  l0: number;
  /** L2 shared-service monitors (per ALB shard). */
  l2: number;
  /** L3 tenant symptom monitors (the synthetics tests excluded). */
  l3: number;
  /** Composites `L3 && !L2` that notify for the L3 symptoms. */
  composites: number;
  syntheticsTests: number;
  slos: number;
  downtimes: number;
  dashboards: number;
}

const EMPTY: DatadogCounts = { l0: 0, l2: 0, l3: 0, composites: 0, syntheticsTests: 0, slos: 0, downtimes: 0, dashboards: 0 };

/** Counts `resources` by level (the `level:lN` tag) and kind. */
export function countDatadog(resources: readonly DesiredResource[]): DatadogCounts {
  const counts = { ...EMPTY };
  for (const r of resources) {
    if (r.kind === ResourceKind.SLO) {counts.slos++;} else if (r.kind === ResourceKind.DOWNTIME) {counts.downtimes++;} else if (r.kind === ResourceKind.DASHBOARD) {counts.dashboards++;} else if (r.kind === ResourceKind.SYNTHETICS_API_TEST) {counts.syntheticsTests++;} else if (r.body.type === 'composite') {counts.composites++;} else {
      const level = (r.body.tags as string[]).find(t => /^level:l[023]$/.test(t))?.slice('level:'.length) as 'l0' | 'l2' | 'l3' | undefined;
      if (!level) throw new Error(`${r.identity.path}: monitor without a level tag`);
      counts[level]++;
    }
  }
  return counts;
}

/** The counts of every stack of the cloud assembly at `dir` (stack names lower-cased, as Datadog tags them), and the total. */
export function countDatadogByStack(dir: string): { stacks: Map<string, DatadogCounts>; total: DatadogCounts } {
  const { resources } = readDesiredState(dir);
  const stacks = new Map<string, DatadogCounts>();
  for (const stack of new Set(resources.map(r => r.identity.stack))) {
    stacks.set(stack, countDatadog(resources.filter(r => r.identity.stack === stack)));
  }
  return { stacks, total: countDatadog(resources) };
}

/** One line: `L0 10, L2 3, L3 15, composites 18, synthetics 3, SLOs 3, downtimes 1, dashboards 1`. */
export function describeCounts(c: DatadogCounts): string {
  return `L0 ${c.l0}, L2 ${c.l2}, L3 ${c.l3}, composites ${c.composites}, synthetics ${c.syntheticsTests}, ` +
    `SLOs ${c.slos}, downtimes ${c.downtimes}, dashboards ${c.dashboards}`;
}
