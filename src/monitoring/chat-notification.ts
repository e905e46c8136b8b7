import * as events from 'aws-cdk-lib/aws-events';

/** What an EventBridge notification says. */
export interface ChatNotificationText {
  readonly title: string;
  readonly description: string;
  readonly nextSteps: string[];
}

/**
 * The input of an EventBridge target that notifies a severity topic (MON-02): Amazon Q Developer in
 * chat applications' custom notification format (formerly AWS Chatbot), so Slack channels render it;
 * email and PagerDuty subscribers receive the same JSON.
 */
export function chatNotification(text: ChatNotificationText): events.RuleTargetInput {
  return events.RuleTargetInput.fromObject({
    version: '1.0',
    source: 'custom',
    id: events.EventField.eventId,
    content: { textType: 'client-markdown', ...text },
  });
}
