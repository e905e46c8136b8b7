import { Stack, Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ITenantPlatform } from '../platform-context';

/** Tag key naming the platform on every resource of its stacks: the cost allocation tag budgets filter by (MON-09). */
export const PLATFORM_COST_TAG = 'tenant-platform';
/** Tag key naming the tenant on every resource of its stack: cost per tenant in Cost Explorer. */
export const TENANT_COST_TAG = 'tenant-platform:tenant';

/** The value of `PLATFORM_COST_TAG` for `platform`: `<stack>-<id>`, like its export names. */
export function platformCostTagValue(platform: IConstruct): string {
  return `${Stack.of(platform).stackName}-${platform.node.id}`;
}

/**
 * Tags every resource of `scope`'s stack with the platform (and the tenant), so budgets and Cost
 * Explorer can filter the account's costs down to this platform once the tags are activated as
 * cost allocation tags.
 */
export function tagForCostAllocation(scope: IConstruct, platform: IConstruct | ITenantPlatform, tenantId?: string): void {
  const tags = Tags.of(Stack.of(scope));
  // A platform says its value (an imported one is not `<stack>-<id>` of this app); other owners derive it.
  tags.add(PLATFORM_COST_TAG, '_costTagValue' in platform ? platform._costTagValue : platformCostTagValue(platform));
  if (tenantId !== undefined) tags.add(TENANT_COST_TAG, tenantId);
}
