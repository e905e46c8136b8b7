import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ITenantPlatform } from './platform-context';

/** The platform's resources a tenant builds on, as the tenant's stack refers to them. */
export interface TenantPlatformImports {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  /** The platform's KMS key (log groups, secrets). */
  readonly platformKey: kms.IKey;
  /** The security group of the tenant's ALB shard, the only peer of the tasks at creation (NET-04). */
  readonly albSecurityGroupId: string;
  /** The HTTPS (or, in development, HTTP) listener of the tenant's ALB shard. */
  readonly listener: elbv2.IApplicationListener;
}

/** Imports into `tenant` the platform's VPC, cluster, key and the listener of ALB shard `shard` (1-based), through stable exports (see SharedValues). */
export function importTenantPlatform(tenant: Construct, platform: ITenantPlatform, shard: number): TenantPlatformImports {
  const value = (key: string) => platform._value(tenant, key);
  const vpc = platform._vpcIn(tenant);
  const cluster = ecs.Cluster.fromClusterAttributes(tenant, 'Cluster', { clusterName: value('ClusterName'), vpc });
  const platformKey = platform._keyIn(tenant);
  const albSecurityGroupId = value(`Shard${shard}SecurityGroupId`);
  const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(tenant, 'Listener', {
    listenerArn: value(`Shard${shard}ListenerArn`),
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(tenant, 'LoadBalancerSecurityGroup', albSecurityGroupId, { mutable: false }),
  });
  return { vpc, cluster, platformKey, albSecurityGroupId, listener };
}
