import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { DatadogSettings } from './datadog-settings';
import type { LoadBalancerShard } from './load-balancer-shard';
import type { SharedValues } from './shared-values';
import { ALL_SEVERITIES, severityName } from '../core/severity';
import type { SeverityTopics } from '../monitoring/severity-topics';

/** What of the platform its tenant stacks refer to. */
export interface PlatformExportedParts {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly encryptionKey: kms.IKey;
  readonly topics: SeverityTopics;
  readonly datadog?: DatadogSettings;
  readonly shards: readonly LoadBalancerShard[];
}

/**
 * Publishes, under stable keys, every platform value a tenant stack reads (see `SharedValues`):
 * the network, the cluster, the key, the alarm topics, the Datadog secrets and each ALB shard.
 */
export function exportPlatformValues(s: SharedValues, parts: PlatformExportedParts): void {
  const { vpc, shards } = parts;
  s.export('VpcId', vpc.vpcId, 'VPC of the tenant platform');
  s.export('VpcCidr', vpc.vpcCidrBlock, 'CIDR block of the VPC');
  vpc.privateSubnets.forEach((subnet, i) => {
    s.export(`PrivateSubnet${i + 1}`, subnet.subnetId, `Private subnet in ${subnet.availabilityZone}`);
    s.export(`PrivateRouteTable${i + 1}`, subnet.routeTable.routeTableId, `Route table of the private subnet in ${subnet.availabilityZone}`);
  });
  s.export('ClusterName', parts.cluster.clusterName, 'ECS cluster of the tenant services');
  s.export('KeyArn', parts.encryptionKey.keyArn, 'KMS key of the platform log groups and alarm topics');
  for (const severity of ALL_SEVERITIES) {
    s.export(`Topic${severityName(severity)}Arn`, parts.topics.topicFor(severity).topicArn, `SNS topic of ${severity} alarms`);
  }
  parts.datadog?.exportSharedValues(s);
  shards.forEach((shard, i) => {
    const n = i + 1;
    s.export(`Shard${n}ListenerArn`, shard.listener.listenerArn, `Listener tenants of ALB shard ${n} attach to`);
    s.export(`Shard${n}SecurityGroupId`, shard.securityGroup.securityGroupId, `Security group of ALB shard ${n}`);
    s.export(`Shard${n}FullName`, shard.loadBalancer.loadBalancerFullName, `Full name of ALB shard ${n} (CloudWatch dimension)`);
    s.export(`Shard${n}DnsName`, shard.loadBalancer.loadBalancerDnsName, `DNS name of ALB shard ${n}: point tenant host names here`);
    s.export(`Shard${n}HostedZoneId`, shard.loadBalancer.loadBalancerCanonicalHostedZoneId, `Canonical hosted zone of ALB shard ${n}`);
  });
}
