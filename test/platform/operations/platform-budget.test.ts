import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BudgetService, PlatformEnvironment, Runbook } from '../../../src';
import { database, platformStack, tenant } from '../../support/platform';
import { findings } from '../../support/policy';

const TAG_FILTER = 'user:tenant-platform$Shared-Platform';

describe('MON-09: AWS Budgets of the platform', () => {
  const { stack, platform } = platformStack({
    serviceBudgets: [{ service: BudgetService.ECS, monthlyLimitUsd: 150 }, { service: BudgetService.RDS, monthlyLimitUsd: 60 }],
  });
  database(platform);
  const acme = tenant(platform, 'acme');
  const template = Template.fromStack(stack);
  const budgets = Object.values(template.findResources('AWS::Budgets::Budget')).map(b => b.Properties);
  const topicId = (name: string) => Object.keys(template.findResources('AWS::SNS::Topic')).find(id => id.startsWith(`PlatformAlarms${name}`))!;

  test('MON-09: a monthly cost budget over the platform\'s cost allocation tag alerts the warning topic at 80 % and the critical topic at 110 % of actual cost', () => {
    expect(budgets[0]).toEqual({
      Budget: {
        BudgetName: 'Shared-Platform-monthly',
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 400, Unit: 'USD' },
        CostFilters: { TagKeyValue: [TAG_FILTER] },
      },
      NotificationsWithSubscribers: [
        {
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: topicId('Warning') } }],
        },
        {
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 110, ThresholdType: 'PERCENTAGE' },
          Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: topicId('Critical') } }],
        },
      ],
      ResourceTags: [{ Key: 'tenant-platform', Value: 'Shared-Platform' }],
    });
  });

  test('MON-09: per-service budgets filter by the service and the tag, with their own limits and the same alerts', () => {
    expect(budgets.slice(1).map(b => [b.Budget.BudgetName, b.Budget.BudgetLimit.Amount, b.Budget.CostFilters])).toEqual([
      ['Shared-Platform-amazon-elastic-container-service', 150, { TagKeyValue: [TAG_FILTER], Service: ['Amazon Elastic Container Service'] }],
      ['Shared-Platform-amazon-relational-database-service', 60, { TagKeyValue: [TAG_FILTER], Service: ['Amazon Relational Database Service'] }],
    ]);
    for (const b of budgets) expect(b.NotificationsWithSubscribers.map((n: any) => n.Notification.Threshold)).toEqual([80, 110]);
  });

  test('MON-09: Budgets of this account may publish to the warning and critical topics (the platform key lets budgets.amazonaws.com use it)', () => {
    for (const severity of ['Warning', 'Critical']) {
      const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find(p => p.Properties.Topics.some((t: any) => t.Ref === topicId(severity)))!;
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
        Sid: 'BudgetsPublish',
        Effect: 'Allow',
        Principal: { Service: 'budgets.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: { Ref: topicId(severity) },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':budgets::', { Ref: 'AWS::AccountId' }, ':*']] } },
        },
      });
    }
    const keyPolicy = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(keyPolicy.find((s: any) => s.Sid === 'AlarmPublishersToEncryptedTopics').Principal.Service).toContain('budgets.amazonaws.com');
  });

  test('MON-09: the platform\'s budgets pass TenantPlatform-BUD1', () => {
    expect(findings(stack, { environment: PlatformEnvironment.PRODUCTION }).filter(f => f.ruleName.startsWith('TenantPlatform-BUD1'))).toEqual([]);
  });

  test('MON-09: every resource of the platform\'s and the tenants\' stacks carries the cost allocation tag; tenant stacks also name the tenant', () => {
    Template.fromStack(Stack.of(acme)).hasResourceProperties('AWS::ECS::Service', {
      Tags: [{ Key: 'tenant-platform', Value: 'Shared-Platform' }, { Key: 'tenant-platform:tenant', Value: 'acme' }],
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { Tags: [{ Key: 'tenant-platform', Value: 'Shared-Platform' }] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Tags: [{ Key: 'tenant-platform', Value: 'Shared-Platform' }] });
  });

  test('MON-09: the runbook says what to do on a budget alert, with this platform\'s tag and budgets, and how to activate the tag', () => {
    const section = Runbook.of(stack).sections.find(s => s.anchor === 'budget-alert')!;
    const commands = section.steps.flatMap(s => s.commands ?? []).map(c => c.command);
    expect(commands).toContain('aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=tenant-platform,Status=Active TagKey=tenant-platform:tenant,Status=Active');
    expect(commands.filter(c => c.includes('get-cost-and-usage')).every(c => c.includes('{"Tags":{"Key":"tenant-platform","Values":["Shared-Platform"]}}'))).toBe(true);
    expect(commands.find(c => c.startsWith('BUDGETS=('))).toMatch(/^BUDGETS=\("\$BUDGET_1" "\$BUDGET_2" "\$BUDGET_3"\)\nfor BUDGET in "\$\{BUDGETS\[@\]\}"; do/);
    expect(section.summary![0].ja).toContain('400 USD');
  });
});

describe('MON-09: budget limits', () => {
  test('the default limit is the profile\'s; monthlyBudgetUsd overrides it', () => {
    const limit = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::Budgets::Budget'))[0].Properties.Budget.BudgetLimit.Amount;
    expect(limit(platformStack({ environment: PlatformEnvironment.DEVELOPMENT }).stack)).toBe(100);
    expect(limit(platformStack({ environment: PlatformEnvironment.STAGING }).stack)).toBe(200);
    expect(limit(platformStack({ monthlyBudgetUsd: 1200 }).stack)).toBe(1200);
  });

  test.each([
    ['a zero limit', { monthlyBudgetUsd: 0 }, /Shared\/Platform: monthlyBudgetUsd 0 must be a number of USD above 0/],
    ['a negative limit', { monthlyBudgetUsd: -5 }, /monthlyBudgetUsd -5 must be a number of USD above 0/],
    ['a limit that is not a number', { monthlyBudgetUsd: NaN }, /monthlyBudgetUsd null must be a number of USD above 0/],
    ['a service budget of 0', { serviceBudgets: [{ service: BudgetService.WAF, monthlyLimitUsd: 0 }] }, /serviceBudgets\[0\].monthlyLimitUsd 0 must be a number of USD above 0/],
    ['a service budgeted twice', { serviceBudgets: [{ service: BudgetService.ECS, monthlyLimitUsd: 1 }, { service: BudgetService.ECS, monthlyLimitUsd: 2 }] },
      /serviceBudgets "Amazon Elastic Container Service" is budgeted twice/],
    ['a zero limit and a service budgeted twice, reported together', { monthlyBudgetUsd: 0, serviceBudgets: [{ service: BudgetService.ECS, monthlyLimitUsd: 1 }, { service: BudgetService.ECS, monthlyLimitUsd: 2 }] },
      /Shared\/Platform: 2 problems:\n- monthlyBudgetUsd 0 must be a number of USD above 0.*\n- serviceBudgets "Amazon Elastic Container Service" is budgeted twice/],
  ])('MON-09: %s is refused at synth', (_, props, message) => {
    expect(() => platformStack(props, new App())).toThrow(message);
  });

  test('MON-09: BudgetService.of takes a Cost Explorer service name', () => {
    expect(BudgetService.of('Amazon Simple Storage Service').name).toBe('Amazon Simple Storage Service');
    expect(() => BudgetService.of('s3:bucket')).toThrow(/must be a Cost Explorer service name/);
  });
});
