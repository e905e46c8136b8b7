import { CfnResource, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { describeRule, findRule, unresolvedMessage } from './messages';
import { PACK_NAME, PolicyRule, UnresolvedValue, ruleId } from './rule';
import { RULES } from './rules';
import { withRunCache } from './template';
import { TenantPlatformChecksProps } from './tenant-platform-checks-props';
import { PolicyThresholds, policyThresholds } from './thresholds';

/**
 * The cdk-nag 3 rule pack that proves the requirements of cdk-tenant-platform (REQUIREMENTS.md)
 * on any CDK app, whether or not it uses this library's constructs.
 *
 * Register it as a policy-validation plugin:
 * `Validations.of(app).addPlugins(new TenantPlatformChecks(app, { environment: PlatformEnvironment.PRODUCTION }))`.
 * Findings are `TenantPlatform-<Area><n>` (see RULES.md); acknowledge one with
 * `Validations.of(construct).acknowledge({ id: 'TenantPlatform-RDS4', reason: '...' })`.
 *
 * A value a rule needs that is not known at synth time (a parameter, an import from outside the
 * app) is never passed: it is reported as a warning `TenantPlatform-<id>[Unresolved:<property>]`.
 */
export class TenantPlatformChecks extends NagPack {
  public readonly name = PACK_NAME;
  public readonly ruleIds?: string[] = RULES.map(ruleId);
  private readonly thresholds: PolicyThresholds;

  constructor(scope?: IConstruct, props: TenantPlatformChecksProps = {}) {
    super(scope, props);
    this.packName = PACK_NAME;
    this.thresholds = policyThresholds(props);
  }

  /**
   * Validates the construct tree below `scope`. Each violation carries its fix (`suggestedFix` in
   * validation-report.json) and the requirement it enforces (`ruleMetadata.requirements`).
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = withRunCache(() => super.validateScope(scope));
    return { ...report, violations: report.violations.map(v => this.withFix(v)) };
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of RULES) {
      if (rule.resourceTypes.includes(node.cfnResourceType)) this.applyPolicyRule(rule, node);
    }
  }

  private applyPolicyRule(rule: PolicyRule, node: CfnResource): void {
    let result: NagRuleResult | undefined;
    let failure: unknown;
    try {
      result = rule.check(node, this.thresholds);
    } catch (e) {
      if (e instanceof UnresolvedValue) {
        this.applyRule({
          ruleSuffixOverride: rule.id,
          level: NagMessageLevel.WARN,
          info: unresolvedMessage(rule, e),
          explanation: rule.explanation,
          node,
          rule: () => [`Unresolved:${e.property}`],
        });
        return;
      }
      failure = e; // a defect in the rule: cdk-nag reports it as a violation at the rule's level
    }
    this.applyRule({
      ruleSuffixOverride: rule.id,
      level: rule.level,
      info: describeRule(rule, this.thresholds).message,
      explanation: rule.explanation,
      node,
      rule: () => {
        if (failure !== undefined) throw failure;
        return result!;
      },
    });
  }

  private withFix(violation: PolicyViolation): PolicyViolation {
    const rule = findRule(violation.ruleName);
    if (!rule) return violation;
    const description = describeRule(rule, this.thresholds);
    return {
      ...violation,
      fix: description.fix,
      ruleMetadata: { ...violation.ruleMetadata, requirements: rule.requirements.join(', '), documentation: description.documentation },
    };
  }
}
