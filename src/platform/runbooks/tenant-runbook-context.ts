import { Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { TenantServiceAutomationDocuments } from '../../runbooks/tenant-service-automation';

/** What the runbook sections of one tenant service need to name its real resources. */
export interface TenantServiceRunbookContext {
  /** The tenant, e.g. `acme`; section anchors start with `tenant-<tenantId>-`. */
  readonly tenantId: string;
  /** The tenant's ECS service. */
  readonly service: ecs.BaseService;
  /** The service's log group. */
  readonly logGroup: logs.ILogGroup;
  /** Lowest number of tasks (autoscaling minimum). */
  readonly minCapacity: number;
  /** Highest number of tasks (autoscaling maximum). */
  readonly maxCapacity: number;
  /**
   * The service's target group on the platform ALB; adds target health checks.
   * @default - no target health steps
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
  /**
   * The host name the tenant is served at; adds `curl https://<host>/health` checks (EDGE-04).
   * @default - no HTTP health check steps
   */
  readonly hostHeader?: string;
  /**
   * The SSM Automation documents of the tenant's cluster (`TenantServiceAutomation`); rollback and
   * restart steps run them with the tenant's cluster and service.
   * @default - the steps use the ECS CLI directly
   */
  readonly automation?: TenantServiceAutomationDocuments;
  /**
   * The stack whose runbook has the platform's operating rules; sections link to them.
   * @default - no links to the operating rules
   */
  readonly platformStack?: Stack;
  /**
   * Whether the tenant has Datadog monitors; adds the `tenant-platform datadog` steps.
   * @default false
   */
  readonly datadog?: boolean;
  /**
   * The ECS cluster as defined in this app, when the service refers to it by an imported name (a
   * tenant stack referring to the platform's cluster).
   * @default - the service's cluster
   */
  readonly cluster?: ecs.ICluster;
  /**
   * Where the runbook finds the cluster's name when no stack of this app defines the cluster (the
   * platform of another app, `TenantPlatform.fromPlatformName`), e.g. an output of the tenant's stack.
   * @default - the physical id of `cluster`
   */
  readonly clusterLookup?: ResourceLookup;
  /**
   * The CodeDeploy deployment group of a blue/green service (ECS-04): rollback then stops the
   * deployment with automatic rollback, and no restart by forced deployment is offered (CodeDeploy
   * owns deployments).
   * @default - a rolling deployment managed by ECS
   */
  readonly blueGreenDeploymentGroup?: codedeploy.IEcsDeploymentGroup;
}

/** The sections every tenant gets; their anchors are `tenant-<tenantId>-<section>`. */
export enum TenantRunbookSection {
  /** Adding the tenant. */
  ADD = 'add',
  /** Removing the tenant. */
  REMOVE = 'remove',
  /** Manual rollback with a dry run. */
  ROLLBACK = 'rollback',
  /** Scaling out. */
  SCALE_OUT = 'scale-out',
  /** Troubleshooting: tasks, logs, forced deployment. */
  TROUBLESHOOT = 'troubleshoot',
}

/** The anchor of `section` of tenant `tenantId`, e.g. `tenant-acme-rollback`. */
export function tenantSectionAnchor(tenantId: string, section: TenantRunbookSection): string {
  return `tenant-${tenantId}-${section}`;
}
