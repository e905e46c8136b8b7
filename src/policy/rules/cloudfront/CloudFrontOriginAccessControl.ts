import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** SRV-02: S3 origins are private buckets reached through origin access control (OAC). */
export const CloudFrontOriginAccessControl: PolicyRule = {
  id: 'CF2',
  requirements: ['SRV-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudFront::Distribution'],
  cause: () => 'The origin named in brackets is an S3 bucket reached without origin access control (a legacy origin access identity, or a public website endpoint).',
  fix: () => 'Use origin access control with a private bucket (origins.S3BucketOrigin.withOriginAccessControl(bucket)).',
  explanation: 'With OAC the bucket stays private and only the distribution can read it, with SigV4 and SSE-KMS support.',
  check: node => {
    const origins = listOf(propertiesOf(node).DistributionConfig?.Origins, 'DistributionConfig.Origins');
    const exposed = origins.filter(origin => {
      // A website endpoint, literal or derived from a bucket's WebsiteURL attribute, is public by design.
      const domain = JSON.stringify(origin?.DomainName ?? '');
      const websiteEndpoint = domain.includes('.s3-website') || domain.includes('"WebsiteURL"');
      return websiteEndpoint || (origin?.S3OriginConfig !== undefined && !origin?.OriginAccessControlId);
    }).map(origin => String(origin?.Id));
    return exposed.length === 0 ? NagRuleCompliance.COMPLIANT : exposed;
  },
};
