/**
 * Where a tenant lands on the platform's load balancers: which ALB shard and which listener-rule
 * priority. Both are derived from the tenant id alone, never from creation order, so adding or
 * removing a tenant never moves another one (and never changes another stack's template).
 */

import { PropProblems } from '../core/validation';

/** ALB quotas (per load balancer): listener rules excluding defaults, and target groups. */
export const ALB_QUOTAS = { rules: 100, targetGroups: 100 };

const MAX_PRIORITY = 50_000;

/** A stable listener-rule priority in [1, 50000] derived from the tenant id. */
export function listenerPriority(tenantId: string): number {
  return 1 + (fnv1a(`priority:${tenantId}`) % MAX_PRIORITY);
}

/** The shard (0-based) a tenant lands on when it does not pin one. */
export function defaultShard(tenantId: string, shardCount: number): number {
  return fnv1a(`shard:${tenantId}`) % shardCount;
}

/** 32-bit FNV-1a: tiny, stable across Node versions and platforms. */
/* eslint-disable no-bitwise */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
/* eslint-enable no-bitwise */

/** One tenant's claim on a shard. */
export interface TenantPlacement {
  readonly tenantId: string;
  readonly path: string;
  readonly hostHeaders: string[];
  readonly shard: number;
  readonly priority: number;
  readonly targetGroups: number;
}

/** The tenants of one platform; rejects duplicates, priority clashes and shards over quota. */
export class TenantRegistry {
  private readonly placements: TenantPlacement[] = [];
  // Indexes over `placements`, so that registering N tenants costs O(N), not O(N²).
  private readonly byId = new Map<string, TenantPlacement>();
  /** By host header in lower case: ALB host matching ignores case (HostHeaderConditionConfig). */
  private readonly byHost = new Map<string, TenantPlacement>();
  /** Per shard: its tenants by listener-rule priority (one rule each) and their target groups. */
  private readonly shards = new Map<number, { byPriority: Map<number, TenantPlacement>; targetGroups: number }>();

  /**
   * Registers a tenant, or throws once naming every clash of its props with the tenants registered
   * before (its id, a host header, its listener-rule priority) and how to resolve each; or, when
   * its shard has no room left under the ALB quotas, which shard to use instead.
   */
  public register(p: TenantPlacement): void {
    const clashes = new PropProblems(p.path);
    const sameId = this.byId.get(p.tenantId);
    if (sameId) {
      clashes.report('tenantId', p.tenantId, `is already used by ${sameId.path}; tenant ids must be unique on a platform`);
    }
    for (const host of p.hostHeaders) {
      const clash = this.byHost.get(host.toLowerCase());
      if (clash) {
        clashes.report('hostHeader', host, `of tenant "${p.tenantId}" is already routed to tenant "${clash.tenantId}" (${clash.path}); ` +
          'host headers must be unique on a platform');
      }
    }
    const shard = this.shards.get(p.shard) ?? { byPriority: new Map<number, TenantPlacement>(), targetGroups: 0 };
    // Priorities are unique on a shard. A tenant's default priority derives from its id: a namesake's
    // is the duplicate id's clash, reported above.
    const priorityClash = shard.byPriority.get(p.priority);
    if (priorityClash && priorityClash.tenantId !== p.tenantId) {
      clashes.report('listenerRulePriority', p.priority, `of tenant "${p.tenantId}" is already used on ALB shard ${p.shard + 1} ` +
        `by tenant "${priorityClash.tenantId}"; set listenerRulePriority explicitly to an unused value from 1 to ${MAX_PRIORITY}`);
    }
    clashes.throwIfAny();
    const rules = shard.byPriority.size + 1;
    const targetGroups = shard.targetGroups + p.targetGroups;
    if (rules > ALB_QUOTAS.rules || targetGroups > ALB_QUOTAS.targetGroups) {
      throw new Error(`${p.path}: ALB shard ${p.shard + 1} cannot take tenant "${p.tenantId}": it would hold ${rules} listener rules and ` +
        `${targetGroups} target groups (ALB quotas: ${ALB_QUOTAS.rules} and ${ALB_QUOTAS.targetGroups}). Set loadBalancerShard to a ` +
        'shard with room, or raise the platform\'s loadBalancerShards (pin existing tenants with loadBalancerShard first: ' +
        'unpinned tenants are spread by loadBalancerShards).');
    }
    this.placements.push(p);
    this.byId.set(p.tenantId, p);
    for (const host of p.hostHeaders) this.byHost.set(host.toLowerCase(), p);
    shard.byPriority.set(p.priority, p);
    shard.targetGroups = targetGroups;
    this.shards.set(p.shard, shard);
  }

  /** Tenants registered so far. */
  public get tenants(): readonly TenantPlacement[] {
    return this.placements;
  }
}
