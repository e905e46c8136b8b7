import { PolicyRule, RULE_ID_PREFIX, UnresolvedValue, ruleId } from './rule';
import { RULES } from './rules';
import { PolicyThresholds } from './thresholds';

/** Where RULES.md is published; each rule has an anchor there named after its lower-cased id. */
export const RULES_DOCUMENT_URL = 'https://github.com/cdk-tenant-platform/cdk-tenant-platform/blob/main/RULES.md';

/** What a finding of a rule says. */
export interface RuleDescription {
  /** The finding's message: the requirement, what is wrong and how to fix it. */
  readonly message: string;
  /** What is wrong. */
  readonly cause: string;
  /** How to fix it. */
  readonly fix: string;
  /** The rule's row in RULES.md. */
  readonly documentation: string;
}

/** The texts of `rule` for the given thresholds. */
export function describeRule(rule: PolicyRule, thresholds: PolicyThresholds): RuleDescription {
  const cause = rule.cause(thresholds);
  const fix = rule.fix(thresholds);
  return {
    message: `${rule.requirements.join(', ')}: ${cause} Fix: ${fix}`,
    cause,
    fix,
    documentation: `${RULES_DOCUMENT_URL}#${ruleAnchor(rule)}`,
  };
}

/** The anchor of `rule` in RULES.md. */
export function ruleAnchor(rule: PolicyRule): string {
  return ruleId(rule).toLowerCase();
}

/** The message of the warning that replaces a finding when a value cannot be resolved. */
export function unresolvedMessage(rule: PolicyRule, unresolved: UnresolvedValue): string {
  const id = ruleId(rule);
  return `${rule.requirements.join(', ')}: ${id} could not be checked because ${unresolved.property} is not known at synth time ` +
    '(a parameter, an import no stack of this app exports, a condition, or a resource outside the app). ' +
    `Fix: give ${unresolved.property} a value this app defines, or verify the requirement by hand and acknowledge ` +
    `${id}[Unresolved:${unresolved.property}] with the reason.`;
}

/** The rule a reported rule name (`TenantPlatform-RDS4` or `TenantPlatform-RDS4[finding]`) belongs to. */
export function findRule(ruleName: string): PolicyRule | undefined {
  if (!ruleName.startsWith(RULE_ID_PREFIX)) return undefined;
  const id = ruleName.slice(RULE_ID_PREFIX.length).replace(/\[.*$/, '');
  return RULES.find(rule => rule.id === id);
}
