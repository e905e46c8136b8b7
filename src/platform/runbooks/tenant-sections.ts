import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TenantFacts } from './tenant-facts';
import { TenantServiceRunbookContext } from './tenant-runbook-context';
import { PropProblems } from '../../core/validation';
import { checkHost } from '../../runbooks/input-checks';
import { Runbook } from '../../runbooks/runbook';
import { RunbookSection } from '../../runbooks/runbook-section';

export { TenantRunbookSection, tenantSectionAnchor } from './tenant-runbook-context';
export type { TenantServiceRunbookContext } from './tenant-runbook-context';

const TENANT_ID = /^[a-z][a-z0-9-]{1,30}$/;

/**
 * The runbook sections of one tenant service: addition, removal, manual rollback with a dry run,
 * scale out, and troubleshooting (describe tasks, tail logs, force a new deployment) — OPS-01,
 * OPS-03, with the tenant's real stack, cluster, service and log group.
 */
export class TenantServiceRunbookSections {
  /** Adds the tenant's sections to the runbook of `scope`'s stack. */
  public static addTo(scope: IConstruct, context: TenantServiceRunbookContext): void {
    const runbook = Runbook.of(scope);
    for (const section of TenantServiceRunbookSections.create(scope, context)) runbook.addSection(section);
  }

  /** The tenant's sections, for a tenant in `scope`'s stack. */
  public static create(scope: IConstruct, context: TenantServiceRunbookContext): RunbookSection[] {
    const problems = new PropProblems('');
    problems.matches('TenantServiceRunbookContext.tenantId', context.tenantId, TENANT_ID);
    const integers = Number.isInteger(context.minCapacity) && Number.isInteger(context.maxCapacity);
    if (!(integers && context.minCapacity >= 1 && context.maxCapacity >= context.minCapacity)) {
      problems.report('TenantServiceRunbookContext capacity', `${context.minCapacity}..${context.maxCapacity}`, 'must be integers with 1 ≤ minCapacity ≤ maxCapacity');
    }
    if (context.hostHeader !== undefined) checkHost('TenantServiceRunbookContext.hostHeader', context.hostHeader, problems);
    problems.throwIfAny();
    const t = new TenantFacts(Stack.of(scope), context);
    return [t.addition(), t.removal(), t.rollback(), t.scaleOut(), t.troubleshooting()];
  }

  private constructor() {}
}
