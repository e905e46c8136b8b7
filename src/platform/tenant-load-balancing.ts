import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/** Where a tenant's traffic comes from: its ALB shard's listener and the tenant's host header. */
export interface TenantRouteProps {
  readonly vpc: ec2.IVpc;
  readonly listener: elbv2.IApplicationListener;
  readonly hostHeader: string;
  readonly listenerRulePriority: number;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** Whether the tenant deploys blue/green, which needs a second (green) target group. */
  readonly blueGreen: boolean;
}

/** The target groups of a tenant. */
export interface TenantTargetGroups {
  /** The target group serving traffic (blue, with blue/green). */
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The green target group of a blue/green deployment. */
  readonly greenTargetGroup?: elbv2.ApplicationTargetGroup;
}

/**
 * Routes the tenant's host header on its ALB shard's listener to its target group (EDGE-04), whose
 * health check asks `healthCheckPath` for a 200 every 15 seconds; with blue/green, also a green target group.
 */
export function routeTenantTraffic(tenant: Construct, props: TenantRouteProps): TenantTargetGroups {
  const targetGroup = (targetGroupId: string) => new elbv2.ApplicationTargetGroup(tenant, targetGroupId, {
    vpc: props.vpc,
    port: props.containerPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: Duration.seconds(30),
    healthCheck: {
      path: props.healthCheckPath,
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
  });
  const blue = targetGroup('TargetGroup');
  const green = props.blueGreen ? targetGroup('GreenTargetGroup') : undefined;
  new elbv2.ApplicationListenerRule(tenant, 'ListenerRule', {
    listener: props.listener,
    priority: props.listenerRulePriority,
    conditions: [elbv2.ListenerCondition.hostHeaders([props.hostHeader])],
    targetGroups: [blue],
  });
  return { targetGroup: blue, greenTargetGroup: green };
}
