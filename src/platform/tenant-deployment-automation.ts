import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { chatNotification } from '../monitoring/chat-notification';
import { Runbook } from '../runbooks/runbook';
import { TenantRunbookSection, tenantSectionAnchor } from './runbooks/tenant-sections';
import { DeploymentBehaviour, deploymentBehaviour, STEP_SCALE_OUT_TASKS } from '../runbooks/sections/deployment-behaviours';

/** What a tenant's automatic scale-out and deployment notifications act on. */
export interface TenantDeploymentAutomationProps {
  readonly tenantId: string;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly scaling: ecs.ScalableTaskCount;
  readonly cooldown: Duration;
  /** The platform's warning topic, which `allowDeploymentNotifications` opened to this account's rules. */
  readonly warningTopic: sns.ITopic;
  /**
   * Alarms of the tenant a step scale-out may run from instead of an alarm of its own: one that
   * watches the behaviour's metric with its statistic, threshold, comparison and duration.
   * @default - each scale-out has its own alarm
   */
  readonly alarms?: cloudwatch.Alarm[];
  /** The CodeDeploy group of a blue/green service; its failures are CodeDeploy events, not ECS ones. */
  readonly blueGreenDeploymentGroup?: codedeploy.EcsDeploymentGroup;
}

/**
 * The tenant's automatic actions (ECS-02, ECS-03): memory ≥ 90 % for 2 minutes and CPU ≥ 85 % for
 * 5 minutes add a task (step scaling, beside the target tracking of ECS-02), and a failed or rolled-back deployment
 * is announced on the warning topic with the tenant, the task definition revision and the runbook
 * link (ECS-03).
 */
export class TenantDeploymentAutomation extends Construct {
  /** The memory and CPU step scale-out policies. */
  public readonly scaleOutPolicies: appscaling.StepScalingAction[];
  /** The rule announcing failed and rolled-back deployments. */
  public readonly deploymentEvents: events.Rule;

  public constructor(scope: Construct, id: string, props: TenantDeploymentAutomationProps) {
    super(scope, id);
    const scaleOutLink = Runbook.linkFor(scope, tenantSectionAnchor(props.tenantId, TenantRunbookSection.SCALE_OUT));
    const minute = Duration.minutes(1);
    this.scaleOutPolicies = [
      { behaviour: 'memory-scale-out', id: 'MemoryScaleOut', metric: props.service.metricMemoryUtilization({ period: minute, statistic: 'Average' }) },
      { behaviour: 'cpu-scale-out', id: 'CpuScaleOut', metric: props.service.metricCpuUtilization({ period: minute, statistic: 'Average' }) },
    ].map(({ behaviour, id: policyId, metric }) => {
      const b = deploymentBehaviour(behaviour);
      const reused = (props.alarms ?? []).find(alarm => watchesExactly(alarm, metric, b));
      if (reused) {
        // An alarm of the tenant already watches exactly this condition: it runs the policy too, so
        // the condition costs one alarm (its notification goes through the tenant's composite).
        const action = new appscaling.StepScalingAction(this, policyId, {
          scalingTarget: props.scaling.node.findChild('Target') as appscaling.ScalableTarget,
          adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
          metricAggregationType: appscaling.MetricAggregationType.AVERAGE,
          cooldown: props.cooldown,
        });
        action.addAdjustment({ adjustment: STEP_SCALE_OUT_TASKS, lowerBound: 0 });
        reused.addAlarmAction(new cw_actions.ApplicationScalingAction(action));
        return action;
      }
      props.scaling.scaleOnMetric(policyId, {
        metric,
        // Below the threshold nothing happens (the target tracking of ECS-02 scales in); at or above it, add tasks.
        scalingSteps: [{ upper: b.threshold, change: 0 }, { lower: b.threshold, change: STEP_SCALE_OUT_TASKS }],
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        evaluationPeriods: b.minutes,
        cooldown: props.cooldown,
      });
      // ScalableTaskCount.scaleOnMetric returns nothing; the policy is made under its scalable target.
      const policy = props.scaling.node.findChild('Target').node.findChild(policyId) as appscaling.StepScalingPolicy;
      const alarm = policy.upperAlarm!.node.defaultChild as cloudwatch.CfnAlarm;
      alarm.comparisonOperator = OPERATORS[b.comparison];
      alarm.alarmDescription = `INFO [ECS-02] Tenant ${props.tenantId}: ${b.condition.en} ${b.comparison} ${b.threshold} ${b.unit} for ${b.minutes} minutes adds ${STEP_SCALE_OUT_TASKS} task. Runbook: ${scaleOutLink}`;
      return policy.upperAction!;
    });

    const rollbackLink = Runbook.linkFor(scope, tenantSectionAnchor(props.tenantId, TenantRunbookSection.ROLLBACK));
    const group = props.blueGreenDeploymentGroup;
    const notify = deploymentBehaviour('deployment-failed-notify');
    const eventName = events.EventField.fromPath(group ? '$.detail.state' : '$.detail.eventName');
    const reason = group ? `deployment ${events.EventField.fromPath('$.detail.deploymentId')}` : events.EventField.fromPath('$.detail.reason');
    this.deploymentEvents = new events.Rule(this, 'DeploymentFailed', {
      description: `WARNING [ECS-03] Tenant ${props.tenantId}: ${notify.condition.en}. Runbook: ${rollbackLink}`,
      eventPattern: group
        ? {
          // CodeDeploy owns the deployments of a blue/green service (ECS-04).
          source: ['aws.codedeploy'],
          detailType: ['CodeDeploy Deployment State-change Notification'],
          detail: { state: ['FAILURE', 'STOP'], application: [group.application.applicationName], deploymentGroup: [group.deploymentGroupName] },
        }
        : {
          // ECS service deployment state change events (Amazon ECS Developer Guide): FAILED when the
          // circuit breaker or a deployment alarm fails the deployment; IN_PROGRESS with a
          // "rolling back" reason when the rollback deployment starts.
          source: ['aws.ecs'],
          detailType: ['ECS Deployment State Change'],
          resources: [props.service.serviceArn],
          detail: {
            $or: [
              { eventName: [notify.signal] },
              { eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: [{ wildcard: '*rolling back*' }] },
            ],
          },
        },
      // EventBridge publishes as its service principal, which the platform's warning topic and key
      // admit for this account's rules (allowDeploymentNotifications): no role per tenant.
      targets: [new targets.SnsTopic(props.warningTopic, {
        message: chatNotification({
          title: `WARNING [ECS-03] Tenant ${props.tenantId}: ${eventName}`,
          description: `Tenant ${props.tenantId}, service ${props.service.serviceName}: ${reason} at ${events.EventField.time}. ` +
            `Task definition revision deployed by the stack: ${props.taskDefinition.taskDefinitionArn}.`,
          nextSteps: [`Runbook: ${rollbackLink}`],
        }),
      })],
    });
    // The warning topic of a tenant stack is the platform's, read from the platform's SSM parameter,
    // which resolves only in the reading stack's own account and region: the rule
    // and its target share an environment, though the imported ARN is unresolved at synth.
    Annotations.of(this.deploymentEvents).acknowledgeWarning('@aws-cdk/aws-events:ruleUnresolvedEnvironment',
      'The target is the platform warning topic read from the platform\'s SSM parameter, which resolves only in this stack\'s account and region.');
  }
}

const OPERATORS: Record<string, cloudwatch.ComparisonOperator> = {
  '>': cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  '>=': cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  '<': cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
};

/** Whether `alarm` fires exactly when behaviour `b` holds for `metric` (one-minute periods, every one breaching). */
function watchesExactly(alarm: cloudwatch.Alarm, metric: cloudwatch.Metric, b: DeploymentBehaviour): boolean {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const stack = Stack.of(alarm);
  const same = (x: unknown, y: unknown) => JSON.stringify(stack.resolve(x)) === JSON.stringify(stack.resolve(y));
  const expected = metric.toMetricConfig().metricStat!;
  return cfn.metricName === b.signal && cfn.namespace === expected.namespace && cfn.statistic === expected.statistic &&
    same(cfn.dimensions, expected.dimensions?.map(d => ({ name: d.name, value: d.value }))) &&
    cfn.period === expected.period.toSeconds() && cfn.threshold === b.threshold && cfn.comparisonOperator === OPERATORS[b.comparison] &&
    cfn.period * (cfn.evaluationPeriods ?? 0) === b.minutes * 60 &&
    (cfn.datapointsToAlarm === undefined || cfn.datapointsToAlarm === cfn.evaluationPeriods);
}

/**
 * Lets EventBridge rules of this account publish to the platform's `topic`, so a tenant's
 * failed-deployment rule needs no role of its own (ECS-03). The platform key already admits
 * EventBridge into this account's topics.
 */
export function allowDeploymentNotifications(topic: sns.ITopic): void {
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'EventBridgeRulesOfThisAccountPublish',
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }) },
    },
  }));
}
