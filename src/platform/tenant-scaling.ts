import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { ITenantPlatform } from './platform-context';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { TenantDeploymentAutomation } from './tenant-deployment-automation';
import { AlarmSeverity } from '../core/severity';

/** What a tenant scales and announces. */
export interface TenantScalingProps {
  readonly platform: ITenantPlatform;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** The tenant's MON-01 alarms. */
  readonly alarms: cloudwatch.Alarm[];
  readonly blueGreenDeploymentGroup?: codedeploy.EcsDeploymentGroup;
}

/**
 * Scales the tenant's service between `minCapacity` and `maxCapacity` on CPU and memory (ECS-02),
 * with step scale-out at memory 90 % / CPU 85 % and failed deployments announced (`TenantDeploymentAutomation`).
 */
export function scaleTenantService(tenant: Construct, props: SecureTenantServiceProps, scaling: TenantScalingProps): void {
  const { service, minCapacity, maxCapacity } = scaling;
  const capacity = service.autoScaleTaskCount({ minCapacity, maxCapacity });
  const cooldown = props.scalingCooldown ?? Duration.seconds(300);
  capacity.scaleOnCpuUtilization('Cpu', {
    targetUtilizationPercent: props.cpuTargetUtilizationPercent ?? 70, scaleInCooldown: cooldown, scaleOutCooldown: cooldown,
  });
  capacity.scaleOnMemoryUtilization('Memory', {
    targetUtilizationPercent: props.memoryTargetUtilizationPercent ?? 85, scaleInCooldown: cooldown, scaleOutCooldown: cooldown,
  });
  new TenantDeploymentAutomation(tenant, 'DeploymentAutomation', {
    tenantId: props.tenantId,
    service,
    taskDefinition: scaling.taskDefinition,
    scaling: capacity,
    cooldown,
    warningTopic: scaling.platform._alarmRouting.topicFor(tenant, AlarmSeverity.WARNING),
    alarms: scaling.alarms,
    blueGreenDeploymentGroup: scaling.blueGreenDeploymentGroup,
  });
}
