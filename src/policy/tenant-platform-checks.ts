import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { INagValidationContext, NagMessageLevel, NagPack, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { isAcknowledged } from './acknowledgements';
import { findingText, findRule, ruleDocumentation, unresolvedFinding } from './messages';
import { PACK_NAME, PolicyRule, SUMMARY_RULE_NAME, UnresolvedValue, ruleId } from './rule';
import { RULES } from './rules';
import { withRunCache, withSynthesizedTemplates } from './template';
import { TenantPlatformChecksProps } from './tenant-platform-checks-props';
import { PolicyThresholds, policyThresholds } from './thresholds';

/** The rules of each CloudFormation type, in the order of `RULES`. */
const RULES_BY_TYPE = new Map<string, PolicyRule[]>();
for (const rule of RULES) {
  for (const type of new Set(rule.resourceTypes)) RULES_BY_TYPE.set(type, [...RULES_BY_TYPE.get(type) ?? [], rule]);
}

/**
 * The cdk-nag 3 rule pack that proves the requirements of cdk-tenant-platform (REQUIREMENTS.md) on
 * any CDK app, registered as a policy-validation plugin. Only errors fail the synth; a value unknown
 * at synth is a warning `TenantPlatform-<id>[Unresolved:<property>]`, never a pass. Rules, levels and
 * the `TenantPlatform-Summary` entry: RULES.md; usage: README, "Policy as code".
 */
export class TenantPlatformChecks extends NagPack {
  public readonly name = PACK_NAME;
  public readonly ruleIds?: string[] = RULES.map(ruleId);
  private readonly thresholds: PolicyThresholds;
  private resourcesChecked = 0;

  constructor(scope?: IConstruct, props: TenantPlatformChecksProps = {}) {
    super(scope, props);
    this.packName = PACK_NAME;
    this.thresholds = policyThresholds(props);
  }

  /** Entry point of the CDK validation framework: `validateScope` of the app, plus the summary. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = withSynthesizedTemplates(context.stackTemplates ?? [], () => super.validate(context));
    return { ...report, violations: [...report.violations, this.summary(report, (context as INagValidationContext).appConstruct)] };
  }

  /**
   * Validates the construct tree below `scope`. Each violation carries its fix (`suggestedFix` in
   * validation-report.json) and the requirements it enforces (`ruleMetadata.requirements`); the
   * report fails only when an error remains.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.resourcesChecked = 0;
    const report = withRunCache(() => super.validateScope(scope));
    const violations = report.violations.map(v => this.described(v));
    return { ...report, success: !violations.some(v => v.severity === 'error'), violations };
  }

  protected checkResource(node: CfnResource): void {
    this.resourcesChecked++;
    for (const rule of RULES_BY_TYPE.get(node.cfnResourceType) ?? []) this.applyPolicyRule(rule, node);
  }

  private applyPolicyRule(rule: PolicyRule, node: CfnResource): void {
    let result: NagRuleResult | undefined;
    let failure: unknown;
    try {
      result = rule.check(node, this.thresholds);
    } catch (e) {
      if (e instanceof UnresolvedValue) {
        const finding = unresolvedFinding(e.property);
        this.applyRule({
          ruleSuffixOverride: rule.id,
          level: NagMessageLevel.WARN,
          info: findingText(rule, this.thresholds, `${ruleId(rule)}[${finding}]`).message,
          explanation: rule.explanation,
          node,
          rule: () => [finding],
        });
        return;
      }
      failure = e; // a defect in the rule: cdk-nag reports it as a violation at the rule's level
    }
    this.applyRule({
      ruleSuffixOverride: rule.id,
      level: rule.level,
      info: findingText(rule, this.thresholds).message,
      explanation: rule.explanation,
      node,
      rule: () => {
        if (failure !== undefined) throw failure;
        return result!;
      },
    });
  }

  private described(violation: PolicyViolation): PolicyViolation {
    const rule = findRule(violation.ruleName);
    if (!rule) return violation;
    return {
      ...violation,
      fix: findingText(rule, this.thresholds, violation.ruleName).fix,
      ruleMetadata: { ...violation.ruleMetadata, requirements: rule.requirements.join(', '), documentation: ruleDocumentation(rule) },
    };
  }

  /** The pack's account of its run; it counts the findings left once CDK applies acknowledgements. */
  private summary(report: PolicyValidationPluginReport, app: IConstruct): PolicyViolation {
    const count = (severity: string, noun: string) => {
      const n = report.violations.filter(v => v.severity === severity)
        .flatMap(v => v.violatingResources.filter(r => !isAcknowledged(app, r.constructPath ?? '', `${PACK_NAME}::${v.ruleName}`)))
        .length;
      return `${n} ${noun}${n === 1 ? '' : 's'}`;
    };
    return {
      ruleName: SUMMARY_RULE_NAME,
      severity: 'info',
      description: `${PACK_NAME} checked ${this.resourcesChecked} CloudFormation resources against ${RULES.length} rules with the ` +
        `${this.thresholds.environment.toUpperCase()} profile: ${count('error', 'error')}, ${count('warning', 'warning')}.`,
      violatingResources: [{ constructPath: '', locations: [] }],
      ruleMetadata: { environment: this.thresholds.environment, rules: String(RULES.length), resources: String(this.resourcesChecked) },
    };
  }
}
