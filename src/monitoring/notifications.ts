import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Who is told about an alarm of each severity (MON-02). Critical alarms go to PagerDuty, Slack and
 * email at once; warnings to Slack; info to a Slack monitoring channel. Every list is optional,
 * but a production platform must reach someone for critical alarms.
 */
export interface PlatformNotifications {
  /**
   * Email addresses told about critical alarms (on-call, operations lead).
   * @default - no email for critical alarms
   */
  readonly criticalEmails?: string[];
  /**
   * Email addresses told about warnings.
   * @default - no email for warnings
   */
  readonly warningEmails?: string[];
  /**
   * Email addresses told about info events.
   * @default - no email for info events
   */
  readonly infoEmails?: string[];
  /**
   * Secrets Manager secret holding the HTTPS endpoint of a PagerDuty service's Amazon SNS
   * integration (`https://events.pagerduty.com/integration/<key>/enqueue`), which contains the
   * integration key. The critical topic subscribes it through a CloudFormation dynamic reference,
   * so the key is in no template, logical id, metadata or tree.json. Critical alarms only.
   * @default - no PagerDuty
   */
  readonly pagerDutyEndpointSecret?: secretsmanager.ISecret;
  /**
   * The JSON field of `pagerDutyEndpointSecret` that holds the endpoint.
   * @default - the whole secret string is the endpoint
   */
  readonly pagerDutyEndpointSecretField?: string;
  /**
   * Slack workspace (team) id authorised in AWS Chatbot, e.g. `T0123ABCD`. Required with any Slack channel.
   * @default - no Slack
   */
  readonly slackWorkspaceId?: string;
  /**
   * Slack channel id for critical alarms (e.g. `#alerts`).
   * @default - critical alarms are not sent to Slack
   */
  readonly criticalSlackChannelId?: string;
  /**
   * Slack channel id for warnings (e.g. `#alerts`).
   * @default - warnings are not sent to Slack
   */
  readonly warningSlackChannelId?: string;
  /**
   * Slack channel id for info events (e.g. `#monitoring`).
   * @default - info events are not sent to Slack
   */
  readonly infoSlackChannelId?: string;
}
