import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, numberOf, propertiesOf, stringOf } from '../../template';

/** MON-09, SRV-04: budgets alert a subscriber at the latest at 110 % of the budget. */
export const BudgetAlert: PolicyRule = {
  id: 'BUD1',
  requirements: ['MON-09', 'SRV-04'],
  level: NagMessageLevel.WARN,
  resourceTypes: ['AWS::Budgets::Budget'],
  cause: t => `The budget has no notification with a subscriber when actual or forecast cost exceeds ${t.maxBudgetAlertPercent} % of the budget or less.`,
  fix: t => `Add a notification: ComparisonOperator GREATER_THAN, ThresholdType PERCENTAGE, Threshold ${t.maxBudgetAlertPercent} or lower, with an email or SNS subscriber.`,
  explanation: 'Cost overruns are noticed when the money is already spent unless the budget alerts.',
  check: (node, t) => {
    const alerting = listOf(propertiesOf(node).NotificationsWithSubscribers, 'NotificationsWithSubscribers').some(entry => {
      const notification = entry?.Notification ?? {};
      const percentage = (stringOf(notification.ThresholdType, 'Notification.ThresholdType') ?? 'PERCENTAGE') === 'PERCENTAGE';
      const threshold = numberOf(notification.Threshold, 'Notification.Threshold') ?? Infinity;
      return stringOf(notification.ComparisonOperator, 'Notification.ComparisonOperator') === 'GREATER_THAN'
        && percentage && threshold <= t.maxBudgetAlertPercent
        && listOf(entry?.Subscribers, 'Subscribers').length > 0;
    });
    return compliantIf(alerting);
  },
};
