import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acceptLogBucketControls, logServerAccessTo, sendEventsToEventBridge } from './access-log-bucket';
import { acceptLogRetention } from '../core/accepted-findings';
import { AlarmSeverity } from '../core/severity';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { ResourceLookup } from '../runbooks/resource-lookup';
import { RunbookCommand } from '../runbooks/runbook-command';

/** Props of `FlowLogForwarding`. */
export interface FlowLogForwardingProps {
  /** The flow log group whose records are shipped. */
  readonly logGroup: logs.ILogGroup;
  /** Host name of the Datadog site, e.g. `ap1.datadoghq.com`. */
  readonly site: string;
  /** The API-key-only secret whose `api_key` field Firehose authenticates to Datadog with. */
  readonly credentials: secretsmanager.ISecret;
  /** The platform key: encrypts the stream, the failed-delivery bucket and the error log group. */
  readonly encryptionKey: kms.IKey;
  /** Where the failed-delivery bucket's server access logs go. */
  readonly accessLogBucket: s3.IBucket;
  /** Retention of the flow logs (LOG-01); failed deliveries are kept as long. */
  readonly flowLogRetention: logs.RetentionDays;
  /** Retention of Firehose's own error log (LOG-01: error logs). */
  readonly errorLogRetention: logs.RetentionDays;
  /** The platform's alarm factory, for the delivery alarm (MON-02, MON-08). */
  readonly alarms: AlarmFactory;
}

/** Buffering of the stream: Datadog's Firehose intake accepts at most 4 MiB per request. */
const BUFFER = { sizeInMBs: 4, intervalInSeconds: 60 };
/** How long Firehose retries Datadog before a batch goes to the failed-delivery bucket. */
const RETRY_SECONDS = 300;

/**
 * Ships the platform's VPC flow logs to Datadog Log Management (NET-03, LOG-03): a subscription filter
 * feeds an Amazon Data Firehose stream (DirectPut) that posts to the site's intake, reading the API key
 * from the secret itself; batches Datadog does not accept land in a retained bucket (LOG-01), with a
 * warning alarm. Details: README, "VPC flow logs to Datadog".
 */
export class FlowLogForwarding extends Construct {
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** Records Datadog did not accept. */
  public readonly failedDeliveryBucket: s3.Bucket;
  /** Firehose's delivery errors. */
  public readonly errorLogGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: FlowLogForwardingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const key = props.encryptionKey;

    this.failedDeliveryBucket = new s3.Bucket(this, 'FailedDeliveries', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: props.flowLogRetention === logs.RetentionDays.INFINITE ? [] : [{
        expiration: Duration.days(props.flowLogRetention),
        noncurrentVersionExpiration: Duration.days(props.flowLogRetention),
      }],
    });
    sendEventsToEventBridge(this.failedDeliveryBucket);
    acceptLogBucketControls(this.failedDeliveryBucket, 'flow log records Firehose could not deliver to Datadog');
    logServerAccessTo(props.accessLogBucket, this.failedDeliveryBucket, `flow-log-forwarding/${stack.stackName}/`);
    this.errorLogGroup = new logs.LogGroup(this, 'Errors', {
      retention: props.errorLogRetention,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acceptLogRetention(this.errorLogGroup, props.errorLogRetention);
    const deliveryErrors = this.errorLogGroup.addStream('HttpEndpointDelivery');
    const backupErrors = this.errorLogGroup.addStream('BackupDelivery');

    const role = new iam.Role(this, 'DeliveryRole', {
      description: 'Amazon Data Firehose: flow logs to Datadog, failed records to S3',
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': stack.account } } }),
    });
    // Exactly what the S3 destination documents, no wildcard actions.
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
      resources: [this.failedDeliveryBucket.bucketArn, this.failedDeliveryBucket.arnForObjects('*')],
    }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
    }));
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:PutLogEvents'],
      resources: [deliveryErrors, backupErrors].map(s => stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: `${this.errorLogGroup.logGroupName}:log-stream:${s.logStreamName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
    }));
    const secretRead = props.credentials.grantRead(role);
    const bucketLogicalId = stack.resolve(stack.getLogicalId(this.failedDeliveryBucket.node.defaultChild as s3.CfnBucket));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
      reason: 'Firehose names each failed-delivery object by time and stream at write time; the wildcard covers objects of its own failed-delivery bucket only.',
    });

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.keyArn },
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: {
          name: 'Datadog',
          url: `https://aws-kinesis-http-intake.logs.${props.site}/api/v2/logs?dd-protocol=aws-kinesis-firehose`,
        },
        secretsManagerConfiguration: { enabled: true, secretArn: props.credentials.secretArn, roleArn: role.roleArn },
        requestConfiguration: {
          contentEncoding: 'GZIP',
          commonAttributes: [{ attributeName: 'source', attributeValue: 'vpc' }, { attributeName: 'service', attributeValue: 'vpc-flow-logs' }],
        },
        bufferingHints: BUFFER,
        retryOptions: { durationInSeconds: RETRY_SECONDS },
        roleArn: role.roleArn,
        s3BackupMode: 'FailedDataOnly',
        s3Configuration: {
          bucketArn: this.failedDeliveryBucket.bucketArn,
          roleArn: role.roleArn,
          prefix: 'failed/',
          errorOutputPrefix: 'errors/!{firehose:error-output-type}/',
          compressionFormat: 'GZIP',
          encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.keyArn } },
          cloudWatchLoggingOptions: { enabled: true, logGroupName: this.errorLogGroup.logGroupName, logStreamName: backupErrors.logStreamName },
        },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: this.errorLogGroup.logGroupName, logStreamName: deliveryErrors.logStreamName },
      },
    });
    // Firehose checks its role's permissions when the stream is created.
    this.deliveryStream.node.addDependency(role);
    secretRead.applyBefore(this.deliveryStream);

    const subscriptionRole = new iam.Role(this, 'SubscriptionRole', {
      description: 'CloudWatch Logs: flow log records into the Datadog Firehose stream',
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { StringLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) } },
      }),
    });
    subscriptionRole.addToPolicy(new iam.PolicyStatement({
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resources: [this.deliveryStream.attrArn],
    }));
    const subscription = new logs.CfnSubscriptionFilter(this, 'Subscription', {
      logGroupName: props.logGroup.logGroupName,
      filterPattern: '',
      destinationArn: this.deliveryStream.attrArn,
      roleArn: subscriptionRole.roleArn,
    });
    // CloudWatch Logs tests the destination with the role when the filter is created.
    subscription.node.addDependency(subscriptionRole);

    this.addDeliveryAlarm(props.alarms);
  }

  /** Warning when deliveries to Datadog fail in three 5-minute periods in a row: failed records then pile up in the bucket. */
  private addDeliveryAlarm(alarms: AlarmFactory): void {
    const streamName = this.deliveryStream.ref;
    alarms.alarm({
      id: 'FlowLogForwardingFailing',
      title: { ja: 'VPC フローログの Datadog 転送失敗', en: 'VPC flow log forwarding to Datadog failing' },
      severity: AlarmSeverity.WARNING,
      requirement: 'LOG-03',
      summary: {
        ja: 'Firehose から Datadog への VPC フローログの配信が、5分間の区間で3回続けて失敗を含みました。レコードは CloudWatch Logs に残り、再試行でも届かなかった分は S3 バケットに退避されます。',
        en: 'Firehose deliveries of VPC flow logs to Datadog failed in three 5-minute periods in a row. The records stay in CloudWatch Logs; those retries did not deliver go to the S3 bucket.',
      },
      firstSteps: [{
        text: {
          ja: 'Firehose のエラーログで原因を確認します。403 は資格情報シークレットの api_key が無効か欠落、413 や 5xx は Datadog 側の問題です。',
          en: 'Read Firehose\'s error log for the cause: 403 means the credentials secret\'s api_key is missing or invalid; 413 or 5xx are on Datadog\'s side.',
        },
        commands: [RunbookCommand.withLookups(
          'aws logs filter-log-events --log-group-name "$ERRORS" --start-time $(( ($(date +%s) - 3600) * 1000 )) --query "events[].message" --output text',
          { ERRORS: ResourceLookup.physicalId(this.errorLogGroup) })],
        expected: {
          ja: 'エラーコード (HttpEndpoint.InvalidResponseFromDestination など) と応答コードが表示されます。',
          en: 'Error codes such as HttpEndpoint.InvalidResponseFromDestination with the response status.',
        },
      }, {
        text: {
          ja: '原因を直した後、S3 バケットの failed/ 以下のレコードは Datadog のログ取り込み (アーカイブからのリハイドレートまたは手動送信) で補完します。',
          en: 'Once fixed, backfill the records under failed/ in the bucket into Datadog (rehydrate from an archive, or send them again).',
        },
        commands: [RunbookCommand.withLookups('aws s3 ls "s3://$BUCKET/failed/" --recursive --summarize | tail -n 2',
          { BUCKET: ResourceLookup.physicalId(this.failedDeliveryBucket) })],
      }],
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Firehose',
        metricName: 'DeliveryToHttpEndpoint.Success',
        dimensionsMap: { DeliveryStreamName: streamName },
        statistic: 'Average',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
  }
}
