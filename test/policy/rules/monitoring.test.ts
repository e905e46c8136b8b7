import { Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { flagged, newStack, resourcePath } from '../../support/policy';

function alarm(stack: Stack, id: string, props: Partial<cloudwatch.AlarmProps> = {}): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensionsMap: { ServiceName: 'tenant-a' } }),
    threshold: 85,
    evaluationPeriods: 2,
    alarmDescription: `Tenant a CPU is critical. Runbook: runbooks/en/alerts.md#tenant-a-${id.toLowerCase()}`,
    ...props,
  });
}

describe('TenantPlatform-CW1 (MON-02)', () => {
  test('MON-02: an alarm without actions is flagged', () => {
    const stack = newStack();
    const silent = alarm(stack, 'Cpu');
    expect(flagged(stack, 'CW1')).toEqual([resourcePath(silent)]);
  });

  test('MON-02: an alarm routed to a severity topic, and one that only feeds a composite alarm, pass', () => {
    const stack = newStack();
    const critical = new sns.Topic(stack, 'Critical');
    alarm(stack, 'Cpu').addAlarmAction(new actions.SnsAction(critical));
    const child = alarm(stack, 'Memory');
    const composite = new cloudwatch.CompositeAlarm(stack, 'Saturation', {
      alarmRule: cloudwatch.AlarmRule.anyOf(child),
      alarmDescription: 'Tenant a is saturated. Runbook: runbooks/en/alerts.md#tenant-a-saturation',
    });
    composite.addAlarmAction(new actions.SnsAction(critical));
    expect(flagged(stack, 'CW1')).toEqual([]);
  });
});

describe('TenantPlatform-CW2 (MON-08)', () => {
  test('MON-08: an alarm whose description has no runbook anchor is flagged', () => {
    const stack = newStack();
    const bare = alarm(stack, 'Cpu', { alarmDescription: 'CPU high. Runbook: runbooks/en/alerts.md' });
    const none = alarm(stack, 'Memory', { alarmDescription: undefined });
    expect(flagged(stack, 'CW2')).toEqual([resourcePath(bare), resourcePath(none)]);
  });

  test('MON-08: "Runbook: <link>#<anchor>" passes, also with a token inside the link', () => {
    const stack = newStack();
    alarm(stack, 'Cpu');
    alarm(stack, 'Memory', { alarmDescription: `Memory high. Runbook: https://runbooks.example.com/${stack.region}/alerts.md#memory` });
    expect(flagged(stack, 'CW2')).toEqual([]);
  });
});

describe('TenantPlatform-BUD1 (MON-09, SRV-04, warning)', () => {
  function budget(stack: Stack, threshold: number, subscribers: budgets.CfnBudget.SubscriberProperty[]): budgets.CfnBudget {
    return new budgets.CfnBudget(stack, 'Monthly', {
      budget: { budgetType: 'COST', timeUnit: 'MONTHLY', budgetLimit: { amount: 1000, unit: 'USD' } },
      notificationsWithSubscribers: [{
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
        subscribers,
      }],
    });
  }

  test('MON-09: a budget that alerts only at 150 % is a warning', () => {
    const stack = newStack();
    const late = budget(stack, 150, [{ subscriptionType: 'EMAIL', address: 'ops@example.com' }]);
    expect(flagged(stack, 'BUD1')).toEqual([late.node.path]);
  });

  test('MON-09: an alert to a subscriber at 110 % passes', () => {
    const stack = newStack();
    budget(stack, 110, [{ subscriptionType: 'EMAIL', address: 'ops@example.com' }]);
    expect(flagged(stack, 'BUD1')).toEqual([]);
  });
});
