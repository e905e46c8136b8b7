import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PlatformEnvironment } from '../core/environment';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { DeploymentTopology } from '../runbooks/runbook';

/** The platform's part of the deployment diagram: its cluster, and each ALB shard behind the WAF. */
export function addPlatformTopology(
  environment: PlatformEnvironment, cluster: ecs.ICluster, loadBalancers: readonly elbv2.IApplicationLoadBalancer[],
): void {
  const topology = DeploymentTopology.of(cluster);
  topology.addNode(cluster, {
    kind: TopologyNodeKind.PLATFORM,
    label: { ja: `プラットフォーム (VPC、ECS クラスタ、${environment})`, en: `Platform (VPC, ECS cluster, ${environment})` },
  });
  loadBalancers.forEach((loadBalancer, i) => topology.addNode(loadBalancer, {
    kind: TopologyNodeKind.LOAD_BALANCER,
    label: { ja: `ALB シャード ${i + 1} (WAF)`, en: `ALB shard ${i + 1} (WAF)` },
  }));
}
