import { Aws, Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { PLATFORM_COST_TAG, platformCostTagValue } from './cost-allocation';
import type { EnvironmentProfile } from '../../core/environment';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems, PropValidation } from '../../core/validation';

/** A service of the AWS bill, as Budgets and Cost Explorer name it. */
export class BudgetService {
  /** Amazon ECS (the tenants' Fargate tasks). */
  public static readonly ECS = new BudgetService('Amazon Elastic Container Service');
  /** Amazon RDS (the platform database). */
  public static readonly RDS = new BudgetService('Amazon Relational Database Service');
  /** Elastic Load Balancing (the ALB shards). */
  public static readonly ELASTIC_LOAD_BALANCING = new BudgetService('Amazon Elastic Load Balancing');
  /** EC2 - Other: NAT gateway hours and data processing, among others. */
  public static readonly EC2_OTHER = new BudgetService('EC2 - Other');
  /** Amazon CloudWatch (logs, alarms, dashboards, metrics). */
  public static readonly CLOUDWATCH = new BudgetService('AmazonCloudWatch');
  /** AWS WAF. */
  public static readonly WAF = new BudgetService('AWS WAF');

  /** A service by its name in Cost Explorer's "Service" dimension, e.g. `Amazon Simple Storage Service`. */
  public static of(name: string): BudgetService {
    if (!/^\S.{0,99}$/.test(name) || /[:\\]/.test(name)) {
      throw new Error(`BudgetService "${name}" must be a Cost Explorer service name such as "Amazon Elastic Container Service" (no ":" or "\\")`);
    }
    return new BudgetService(name);
  }

  private constructor(
    /** The service's name in Cost Explorer's "Service" dimension. */
    public readonly name: string,
  ) {}
}

/** A monthly budget for one service of the platform (MON-09). */
export interface ServiceBudget {
  readonly service: BudgetService;
  /** The monthly limit in USD; more than 0. */
  readonly monthlyLimitUsd: number;
}

/** Cost props of `TenantPlatform` (MON-09). */
export interface PlatformBudgetProps {
  /**
   * The platform's monthly cost budget in USD (MON-09): its stacks' costs, found by their cost
   * allocation tag, alert the warning topic at 80 % and the critical topic at 110 %.
   * @default - the profile's: 400 in PRODUCTION, 200 in STAGING, 100 in DEVELOPMENT
   */
  readonly monthlyBudgetUsd?: number;
  /**
   * Budgets of single services of the platform, with their own limits and the same alerts.
   * @default - none
   */
  readonly serviceBudgets?: ServiceBudget[];
}

/** Alerts of every budget: actual cost over these percentages of the limit notify these severities. */
export const BUDGET_ALERTS: ReadonlyArray<{ percent: number; severity: AlarmSeverity }> = [
  { percent: 80, severity: AlarmSeverity.WARNING },
  { percent: 110, severity: AlarmSeverity.CRITICAL },
];

/**
 * What a budget needs of the platform it watches: its profile (the default limit), its id (the
 * cost allocation tag) and its alarm topics. A `TenantPlatform` is one; so is a serverless
 * application's `ServerlessAlerting`, which has no ECS cluster (SRV-04).
 */
export interface BudgetedPlatform extends IConstruct {
  readonly profile: EnvironmentProfile;
  alarmTopic(severity: AlarmSeverity): sns.ITopic;
}

/**
 * The platform's AWS Budgets (MON-09): a monthly cost budget over every resource tagged with the
 * platform's cost allocation tag, and optional per-service budgets, each alerting the warning topic
 * at 80 % and the critical topic at 110 % of actual cost. Budgets are account-wide, hence the tag
 * filter; the tag counts only once it is activated as a cost allocation tag (see the runbook).
 */
export class PlatformBudget extends Construct {
  /** The platform's budget. */
  public readonly budget: budgets.CfnBudget;
  /** Its name. */
  public readonly budgetName: string;
  /** Budgets of single services, in the order given. */
  public readonly serviceBudgets: budgets.CfnBudget[];
  /** The platform's monthly limit in USD. */
  public readonly monthlyLimitUsd: number;

  public constructor(scope: Construct, id: string, platform: BudgetedPlatform, props: PlatformBudgetProps) {
    super(scope, id);
    const check = new PropProblems(platform.node.path);
    this.monthlyLimitUsd = props.monthlyBudgetUsd ?? platform.profile.monthlyBudgetUsd;
    checkAmount(check, 'monthlyBudgetUsd', this.monthlyLimitUsd);
    const services = props.serviceBudgets ?? [];
    services.forEach((s, i) => checkAmount(check, `serviceBudgets[${i}].monthlyLimitUsd`, s.monthlyLimitUsd));
    const names = services.map(s => s.service.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) check.report('serviceBudgets', duplicate, 'is budgeted twice; give each service one budget');
    check.throwIfAny();

    const prefix = `${Stack.of(this).stackName}-${platform.node.id}`;
    this.budgetName = `${prefix}-monthly`;
    const tagFilter = `user:${PLATFORM_COST_TAG}$${platformCostTagValue(platform)}`;
    const budget = (budgetId: string, budgetName: string, limit: number, service?: BudgetService) => new budgets.CfnBudget(this, budgetId, {
      budget: {
        budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: limit, unit: 'USD' },
        costFilters: { TagKeyValue: [tagFilter], ...service ? { Service: [service.name] } : {} },
      },
      notificationsWithSubscribers: BUDGET_ALERTS.map(alert => ({
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: alert.percent, thresholdType: 'PERCENTAGE' },
        subscribers: [{ subscriptionType: 'SNS', address: platform.alarmTopic(alert.severity).topicArn }],
      })),
    });
    this.budget = budget('Resource', this.budgetName, this.monthlyLimitUsd);
    this.serviceBudgets = services.map(s => budget(`Service${s.service.name.replace(/[^A-Za-z0-9]/g, '')}`,
      `${prefix}-${s.service.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`, s.monthlyLimitUsd, s.service));

    // The topics are encrypted with the platform key, which already lets budgets.amazonaws.com use it.
    for (const severity of new Set(BUDGET_ALERTS.map(a => a.severity))) {
      platform.alarmTopic(severity).addToResourcePolicy(new iam.PolicyStatement({
        sid: 'BudgetsPublish',
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['SNS:Publish'],
        resources: [platform.alarmTopic(severity).topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:budgets::${Aws.ACCOUNT_ID}:*` },
        },
      }));
    }
  }
}

function checkAmount(check: PropValidation, prop: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value > 1_000_000_000) {
    check.report(prop, value, 'must be a number of USD above 0 (and at most 1,000,000,000)');
  }
}
