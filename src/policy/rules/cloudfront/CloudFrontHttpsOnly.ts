import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf, stringOf } from '../../template';

/** Viewer protocol policies that never serve content over plain HTTP. */
const HTTPS_POLICIES = ['https-only', 'redirect-to-https'];

/** SRV-02: CloudFront serves viewers over HTTPS only (HTTP redirects). */
export const CloudFrontHttpsOnly: PolicyRule = {
  id: 'CF1',
  requirements: ['SRV-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudFront::Distribution'],
  cause: () => 'A cache behavior of the distribution serves viewers over plain HTTP (ViewerProtocolPolicy allow-all).',
  fix: () => 'Set ViewerProtocolPolicy to redirect-to-https or https-only on every behavior (cloudfront.Distribution: defaultBehavior: { viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS }).',
  explanation: 'The static site and its API calls carry sessions; they must not be served over plain HTTP.',
  check: node => {
    const config = propertiesOf(node).DistributionConfig ?? {};
    const behaviors = [config.DefaultCacheBehavior, ...listOf(config.CacheBehaviors, 'DistributionConfig.CacheBehaviors')];
    const https = behaviors.every(behavior => HTTPS_POLICIES.includes(stringOf(behavior?.ViewerProtocolPolicy, 'ViewerProtocolPolicy') ?? ''));
    return compliantIf(https);
  },
};
