import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { flagged, newStack } from '../../support/policy';

function managed(name: string, priority: number, count = false): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    overrideAction: count ? { count: {} } : { none: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

const rateLimit: wafv2.CfnWebACL.RuleProperty = {
  name: 'RateLimit',
  priority: 10,
  statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
  action: { block: {} },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'RateLimit', sampledRequestsEnabled: true },
};

function webAcl(stack: Stack, rules: wafv2.CfnWebACL.RuleProperty[]): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(stack, 'Acl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    rules,
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'platform', sampledRequestsEnabled: true },
  });
}

const required = [
  managed('AWSManagedRulesCommonRuleSet', 1),
  managed('AWSManagedRulesSQLiRuleSet', 2),
  managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
  rateLimit,
];

describe('TenantPlatform-WAF4 (EDGE-03)', () => {
  test('EDGE-03: SQLi in count mode and no rate-based rule are each a finding', () => {
    const stack = newStack();
    const acl = webAcl(stack, [managed('AWSManagedRulesCommonRuleSet', 1), managed('AWSManagedRulesSQLiRuleSet', 2, true), managed('AWSManagedRulesKnownBadInputsRuleSet', 3)]);
    expect(flagged(stack, 'WAF4')).toEqual([`${acl.node.path}[AWSManagedRulesSQLiRuleSet]`, `${acl.node.path}[RateBasedRule]`]);
  });

  test('EDGE-03: common, SQLi and known-bad-inputs groups plus a blocking rate-based rule pass', () => {
    const stack = newStack();
    webAcl(stack, required);
    expect(flagged(stack, 'WAF4')).toEqual([]);
  });
});

describe('TenantPlatform-WAF5 (EDGE-03)', () => {
  test('EDGE-03: a web ACL without logging is flagged', () => {
    const stack = newStack();
    const acl = webAcl(stack, required);
    expect(flagged(stack, 'WAF5')).toEqual([acl.node.path]);
  });

  test('EDGE-03: a web ACL logging to CloudWatch Logs passes', () => {
    const stack = newStack();
    const acl = webAcl(stack, required);
    const group = new logs.LogGroup(stack, 'WafLogs', { logGroupName: 'aws-waf-logs-platform' });
    new wafv2.CfnLoggingConfiguration(stack, 'WafLogging', { resourceArn: acl.attrArn, logDestinationConfigs: [group.logGroupArn] });
    expect(flagged(stack, 'WAF5')).toEqual([]);
  });
});
