import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
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
