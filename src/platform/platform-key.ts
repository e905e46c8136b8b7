import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './key-grants';

/** Services that publish to the platform's encrypted alarm topics. */
const TOPIC_PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'budgets.amazonaws.com', 'backup.amazonaws.com'];

/**
 * The platform's customer-managed key (LOG-02, MON-02): encrypts every log group of the platform
 * and its tenants, and the alarm topics. Rotated yearly and retained when the stack is deleted.
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
    restrictGrantsToAwsServices(this.key);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmPublishersToEncryptedTopics',
      principals: TOPIC_PUBLISHERS.map(p => new iam.ServicePrincipal(p)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
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
