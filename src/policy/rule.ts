import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { PolicyThresholds } from './thresholds';

/**
 * One rule of the TenantPlatformChecks pack: what it checks, why, how to fix a finding, and the
 * check itself. Each rule lives in its own file under `rules/<service>/`.
 *
 * The check is a pure function of one CloudFormation resource (and, where the requirement relates
 * resources, of the app around it). It reads the resource as it will be synthesized, so it works
 * on any app: higher-level constructs, raw `Cfn*` resources and escape-hatch overrides alike.
 */
export interface PolicyRule {
  /** The id after `TenantPlatform-`, e.g. `RDS4`. */
  readonly id: string;
  /** The requirement IDs (REQUIREMENTS.md) this rule enforces, e.g. `['DB-04']`. */
  readonly requirements: string[];
  /** Error for production requirements, warning where REQUIREMENTS.md says so. */
  readonly level: NagMessageLevel;
  /** The CloudFormation resource types the rule looks at; every other resource is not applicable. */
  readonly resourceTypes: string[];
  /** What is wrong when the rule fires, for the given thresholds. */
  readonly cause: (thresholds: PolicyThresholds) => string;
  /** How to fix it, for the given thresholds. */
  readonly fix: (thresholds: PolicyThresholds) => string;
  /** Why the requirement exists (shown with `verbose: true`). */
  readonly explanation: string;
  /**
   * Checks one resource. Returns a compliance or a list of granular findings (reported as
   * `TenantPlatform-<id>[finding]`). Throws `UnresolvedValue` when a value it needs is not known
   * at synth time; the pack reports that as a warning instead of passing the resource.
   */
  readonly check: (node: CfnResource, thresholds: PolicyThresholds) => NagRuleResult;
}

/** The full rule id of `rule` as it appears in reports and acknowledgements. */
export function ruleId(rule: PolicyRule): string {
  return `${RULE_ID_PREFIX}${rule.id}`;
}

/** The name of the pack: the plugin name in validation-report.json and the prefix of every rule id. */
export const PACK_NAME = 'TenantPlatform';

/** The prefix of every rule id of the pack. */
export const RULE_ID_PREFIX = `${PACK_NAME}-`;

/** The `info` entry with which the pack, as a plugin, reports what it checked (not a finding). */
export const SUMMARY_RULE_NAME = `${RULE_ID_PREFIX}Summary`;

/**
 * Thrown by a check when a value it needs cannot be known at synth time (a parameter, an import
 * that no stack of the app exports, a physical name of a resource outside the app). The pack turns
 * it into a warning finding `TenantPlatform-<id>[Unresolved:<property>]`.
 */
export class UnresolvedValue extends Error {
  constructor(
    /** The CloudFormation property (path) that could not be resolved, e.g. `BackupRetentionPeriod`. */
    public readonly property: string,
    /** The value as far as it resolved, e.g. `{"Ref":"RetentionDays"}`. */
    public readonly value: unknown,
  ) {
    super(`${property} is not known at synth time: ${JSON.stringify(value)}`);
  }
}

/** `COMPLIANT` when `condition` holds, else `NON_COMPLIANT` (an absent setting does not hold). */
export function compliantIf(condition: boolean | undefined): NagRuleCompliance {
  return condition ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
