import { NagMessageLevel } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** EDGE-02, SRV-02: buckets (access logs, static sites) refuse requests without TLS. */
export const BucketSslOnly: PolicyRule = {
  id: 'S1',
  requirements: ['EDGE-02', 'SRV-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::S3::Bucket'],
  cause: () => 'The bucket policy does not deny requests made without TLS (aws:SecureTransport false).',
  fix: () => 'Add a bucket policy statement that denies s3:* to everyone when aws:SecureTransport is false (s3.Bucket: enforceSSL: true).',
  explanation: 'Access logs and static-site content must not be readable or writable over plain HTTP.',
  check: node => {
    const policies = matchesOrUnresolved(referrers(node, appResources(node, 'AWS::S3::BucketPolicy'), 'Bucket', p => p.Bucket));
    const statements = policies.flatMap(policy => listOf(propertiesOf(policy).PolicyDocument?.Statement, 'PolicyDocument.Statement'));
    return compliantIf(statements.some(deniesInsecureTransport));
  },
};

function deniesInsecureTransport(statement: any): boolean {
  const secure = statement?.Condition?.Bool?.['aws:SecureTransport'];
  const actions = [statement?.Action].flat();
  const principal = statement?.Principal;
  const everyone = principal === '*' || principal?.AWS === '*';
  return statement?.Effect === 'Deny' && String(secure) === 'false' && everyone && actions.some(a => a === 's3:*' || a === '*');
}
