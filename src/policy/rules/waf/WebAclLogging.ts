import { NagMessageLevel } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';

/** EDGE-03: the web ACL logs its decisions. */
export const WebAclLogging: PolicyRule = {
  id: 'WAF5',
  requirements: ['EDGE-03'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::WAFv2::WebACL'],
  cause: () => 'The web ACL has no logging configuration.',
  fix: () => 'Add a wafv2.CfnLoggingConfiguration for the ACL, delivered to a CloudWatch log group named aws-waf-logs-... (retention per LOG-01).',
  explanation: 'Without WAF logs nobody can tell a blocked attack from a blocked customer, or tune the rules.',
  check: node => compliantIf(matchesOrUnresolved(referrers(node, appResources(node, 'AWS::WAFv2::LoggingConfiguration'), 'ResourceArn', p => p.ResourceArn)).length > 0),
};
