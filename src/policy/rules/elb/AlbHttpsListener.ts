import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { appResources, matchesOrUnresolved, referrers } from '../../references';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf, stringOf } from '../../template';

/** EDGE-01: listeners serve HTTPS with a certificate; HTTP only redirects to HTTPS on 443. */
export const AlbHttpsListener: PolicyRule = {
  id: 'ELB1',
  requirements: ['EDGE-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  cause: () => 'The load balancer listener serves plain HTTP (it forwards instead of redirecting to HTTPS on 443), or is HTTPS without a certificate.',
  fix: () => 'Serve HTTPS on 443 with an ACM certificate and make port 80 a redirect (alb.addListener(\'Https\', { port: 443, certificates: [certificate] }); alb.addRedirect()).',
  explanation: 'Tenant traffic carries credentials and personal data; it must be encrypted from the browser to the load balancer.',
  check: (node, t) => {
    if (!t.requireHttps) return NagRuleCompliance.NOT_APPLICABLE;
    const props = propertiesOf(node);
    const protocol = stringOf(props.Protocol, 'Protocol');
    if (protocol === 'HTTPS') return compliantIf(listOf(props.Certificates, 'Certificates').length > 0);
    if (protocol !== 'HTTP') return NagRuleCompliance.NOT_APPLICABLE;
    const rules = matchesOrUnresolved(referrers(node, appResources(node, 'AWS::ElasticLoadBalancingV2::ListenerRule'), 'ListenerArn', p => p.ListenerArn));
    const actions = [
      ...listOf(props.DefaultActions, 'DefaultActions'),
      ...rules.flatMap((rule: CfnResource) => listOf(propertiesOf(rule).Actions, 'Actions')),
    ];
    return compliantIf(actions.length > 0 && actions.every(redirectsToHttps));
  },
};

function redirectsToHttps(action: any): boolean {
  const redirect = action?.RedirectConfig;
  return action?.Type === 'redirect' && redirect?.Protocol === 'HTTPS' && String(redirect?.Port) === '443';
}
