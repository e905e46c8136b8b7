import { checkCompositeExpression } from './composite-validation';
import { monitorProblems } from './monitor-validation';
import { DesiredResource, ResourceKind } from '../model/desired-resource';

/**
 * MON-04 checks of the monitors of a whole cloud assembly, offline: each monitor's fields, query
 * and thresholds; each composite's syntax, its references (present in the app, not composite,
 * at most 10). Problems are prefixed with the construct path.
 */
export function assemblyProblems(resources: readonly DesiredResource[]): string[] {
  const monitors = new Map(resources.filter(r => r.kind === ResourceKind.MONITOR).map(r => [r.identity.id, r]));
  // A synthetics test owns a monitor that composites can reference too.
  const referenceable = new Map(resources.filter(r => r.kind === ResourceKind.MONITOR || r.kind === ResourceKind.SYNTHETICS_API_TEST)
    .map(r => [r.identity.id, r]));
  const problems: string[] = [];
  for (const resource of monitors.values()) {
    const at = (problem: string) => `${resource.identity.path}: ${problem}`;
    if (resource.body.type !== 'composite') {
      problems.push(...monitorProblems(resource.body).map(at));
      continue;
    }
    const names = resource.references.map((_, i) => `{{ref:${i}}}`);
    const expression = String(resource.body.query).replace(/\{\{ref:(\d+)\}\}/g, 'ref$1');
    problems.push(...checkCompositeExpression(expression, names.map((_, i) => `ref${i}`)).problems.map(at));
    for (const identity of resource.references) {
      const child = referenceable.get(identity);
      if (!child) problems.push(at(`references monitor ${identity}, which is not in the app`));
      else if (child.body.type === 'composite') problems.push(at(`references composite ${child.identity.path}; composites cannot reference composites`));
    }
  }
  return problems;
}
