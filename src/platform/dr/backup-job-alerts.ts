import { Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { chatNotification } from '../../monitoring/chat-notification';

/** Props of `BackupJobAlerts`. */
export interface BackupJobAlertsProps {
  /** The critical alarm topic (MON-02). */
  readonly topic: sns.ITopic;
  /** ARN of the key the topic is encrypted with. */
  readonly topicKeyArn: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly restoreTestingPlanArn: string;
  /** The runbook link of section `anchor` (MON-08). */
  readonly runbookLink: (anchor: string) => string;
  /** Anchors of the runbook sections of the three alerts. */
  readonly anchors: { readonly backup: string; readonly copy: string; readonly restoreTest: string };
}

/** A job state change that pages, and the runbook section that handles it. */
interface JobAlert {
  readonly id: string;
  readonly anchor: string;
  readonly title: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly jobId: string;
  /** Path of what the job was about: a resource ARN, or the resource type of a restore. */
  readonly resource: string;
  readonly describe: string;
}

/** The titles of the three alerts, as the notification and its runbook section say them. */
export function jobAlertTitles(vaultName: string): { backup: string; copy: string; restoreTest: string } {
  return {
    backup: `AWS Backup job failed in vault ${vaultName}`,
    copy: `AWS Backup copy job from vault ${vaultName} failed`,
    restoreTest: 'AWS Backup restore test failed',
  };
}

/**
 * EventBridge rules that page the critical topic when a backup job, a copy job or a restore-test
 * job of this DrPlan fails (DR-04). Event shapes: AWS Backup Developer Guide, Monitoring AWS Backup
 * events using Amazon EventBridge (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html):
 * backup and copy jobs report `state`, restore jobs report `status`, and a restore job started by a
 * restore testing plan carries the plan's ARN. EventBridge publishes with a role of its own, so the
 * rules work whether or not the topic lives in this stack.
 */
export class BackupJobAlerts extends Construct {
  public readonly rules: events.Rule[];

  public constructor(scope: Construct, id: string, props: BackupJobAlertsProps) {
    super(scope, id);
    const role = new iam.Role(this, 'PublishRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `${this.node.path}: publishes failed AWS Backup jobs to the critical alarm topic`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.topic.topicArn] }));
    // The topic is encrypted with the platform key (LOG-02). When the topic is in this stack, the
    // target's own grant adds the same permissions with `kms:GenerateDataKey*`.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.topicKeyArn] }));
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: 'Publishing to the KMS-encrypted alarm topic needs the GenerateDataKey family (aws-cdk-lib Topic.grantPublish grants it that way); the statement is limited to the platform key.',
    });

    const titles = jobAlertTitles(props.vaultName);
    const alerts: JobAlert[] = [
      {
        id: 'BackupJobFailed',
        anchor: props.anchors.backup,
        title: titles.backup,
        detailType: 'Backup Job State Change',
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: [props.vaultName] },
        jobId: '$.detail.backupJobId',
        resource: '$.detail.resourceArn',
        describe: 'aws backup describe-backup-job --backup-job-id',
      },
      {
        id: 'CopyJobFailed',
        anchor: props.anchors.copy,
        title: titles.copy,
        detailType: 'Copy Job State Change',
        detail: { state: ['FAILED'], sourceBackupVaultArn: [props.vaultArn] },
        jobId: '$.detail.copyJobId',
        resource: '$.detail.resourceArn',
        describe: 'aws backup describe-copy-job --copy-job-id',
      },
      {
        id: 'RestoreTestFailed',
        anchor: props.anchors.restoreTest,
        title: titles.restoreTest,
        detailType: 'Restore Job State Change',
        // The guide says the plan's ARN is "included" without showing where; DescribeRestoreJob
        // returns it under CreatedBy, so match either place.
        detail: {
          status: ['FAILED'],
          $or: [
            { restoreTestingPlanArn: [props.restoreTestingPlanArn] },
            { createdBy: { restoreTestingPlanArn: [props.restoreTestingPlanArn] } },
          ],
        },
        jobId: '$.detail.restoreJobId',
        resource: '$.detail.resourceType',
        describe: 'aws backup describe-restore-job --restore-job-id',
      },
    ];
    this.rules = alerts.map(alert => {
      const link = props.runbookLink(alert.anchor);
      const jobId = events.EventField.fromPath(alert.jobId);
      return new events.Rule(this, alert.id, {
        description: `CRITICAL [DR-04] ${alert.title}. Runbook: ${link}`,
        eventPattern: { source: ['aws.backup'], detailType: [alert.detailType], detail: alert.detail },
        targets: [new targets.SnsTopic(props.topic, {
          authorizeUsingRole: true,
          role,
          message: chatNotification({
            title: `CRITICAL [DR-04] ${alert.title}`,
            description: `Job ${jobId} of ${events.EventField.fromPath(alert.resource)} in ${events.EventField.region} failed at ${events.EventField.time}.`,
            nextSteps: [`${alert.describe} ${jobId}`, `Runbook: ${link}`],
          }),
        })],
      });
    });
  }
}
