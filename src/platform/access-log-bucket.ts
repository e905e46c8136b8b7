import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

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
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log destination; S3 server access logs of a log bucket would have to go to yet another bucket, and its writes are already recorded by CloudTrail data events when enabled.',
    });
  }
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
