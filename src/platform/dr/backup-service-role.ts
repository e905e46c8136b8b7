import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The AWS Backup service-role policies a role needs to back up and restore RDS (and, added later, S3). */
export const BACKUP_POLICIES = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'];
/** The extra service-role policies AWS Backup needs for S3 buckets. */
export const S3_BACKUP_POLICIES = ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'];

/** A role AWS Backup assumes to back up, copy and restore-test, with AWS's documented service-role policies. */
export function backupServiceRole(scope: Construct, id: string, roleName: string, description: string): iam.Role {
  const role = new iam.Role(scope, id, { roleName, assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'), description });
  addBackupPolicies(role, BACKUP_POLICIES);
  return role;
}

/** Attaches the AWS Backup service-role policies `names` to `role`, acknowledging each as the managed policy AWS maintains. */
export function addBackupPolicies(role: iam.Role, names: string[]): void {
  for (const name of names) {
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`,
      reason: `${name} is the AWS Backup service-role policy AWS documents for this job and keeps current as AWS Backup adds resource types and permissions; a hand-written copy would drift from it.`,
    });
  }
}
