import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acceptLogRetention } from '../core/accepted-findings';

/** Props of `PlatformWebAcl`. */
export interface PlatformWebAclProps {
  /** Requests per 5 minutes from one IP before it is blocked. */
  readonly rateLimit: number;
  /** Retention of the WAF log group. */
  readonly logRetention: logs.RetentionDays;
  /** Key the WAF log group is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /**
   * `REGIONAL` for load balancers and REST APIs; `CLOUDFRONT` for distributions (created in us-east-1).
   * @default 'REGIONAL'
   */
  readonly scope?: string;
}

/** AWS managed rule groups every internet-facing entry point gets (EDGE-03). */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/**
 * The WAFv2 web ACL in front of the platform's load balancers, APIs and distributions (EDGE-03): AWS managed
 * common, SQL injection and known-bad-inputs rule groups, a per-IP rate-based rule, and logging to
 * an encrypted CloudWatch log group.
 */
export class PlatformWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: PlatformWebAclProps) {
    super(scope, id);
    const name = Stack.of(this).stackName;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: props.scope ?? 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${name}-web-acl`),
      rules: [
        ...MANAGED_RULE_GROUPS.map((group, i): wafv2.CfnWebACL.RuleProperty => ({
          name: group,
          priority: i,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
          visibilityConfig: visibility(group),
        })),
        {
          name: 'RateLimitPerIp',
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });

    // WAF only logs to log groups whose name starts with aws-waf-logs-.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${name}`,
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
    });
    acceptLogRetention(this.logGroup, props.logRetention);
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group ARN without the trailing ":*" that GetAtt Arn carries.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    });
  }
}
