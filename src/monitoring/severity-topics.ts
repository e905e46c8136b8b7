import { Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PlatformNotifications } from './notifications';
import { ALL_SEVERITIES, AlarmSeverity, severityName } from '../core/severity';
import { PropProblems, PropValidation } from '../core/validation';

/** Props of `SeverityTopics`. */
export interface SeverityTopicsProps {
  /** Subscribers per severity. */
  readonly notifications: PlatformNotifications;
  /** Key the topics are encrypted with; must let CloudWatch, EventBridge, Budgets and Backup publish. */
  readonly encryptionKey: kms.IKey;
  /** Whether the critical route must reach someone (production). */
  readonly requireCriticalSubscriber: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLACK_WORKSPACE = /^T[A-Z0-9]{6,}$/;
const SLACK_CHANNEL = /^[CG][A-Z0-9]{6,}$/;

/**
 * One encrypted, SSL-only SNS topic per severity with its subscribers (MON-02): email, Slack through
 * AWS Chatbot, and PagerDuty's HTTPS endpoint for critical alarms.
 */
export class SeverityTopics extends Construct {
  private readonly topics = new Map<AlarmSeverity, sns.Topic>();

  public constructor(scope: Construct, id: string, props: SeverityTopicsProps) {
    super(scope, id);
    const n = props.notifications;
    const check = new PropProblems(this.node.path);
    checkNotifications(check, n, props.requireCriticalSubscriber);
    check.throwIfAny();

    for (const severity of ALL_SEVERITIES) {
      const topic = new sns.Topic(this, severityName(severity), {
        displayName: `${Stack.of(this).stackName} ${severity} alarms`,
        masterKey: props.encryptionKey,
        enforceSSL: true,
      });
      for (const email of emailsFor(n, severity)) {
        topic.addSubscription(new subs.EmailSubscription(email));
      }
      if (severity === AlarmSeverity.CRITICAL && n.pagerDutyEndpointSecret) {
        topic.addSubscription(new subs.UrlSubscription(pagerDutyEndpoint(n.pagerDutyEndpointSecret, n.pagerDutyEndpointSecretField),
          { protocol: sns.SubscriptionProtocol.HTTPS }));
      }
      this.topics.set(severity, topic);
    }

    // One Chatbot configuration per Slack channel, subscribed to every severity routed there.
    const channels = new Map<string, AlarmSeverity[]>();
    for (const severity of ALL_SEVERITIES) {
      const channel = slackChannelFor(n, severity);
      if (channel) channels.set(channel, [...channels.get(channel) ?? [], severity]);
    }
    for (const [channel, severities] of channels) {
      new chatbot.SlackChannelConfiguration(this, `Slack${severities.map(severityName).join('')}`, {
        slackChannelConfigurationName: `${Stack.of(this).stackName}-${severities.join('-')}`.slice(0, 128),
        slackWorkspaceId: n.slackWorkspaceId!,
        slackChannelId: channel,
        notificationTopics: severities.map(s => this.topicFor(s)),
      });
    }
  }

  /** The topic alarms of `severity` notify. */
  public topicFor(severity: AlarmSeverity): sns.ITopic {
    return this.topics.get(severity)!;
  }
}

/**
 * Reports every problem of `n` to `check` (MON-02); `requireCritical`: critical alarms must reach
 * someone. Constructs that create their `SeverityTopics` after other resources check it up front.
 */
export function checkNotifications(check: PropValidation, n: PlatformNotifications, requireCritical: boolean): void {
  for (const severity of ALL_SEVERITIES) {
    for (const email of emailsFor(n, severity)) {
      check.matches(`notifications.${severity}Emails`, email, EMAIL, 'an email address');
    }
    const channel = slackChannelFor(n, severity);
    if (channel) {
      check.matches(`notifications.${severity}SlackChannelId`, channel, SLACK_CHANNEL, 'a Slack channel id such as C0123ABCD');
      if (!n.slackWorkspaceId) {
        check.report('notifications.slackWorkspaceId', undefined, `is required with notifications.${severity}SlackChannelId`);
      }
    }
  }
  if (n.slackWorkspaceId) {
    check.matches('notifications.slackWorkspaceId', n.slackWorkspaceId, SLACK_WORKSPACE, 'a Slack workspace id such as T0123ABCD');
  }
  if (n.pagerDutyEndpointSecretField !== undefined) {
    check.matches('notifications.pagerDutyEndpointSecretField', n.pagerDutyEndpointSecretField, /^[A-Za-z0-9_.-]{1,128}$/, 'a JSON key of the secret');
    if (!n.pagerDutyEndpointSecret) check.report('notifications.pagerDutyEndpointSecretField', n.pagerDutyEndpointSecretField, 'needs notifications.pagerDutyEndpointSecret');
  }
  const reachesCritical = emailsFor(n, AlarmSeverity.CRITICAL).length > 0 || !!n.pagerDutyEndpointSecret || !!n.criticalSlackChannelId;
  if (requireCritical && !reachesCritical) {
    // The props by name only: a secret construct does not serialise, and values need not be shown.
    check.report('notifications', `{${Object.keys(n).join(', ')}}`, 'must give critical alarms at least one subscriber (criticalEmails, pagerDutyEndpointSecret or criticalSlackChannelId) in production (MON-02)');
  }
}

function emailsFor(n: PlatformNotifications, severity: AlarmSeverity): string[] {
  switch (severity) {
    case AlarmSeverity.CRITICAL: return n.criticalEmails ?? [];
    case AlarmSeverity.WARNING: return n.warningEmails ?? [];
    default: return n.infoEmails ?? [];
  }
}

function slackChannelFor(n: PlatformNotifications, severity: AlarmSeverity): string | undefined {
  switch (severity) {
    case AlarmSeverity.CRITICAL: return n.criticalSlackChannelId;
    case AlarmSeverity.WARNING: return n.warningSlackChannelId;
    default: return n.infoSlackChannelId;
  }
}

/**
 * The PagerDuty endpoint as a CloudFormation dynamic reference (`{{resolve:secretsmanager:...}}`):
 * CloudFormation resolves it in `AWS::SNS::Subscription.Endpoint` (a secretsmanager reference may be
 * used in any resource property, and Endpoint is not the subscription's primary identifier, its ARN),
 * so the template, the logical id (a token gives the subscription a counter id, not the URL) and the
 * metadata hold the reference only. SNS itself shows the endpoint to principals allowed
 * `sns:ListSubscriptionsByTopic` or `sns:GetSubscriptionAttributes` on the topic.
 */
function pagerDutyEndpoint(secret: secretsmanager.ISecret, field: string | undefined): string {
  return (field === undefined ? secret.secretValue : secret.secretValueFromJson(field)).unsafeUnwrap();
}
