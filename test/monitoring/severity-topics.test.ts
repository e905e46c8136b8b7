import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SeverityTopics } from '../../src/monitoring/severity-topics';

test('MON-02: notification settings with several problems report them all at once', () => {
  const stack = new Stack();
  const encryptionKey = new kms.Key(stack, 'Key');
  expect(() => new SeverityTopics(stack, 'Topics', {
    notifications: { warningEmails: ['not-an-email'], criticalSlackChannelId: 'C0ALERTS1' },
    encryptionKey,
    requireCriticalSubscriber: false,
  })).toThrow(/^Default\/Topics: 2 problems:\n- notifications.slackWorkspaceId undefined is required with notifications.criticalSlackChannelId\n- notifications.warningEmails "not-an-email" must match .* \(an email address\)$/);
});
