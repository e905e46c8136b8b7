import { Annotations, Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
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
import { deploymentBehaviour, STEP_SCALE_OUT_TASKS } from '../runbooks/sections/deployment-behaviours';

/** What a tenant's automatic scale-out and deployment notifications act on. */
export interface TenantDeploymentAutomationProps {
  readonly tenantId: string;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly scaling: ecs.ScalableTaskCount;
  readonly cooldown: Duration;
  /** The platform's warning topic, and the ARN of the key it is encrypted with. */
  readonly warningTopic: sns.ITopic;
  readonly topicKeyArn: string;
  /** The CodeDeploy group of a blue/green service; its failures are CodeDeploy events, not ECS ones. */
  readonly blueGreenDeploymentGroup?: codedeploy.EcsDeploymentGroup;
}

/**
 * Seed 001 §4 as the stack does it: memory ≥ 90 % for 2 minutes and CPU ≥ 85 % for 5 minutes add a
 * task (step scaling, beside the target tracking of ECS-02), and a failed or rolled-back deployment
 * is announced on the warning topic with the tenant, the task definition revision and the runbook
 * link (ECS-03).
 */
export class TenantDeploymentAutomation extends Construct {
  /** The memory and CPU step scale-out policies. */
  public readonly scaleOutPolicies: appscaling.StepScalingPolicy[];
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
      alarm.alarmDescription = `INFO [ECS-02] Tenant ${props.tenantId}: ${b.condition.en} ${b.comparison} ${b.threshold} ${b.unit} for ${b.minutes} minutes adds ${STEP_SCALE_OUT_TASKS} task. Runbook: ${scaleOutLink}`;
      return policy;
    });

    const rollbackLink = Runbook.linkFor(scope, tenantSectionAnchor(props.tenantId, TenantRunbookSection.ROLLBACK));
    const group = props.blueGreenDeploymentGroup;
    const notify = deploymentBehaviour('deployment-failed-notify');
    const eventName = events.EventField.fromPath(group ? '$.detail.state' : '$.detail.eventName');
    const reason = group ? `deployment ${events.EventField.fromPath('$.detail.deploymentId')}` : events.EventField.fromPath('$.detail.reason');
    const role = new iam.Role(this, 'PublishRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `${this.node.path}: publishes failed deployments of tenant ${props.tenantId} to the warning topic`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.warningTopic.topicArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.topicKeyArn] }));
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
      targets: [new targets.SnsTopic(props.warningTopic, {
        authorizeUsingRole: true,
        role,
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
