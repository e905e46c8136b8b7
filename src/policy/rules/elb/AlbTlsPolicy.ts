import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { propertiesOf, stringOf } from '../../template';

/** Security policies that accept TLS 1.2 and 1.3 only (no TLS 1.0/1.1). */
const MODERN_TLS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** EDGE-02: HTTPS listeners use an explicit TLS 1.2+ security policy. */
export const AlbTlsPolicy: PolicyRule = {
  id: 'ELB2',
  requirements: ['EDGE-02'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  cause: () => 'The HTTPS listener has no security policy, or one that still accepts TLS 1.0 or 1.1.',
  fix: () => 'Set SslPolicy to a TLS 1.2+ policy (elbv2.SslPolicy.RECOMMENDED_TLS = ELBSecurityPolicy-TLS13-1-2-2021-06).',
  explanation: 'TLS 1.0 and 1.1 have known weaknesses and fail PCI and most security reviews; the policy must be explicit so it does not follow a changing service default.',
  check: node => {
    const props = propertiesOf(node);
    if (stringOf(props.Protocol, 'Protocol') !== 'HTTPS') return NagRuleCompliance.NOT_APPLICABLE;
    return compliantIf(MODERN_TLS_POLICY.test(stringOf(props.SslPolicy, 'SslPolicy') ?? ''));
  },
};
