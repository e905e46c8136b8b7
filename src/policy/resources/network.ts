import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { appResources, designatedResource, matchesOrUnresolved, referencedResources, referrers } from '../references';
import { booleanOf, listOf, numberOf, propertiesOf, stringOf } from '../template';

/**
 * Whether a subnet of the app is public: it assigns public IPs on launch, or its route table sends
 * traffic to an internet gateway.
 */
export function isPublicSubnet(subnet: CfnResource): boolean {
  if (booleanOf(propertiesOf(subnet).MapPublicIpOnLaunch, 'MapPublicIpOnLaunch')) return true;
  return routesOf(subnet).some(routesToInternetGateway);
}

/**
 * The `AWS::EC2::Route`s of the route tables associated with `subnet`. A subnet without an
 * association uses the VPC's main route table, which a template cannot add routes to.
 */
export function routesOf(subnet: CfnResource): CfnResource[] {
  const associations = matchesOrUnresolved(referrers(subnet,
    appResources(subnet, 'AWS::EC2::SubnetRouteTableAssociation'), 'SubnetId', p => p.SubnetId));
  return associations.flatMap(association => {
    const routeTable = designatedResource(association, propertiesOf(association).RouteTableId, 'RouteTableId', 'AWS::EC2::RouteTable');
    return matchesOrUnresolved(referrers(routeTable, appResources(subnet, 'AWS::EC2::Route'), 'RouteTableId', p => p.RouteTableId));
  });
}

function routesToInternetGateway(route: CfnResource): boolean {
  const gateway = propertiesOf(route).GatewayId;
  if (gateway === undefined) return false;
  if (typeof gateway === 'string') return gateway.startsWith('igw-');
  return referencedResources(Stack.of(route), gateway, 'GatewayId').some(r => r.cfnResourceType === 'AWS::EC2::InternetGateway');
}

/**
 * Whether every subnet in `subnetIds` (a property of `from`) is private. A subnet the app does not
 * define (a literal id, a parameter) cannot be inspected and throws `UnresolvedValue`.
 */
export function subnetsArePrivate(from: CfnResource, subnetIds: unknown, property: string): NagRuleCompliance {
  const subnets = listOf(subnetIds, property).map(id => designatedResource(from, id, property, 'AWS::EC2::Subnet'));
  return subnets.some(isPublicSubnet) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/** The subnets of the app that belong to `vpc`. */
export function subnetsOf(vpc: CfnResource): CfnResource[] {
  return matchesOrUnresolved(referrers(vpc, appResources(vpc, 'AWS::EC2::Subnet'), 'VpcId', p => p.VpcId));
}

/** A key that identifies a subnet's availability zone (`{"Fn::Select":[0,{"Fn::GetAZs":""}]}` counts as one zone). */
export function availabilityZoneOf(subnet: CfnResource): string | undefined {
  const props = propertiesOf(subnet);
  const zone = props.AvailabilityZone ?? props.AvailabilityZoneId;
  if (zone === undefined) return undefined;
  return typeof zone === 'string' ? zone : JSON.stringify(zone);
}

/** What an ingress rule (inline or `AWS::EC2::SecurityGroupIngress`) lets in. */
export interface IngressRule {
  /** The IPv4 or IPv6 CIDR block it opens, if it opens one (not known at synth: `UnresolvedValue`). */
  readonly cidr?: string;
  /** The source security group or prefix list, as resolved. */
  readonly source?: unknown;
  /** `tcp`, `udp`, `icmp`, `-1` (all) or a protocol number. */
  readonly protocol: string;
  /** The first port, as resolved (a number, or an intrinsic such as a database's `Endpoint.Port`). */
  readonly fromPort: unknown;
  /** The last port, as resolved. */
  readonly toPort: unknown;
  /** The resource that holds the rule: the security group, or the `AWS::EC2::SecurityGroupIngress`. */
  readonly owner: CfnResource;
  /** Where the rule's properties are, for unresolved values: `SecurityGroupIngress.` (inline) or `` (a resource). */
  readonly prefix: string;
}

/** Reads an ingress rule from its CloudFormation properties. */
export function ingressRuleOf(owner: CfnResource, props: Record<string, any>, prefix: string): IngressRule {
  return {
    cidr: stringOf(props.CidrIp, `${prefix}CidrIp`) ?? stringOf(props.CidrIpv6, `${prefix}CidrIpv6`),
    source: props.SourceSecurityGroupId ?? props.SourceSecurityGroupName ?? props.SourcePrefixListId,
    protocol: String(stringOf(props.IpProtocol, `${prefix}IpProtocol`) ?? '-1').toLowerCase(),
    fromPort: props.FromPort,
    toPort: props.ToPort,
    owner,
    prefix,
  };
}

/** Whether `cidr` is the whole IPv4 or IPv6 internet. */
export function isAnywhere(cidr: string | undefined): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0';
}

/** The ports of a TCP rule as numbers `[from, to]`, or `undefined` for a rule that is not TCP-only. */
export function tcpPorts(rule: IngressRule): [number, number] | undefined {
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return undefined;
  const from = numberOf(rule.fromPort, `${rule.prefix}FromPort`);
  const to = numberOf(rule.toPort, `${rule.prefix}ToPort`);
  return [from ?? 0, to ?? 65535];
}

/** The ingress rules of a security group of the app: inline ones and `AWS::EC2::SecurityGroupIngress` resources. */
export function ingressRulesOf(group: CfnResource): IngressRule[] {
  const inline = listOf(propertiesOf(group).SecurityGroupIngress, 'SecurityGroupIngress')
    .map(rule => ingressRuleOf(group, rule, 'SecurityGroupIngress.'));
  const separate = matchesOrUnresolved(referrers(group, appResources(group, 'AWS::EC2::SecurityGroupIngress'), 'GroupId', p => p.GroupId))
    .map(resource => ingressRuleOf(resource, propertiesOf(resource), ''));
  return [...inline, ...separate];
}
