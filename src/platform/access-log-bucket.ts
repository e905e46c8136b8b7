import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { AcceptedControl, acceptControl } from '../core/accepted-findings';

/** Props of `AccessLogBucket`. */
export interface AccessLogBucketProps {
  /** Days objects are kept (LOG-01: audit logs one year in production). */
  readonly retentionDays: number;
}

/**
 * The bucket ALB access logs land in (EDGE-02): encrypted, SSL-only, private, versioned, and
 * retained when the stack is deleted (DR-06). ALB log delivery only supports SSE-S3, so the bucket
 * uses S3-managed keys.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: s3.Bucket;

  public constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{
        expiration: Duration.days(props.retentionDays),
        noncurrentVersionExpiration: Duration.days(30),
      }],
    });
    sendEventsToEventBridge(this.bucket);
    const noAccessLogs = 'This bucket is the access-log destination; S3 server access logs of a log bucket would have to go to yet another bucket, and its writes are already recorded by CloudTrail data events when enabled.';
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: noAccessLogs });
    acceptControl(this.bucket, AcceptedControl.BUCKET_WITHOUT_ACCESS_LOGS, noAccessLogs);
    acceptControl(this.bucket, AcceptedControl.BUCKET_WITHOUT_KMS,
      'Elastic Load Balancing delivers access logs only to buckets encrypted with S3-managed keys (SSE-S3); aws-cdk-lib refuses a KMS-encrypted ' +
      'access-log bucket for the same reason (aws/aws-cdk#29382). The bucket is SSL-only and private (EDGE-02).');
    acceptLogBucketControls(this.bucket, 'load balancer and S3 access logs');
  }
}

/**
 * Sends `bucket`'s object events to EventBridge, where a rule can watch or archive them (Control
 * Tower CT.S3.PR.4). Written on the CfnBucket: aws-cdk-lib's `eventBridgeEnabled` adds a Lambda
 * custom resource to set what CloudFormation sets natively.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/**
 * Accepts, on a bucket of logs (`what`), the controls that would make it a record store: replication
 * to another region and S3 Object Lock. Logs are kept for investigation for their LOG-01 retention,
 * versioned and never deleted by a stack change (DR-06); the DR objectives restore data, not logs.
 */
export function acceptLogBucketControls(bucket: IConstruct, what: string): void {
  acceptControl(bucket, AcceptedControl.BUCKET_WITHOUT_REPLICATION,
    `The bucket holds ${what}, kept for investigation for their LOG-01 retention; the DR objectives (DR-01) cover application data, ` +
    'not logs, so a copy in another region would double the storage for nothing the recovery procedures read.');
  acceptControl(bucket, AcceptedControl.BUCKET_WITHOUT_OBJECT_LOCK,
    `The bucket holds ${what}, versioned (overwritten or deleted objects stay 30 days), private, SSL-only and retained when the stack ` +
    'is deleted (DR-06). CloudFormation replaces a bucket to turn Object Lock on (ObjectLockEnabled: update requires replacement), which ' +
    'would move the logs of a deployed platform to a new bucket.');
}

/**
 * Sends the S3 server access logs of `source` to `accessLogBucket` under `prefix`. The access-log
 * bucket has ACLs off (bucket-owner enforced), so S3's log delivery is allowed by a bucket-policy
 * statement for this source and prefix only — not by the log-delivery ACL that aws-cdk-lib's
 * `serverAccessLogsBucket` falls back to in apps without the
 * `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` feature flag, which fails on such a bucket.
 */
export function logServerAccessTo(accessLogBucket: s3.IBucket, source: s3.Bucket, prefix: string): void {
  (source.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogBucket.bucketName,
    logFilePrefix: prefix,
  };
  accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': source.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(source).account },
    },
  }));
}
