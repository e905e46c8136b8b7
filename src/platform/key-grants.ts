import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Denies `kms:CreateGrant` on `key` unless the grant is for an AWS resource or the caller is an
 * AWS service (AWS Control Tower CT.KMS.PR.3). The services that use the library's keys — RDS,
 * Performance Insights, AWS Backup, Firehose — create their grants for AWS resources, so they keep
 * working; a principal in the account can no longer hand the key to someone else with a grant.
 */
export function restrictGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'GrantsOnlyForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}
