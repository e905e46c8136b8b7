import { CfnResource } from 'aws-cdk-lib';
import { listOf, propertiesOf, stringOf } from '../template';

/** Whether an `AWS::ElasticLoadBalancingV2::LoadBalancer` is an Application Load Balancer. */
export function isApplicationLoadBalancer(node: CfnResource): boolean {
  return (stringOf(propertiesOf(node).Type, 'Type') ?? 'application') === 'application';
}

/** Whether an Application Load Balancer faces the internet (the default scheme). */
export function isInternetFacing(node: CfnResource): boolean {
  return isApplicationLoadBalancer(node) && (stringOf(propertiesOf(node).Scheme, 'Scheme') ?? 'internet-facing') === 'internet-facing';
}

/** The value of a load balancer attribute (`LoadBalancerAttributes`) as resolved, `undefined` when not set. */
export function loadBalancerAttributeValue(node: CfnResource, key: string): unknown {
  return listOf(propertiesOf(node).LoadBalancerAttributes, 'LoadBalancerAttributes').find(a => a?.Key === key)?.Value;
}

/** The value of a load balancer attribute that must be known at synth (a switch, a number). */
export function loadBalancerAttribute(node: CfnResource, key: string): string | undefined {
  return stringOf(loadBalancerAttributeValue(node, key), `LoadBalancerAttributes.${key}`);
}
