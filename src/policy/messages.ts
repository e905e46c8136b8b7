import { PolicyRule, RULE_ID_PREFIX, ruleId } from './rule';
import { RULES } from './rules';
import { PolicyThresholds } from './thresholds';

/** Where RULES.md is published; each rule has an anchor there named after its lower-cased id. */
export const RULES_DOCUMENT_URL = 'https://github.com/cdk-tenant-platform/cdk-tenant-platform/blob/main/RULES.md';

/** The granular finding of a value a rule could not resolve: `Unresolved:<property>`. */
const UNRESOLVED_FINDING = /\[Unresolved:([^\]]+)\]$/;

/** What a finding says: the requirement and what is wrong (the message), and how to fix it. */
export interface FindingText {
  /** The requirement IDs and what is wrong, e.g. `DB-04: The database keeps ...`. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The finding `TenantPlatform-<id>[Unresolved:<property>]` for a value `rule` could not resolve. */
export function unresolvedFinding(property: string): string {
  return `Unresolved:${property}`;
}

/** The texts of a finding of `rule` (a plain one, or one for an unresolved value) under the given thresholds. */
export function findingText(rule: PolicyRule, thresholds: PolicyThresholds, ruleName = ruleId(rule)): FindingText {
  const requirements = rule.requirements.join(', ');
  const unresolved = UNRESOLVED_FINDING.exec(ruleName)?.[1];
  if (unresolved === undefined) return { message: `${requirements}: ${rule.cause(thresholds)}`, fix: rule.fix(thresholds) };
  return {
    message: `${requirements}: ${ruleId(rule)} could not be checked because ${unresolved} is not known at synth time ` +
      '(a parameter, an import no stack of this app exports, a condition, or a resource outside the app).',
    fix: `Give ${unresolved} a value this app defines, or verify ${requirements} by hand and acknowledge ${ruleName} with the reason.`,
  };
}

/** The rule's row in RULES.md. */
export function ruleDocumentation(rule: PolicyRule): string {
  return `${RULES_DOCUMENT_URL}#${ruleId(rule).toLowerCase()}`;
}

/** The rule a reported rule name (`TenantPlatform-RDS4` or `TenantPlatform-RDS4[finding]`) belongs to. */
export function findRule(ruleName: string): PolicyRule | undefined {
  if (!ruleName.startsWith(RULE_ID_PREFIX)) return undefined;
  const id = ruleName.slice(RULE_ID_PREFIX.length).replace(/\[.*$/, '');
  return RULES.find(rule => rule.id === id);
}
