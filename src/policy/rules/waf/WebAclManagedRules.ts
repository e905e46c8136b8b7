import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** The AWS managed rule groups EDGE-03 requires. */
const REQUIRED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];
/** The finding for a web ACL without a blocking rate-based rule. */
const RATE_BASED_RULE = 'RateBasedRule';

/** EDGE-03: the web ACL blocks with the AWS common, SQLi and known-bad-inputs rule groups and a rate-based rule. */
export const WebAclManagedRules: PolicyRule = {
  id: 'WAF4',
  requirements: ['EDGE-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::WAFv2::WebACL'],
  cause: () => `The web ACL lacks the rule named in brackets, or runs it in count mode; EDGE-03 requires ${REQUIRED_RULE_GROUPS.join(', ')} and a rate-based rule, all blocking.`,
  fix: () => 'Add the missing rule: a ManagedRuleGroupStatement (VendorName AWS) with OverrideAction none, or a RateBasedStatement with a block action.',
  explanation: 'The managed groups stop OWASP top-10 style attacks and known exploit payloads; the rate-based rule stops a single client from flooding a tenant.',
  check: node => {
    const rules = listOf(propertiesOf(node).Rules, 'Rules');
    const blockingGroups = rules
      .filter(rule => rule?.OverrideAction?.Count === undefined)
      .map(rule => rule?.Statement?.ManagedRuleGroupStatement)
      .filter(group => group?.VendorName === 'AWS')
      .map(group => group.Name);
    const rateLimited = rules.some(rule => rule?.Statement?.RateBasedStatement !== undefined && rule?.Action?.Count === undefined);
    const missing = REQUIRED_RULE_GROUPS.filter(name => !blockingGroups.includes(name));
    if (!rateLimited) missing.push(RATE_BASED_RULE);
    return missing.length === 0 ? NagRuleCompliance.COMPLIANT : missing;
  },
};
