import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { denyGrantsNotForAwsResources, topicsOfThisAccount } from './key-policy';

/** Services that publish to the platform's encrypted alarm topics, besides CloudWatch alarms. */
const TOPIC_PUBLISHERS = ['events.amazonaws.com', 'budgets.amazonaws.com', 'backup.amazonaws.com'];

/**
 * The platform's customer-managed key (LOG-02, MON-02): encrypts every log group of the platform
 * and its tenants, and the alarm topics. Rotated yearly and retained when the stack is deleted. The
 * services that use it are held to this account's log groups, topics and alarms, and grants only
 * go to AWS resources.
 */
export class PlatformKey extends Construct {
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Resource', {
      description: `${Stack.of(this).stackName} platform key: CloudWatch Logs and alarm topics`,
      enableKeyRotation: true,
    });
    allowCloudWatchLogs(this.key);
    denyGrantsNotForAwsResources(this.key);
    const stack = Stack.of(this);
    // CloudWatch alarms: only this account's alarms (aws:SourceAccount, aws:SourceArn), only into
    // this account's topics (the SNS encryption context).
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsToEncryptedTopics',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }), ...topicsOfThisAccount(stack) },
      },
    }));
    // EventBridge, Budgets and Backup: into this account's topics only (the SNS encryption context).
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmPublishersToEncryptedTopics',
      principals: TOPIC_PUBLISHERS.map(p => new iam.ServicePrincipal(p)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { ArnLike: topicsOfThisAccount(stack) },
    }));
  }
}

/** Lets CloudWatch Logs of this account and region encrypt log groups with `key` (LOG-02). */
export function allowCloudWatchLogs(key: kms.Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
}
