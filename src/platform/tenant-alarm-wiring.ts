import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { DATADOG_TWINS } from './alerting/paging';
import { TenantAlarmSuppression } from './alerting/tenant-alarm-suppression';
import type { ITenantPlatform } from './platform-context';
import { createTenantAlarms, TenantAlarms } from './tenant-alarms';
import { TenantDeployment } from './tenant-deployment';
import { TenantTargetGroups } from './tenant-load-balancing';
import { TenantTargetMetricSource } from './tenant-metrics';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { ServiceAlarmThresholds } from '../monitoring/alarm-thresholds';

/** What a tenant's alarms watch and which deployments they roll back. */
export interface TenantAlarmWiringProps extends TenantTargetGroups {
  readonly platform: ITenantPlatform;
  readonly tenantId: string;
  /** 1-based ALB shard of the tenant. */
  readonly loadBalancerShard: number;
  readonly listener: elbv2.IApplicationListener;
  readonly service: ecs.FargateService;
  readonly thresholds: Required<ServiceAlarmThresholds>;
  readonly minCapacity: number;
  readonly deployment: TenantDeployment;
}

/** A tenant's alarms, the metrics they read, and the CodeDeploy group of a blue/green tenant. */
export interface TenantAlarmWiring extends TenantAlarms {
  readonly targetMetrics: TenantTargetMetricSource;
  readonly blueGreenDeploymentGroup?: codedeploy.EcsDeploymentGroup;
}

/**
 * Creates the tenant's MON-01 alarms, routed by severity with critical ones suppressed by the ALB
 * shard's shared causes (MON-03), and lets the ECS-03 deployment alarms roll a deployment back:
 * through the ECS deployment alarms of a rolling service, or the CodeDeploy group of a blue/green one.
 */
export function wireTenantAlarms(tenant: Construct, props: TenantAlarmWiringProps): TenantAlarmWiring {
  const { platform, service, targetGroup, greenTargetGroup } = props;
  const suppression = new TenantAlarmSuppression(tenant, platform, props.loadBalancerShard);
  const factory = new AlarmFactory(tenant, platform._alarmRouting, suppression, platform._pagingOf(DATADOG_TWINS.tenant));
  const targetMetrics = {
    loadBalancerFullName: platform._value(tenant, `Shard${props.loadBalancerShard}FullName`),
    targetGroupFullNames: [targetGroup, ...greenTargetGroup ? [greenTargetGroup] : []].map(tg => tg.targetGroupFullName),
  };
  const tenantAlarms = createTenantAlarms(factory, { ...targetMetrics, service, tenantId: props.tenantId }, props.thresholds, props.minCapacity);

  let blueGreenDeploymentGroup: codedeploy.EcsDeploymentGroup | undefined;
  if (greenTargetGroup) {
    blueGreenDeploymentGroup = new codedeploy.EcsDeploymentGroup(tenant, 'BlueGreen', {
      service,
      deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
      blueGreenDeploymentConfig: {
        listener: props.listener,
        blueTargetGroup: targetGroup,
        greenTargetGroup,
        terminationWaitTime: props.deployment.blueGreenOptions!.bakeTime ?? Duration.minutes(5),
      },
      alarms: tenantAlarms.deploymentAlarms,
      autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
    });
  } else {
    service.enableDeploymentAlarms(tenantAlarms.deploymentAlarms.map(a => factory.nameOf(a)), {
      behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
    });
  }
  return { ...tenantAlarms, targetMetrics, blueGreenDeploymentGroup };
}
