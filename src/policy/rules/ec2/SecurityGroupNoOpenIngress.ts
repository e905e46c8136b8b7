import { NagMessageLevel } from 'cdk-nag';
import { IngressRule, ingressRuleOf, isAnywhere, tcpPorts } from '../../resources/network';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** The only ports the internet may reach: HTTPS and the HTTP redirect of the load balancer. */
const PUBLIC_PORTS = [443, 80];

/** NET-04: no security group admits the internet (0.0.0.0/0, ::/0) except on TCP 443 and 80. */
export const SecurityGroupNoOpenIngress: PolicyRule = {
  id: 'SG1',
  requirements: ['NET-04'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  cause: () => 'The security group admits traffic from anywhere (0.0.0.0/0 or ::/0) on a port other than TCP 443 or 80.',
  fix: () => 'Open only TCP 443 (and 80 for the HTTPS redirect) to the internet, on the load balancer\'s security group; admit everything else from security groups (connections.allowFrom(otherGroup, port)).',
  explanation: 'Least privilege at the network layer: only the load balancer faces the internet, and only on HTTPS and the HTTP redirect.',
  check: node => {
    const props = propertiesOf(node);
    const rules: IngressRule[] = node.cfnResourceType === 'AWS::EC2::SecurityGroup'
      ? listOf(props.SecurityGroupIngress, 'SecurityGroupIngress').map(rule => ingressRuleOf(node, rule, 'SecurityGroupIngress.'))
      : [ingressRuleOf(node, props, '')];
    const tooOpen = rules.filter(rule => isAnywhere(rule.cidr)).some(rule => {
      const ports = tcpPorts(rule);
      return !ports || ports[0] !== ports[1] || !PUBLIC_PORTS.includes(ports[0]);
    });
    return compliantIf(!tooOpen);
  },
};
