import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** SRV-04, EDGE-01: CloudFront uses an ACM certificate with TLS 1.2 or later. */
export const CloudFrontTls: PolicyRule = {
  id: 'CF3',
  requirements: ['SRV-04', 'EDGE-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::CloudFront::Distribution'],
  cause: () => 'The distribution does not serve its own domain with an ACM certificate and a TLS 1.2+ minimum protocol (it uses the default *.cloudfront.net certificate or allows older TLS).',
  fix: () => 'Serve the site\'s domain with an ACM certificate from us-east-1 and MinimumProtocolVersion TLSv1.2_2021 (cloudfront.Distribution: domainNames, certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021).',
  explanation: 'The site is reached under the product domain with a managed, auto-renewed certificate (ACM) and modern TLS only.',
  check: node => {
    const certificate = propertiesOf(node).DistributionConfig?.ViewerCertificate ?? {};
    const minimum = stringOf(certificate.MinimumProtocolVersion, 'ViewerCertificate.MinimumProtocolVersion') ?? '';
    return compliantIf(certificate.AcmCertificateArn && /^TLSv1\.[23]/.test(minimum));
  },
};
