// How many Datadog resources of each level a cloud assembly declares (printed by `npm run example`).
// It reads only the synthesized templates: every Datadog construct is a `Custom::Datadog*` resource
// whose `Definition` property holds the resource as JSON (docs/datadog.md).
import * as cxapi from 'aws-cdk-lib/cx-api';

/** A Datadog resource as the `Definition` property of its custom resource declares it. */
export interface DatadogDefinition {
  /** `monitor` (composites included), `slo`, `synthetics-api-test`, `downtime` or `dashboard`. */
  readonly kind: string;
  /** Its stack (lower-cased, as Datadog tags it) and construct path. */
  readonly identity: { readonly stack: string; readonly path: string };
  /** The Datadog API body: a monitor's `type` and `tags` tell composites and levels apart. */
  readonly body: { readonly type?: unknown; readonly tags?: unknown };
}

/** Datadog resources of one stack (or of the whole app) by level of the monitoring hierarchy. */
export interface DatadogCounts {
  /** Monitor level L0: platform monitors (load balancers, cluster, NAT, WAF, database). */
  l0: number;
  /** Monitor level L2: shared-service monitors (per ALB shard). */
  l2: number;
  /** Monitor level L3: tenant symptom monitors (the synthetics tests excluded). */
  l3: number;
  /** Composites `L3 && !L2` that notify for the monitor level L3 symptoms. */
  composites: number;
  syntheticsTests: number;
  slos: number;
  downtimes: number;
  dashboards: number;
}

const EMPTY: DatadogCounts = { l0: 0, l2: 0, l3: 0, composites: 0, syntheticsTests: 0, slos: 0, downtimes: 0, dashboards: 0 };

/** Counts `resources` by level (the `level:lN` tag) and kind. */
export function countDatadog(resources: readonly DatadogDefinition[]): DatadogCounts {
  const counts = { ...EMPTY };
  for (const r of resources) {
    if (r.kind === 'slo') {counts.slos++;} else if (r.kind === 'downtime') {counts.downtimes++;} else if (r.kind === 'dashboard') {counts.dashboards++;} else if (r.kind === 'synthetics-api-test') {counts.syntheticsTests++;} else if (r.body.type === 'composite') {counts.composites++;} else {
      const level = (r.body.tags as string[]).find(t => /^level:l[023]$/.test(t))?.slice('level:'.length) as 'l0' | 'l2' | 'l3' | undefined;
      if (!level) throw new Error(`${r.identity.path}: monitor without a level tag`);
      counts[level]++;
    }
  }
  return counts;
}

/** The counts of every stack of the cloud assembly at `dir` (stack names lower-cased, as Datadog tags them), and the total. */
export function countDatadogByStack(dir: string): { stacks: Map<string, DatadogCounts>; total: DatadogCounts } {
  const resources = readDefinitions(dir);
  const stacks = new Map<string, DatadogCounts>();
  for (const stack of new Set(resources.map(r => r.identity.stack))) {
    stacks.set(stack, countDatadog(resources.filter(r => r.identity.stack === stack)));
  }
  return { stacks, total: countDatadog(resources) };
}

/** The Datadog resources of every stack of the cloud assembly at `dir`, nested assemblies (stages) included. */
function readDefinitions(dir: string): DatadogDefinition[] {
  return new cxapi.CloudAssembly(dir).stacksRecursively.flatMap(stack => Object.values<any>(stack.template.Resources ?? {})
    .filter(resource => typeof resource.Type === 'string' && resource.Type.startsWith('Custom::Datadog'))
    .map(resource => JSON.parse(resource.Properties.Definition) as DatadogDefinition));
}

/** One line: `L0 10, L2 3, L3 15, composites 18, synthetics 3, SLOs 3, downtimes 1, dashboards 1`. */
export function describeCounts(c: DatadogCounts): string {
  return `L0 ${c.l0}, L2 ${c.l2}, L3 ${c.l3}, composites ${c.composites}, synthetics ${c.syntheticsTests}, ` +
    `SLOs ${c.slos}, downtimes ${c.downtimes}, dashboards ${c.dashboards}`;
}
