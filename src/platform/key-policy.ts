import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Limits grants on a key the library creates to grants for AWS resources or by AWS services (RDS
 * storage, Backup copies, Firehose): an explicit deny of `kms:CreateGrant` unless
 * `kms:GrantIsForAWSResource` or `aws:PrincipalIsAWSService` is true, written as AWS Control Tower's
 * CT.KMS.PR.3 requires. The account's `kms:*` statement, which CDK writes so the key stays
 * manageable, would otherwise let any principal with IAM permissions hand the key to anyone through
 * a grant, bypassing the key policy (DB-03, DR-02, LOG-02).
 */
export function denyGrantsNotForAwsResources(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}

/**
 * The condition that limits a service principal publishing to an encrypted SNS topic to the topics
 * of this account and region: SNS calls KMS with the encryption context `aws:sns:topicArn`, the
 * condition AWS documents for service publishers to encrypted topics (e.g. Amazon GameLift, "Set up an
 * SNS topic with server-side encryption"). Every publisher supports it, whereas EventBridge sends no
 * `aws:SourceArn`/`aws:SourceAccount` to KMS when it delivers to an encrypted topic.
 */
export function topicsOfThisAccount(stack: Stack): { [key: string]: string } {
  return { 'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) };
}
