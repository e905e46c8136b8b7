import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DatabaseRole, databaseRole } from '../../resources/database';
import { PolicyRule } from '../../rule';
import { templateOf } from '../../template';

/** Resources whose deletion loses data or the ability to read it. */
const STATEFUL_TYPES = [
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::S3::Bucket', 'AWS::Backup::BackupVault', 'AWS::KMS::Key', 'AWS::EFS::FileSystem',
];
/** Policies that keep the resource (or a final snapshot of it) when CloudFormation removes it. */
const KEEPING_POLICIES = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];
/** RDS keeps a final snapshot when no deletion policy is set; everything else is deleted. */
const RDS_DEFAULT_DELETION_POLICY = 'Snapshot';

/** DR-06: stateful resources are never deleted by a stack change (DeletionPolicy and UpdateReplacePolicy keep them). */
export const StatefulResourceRetained: PolicyRule = {
  id: 'CFN1',
  requirements: ['DR-06'],
  level: NagMessageLevel.ERROR,
  resourceTypes: STATEFUL_TYPES,
  cause: () => 'The stateful resource would be deleted by CloudFormation when removed from the stack or replaced: the policy named in brackets is Delete.',
  fix: () => 'Keep it: removalPolicy RemovalPolicy.RETAIN (or SNAPSHOT for databases), which sets both DeletionPolicy and UpdateReplacePolicy; for disposable buckets acknowledge with the reason.',
  explanation: 'Removing a tenant or refactoring a stack must never delete a database, a backup vault, a log or audit bucket, or the key that decrypts them.',
  check: node => {
    const rds = node.cfnResourceType.startsWith('AWS::RDS::');
    if (rds && databaseRole(node) === DatabaseRole.CLUSTER_MEMBER) return NagRuleCompliance.NOT_APPLICABLE; // the cluster holds the data
    const template = templateOf(node);
    const deletion = template.DeletionPolicy ?? (rds ? RDS_DEFAULT_DELETION_POLICY : 'Delete');
    const replacement = template.UpdateReplacePolicy ?? 'Delete';
    const findings = [
      ...KEEPING_POLICIES.includes(deletion) ? [] : ['DeletionPolicy'],
      ...KEEPING_POLICIES.includes(replacement) ? [] : ['UpdateReplacePolicy'],
    ];
    return findings.length === 0 ? NagRuleCompliance.COMPLIANT : findings;
  },
};
