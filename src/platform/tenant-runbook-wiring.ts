import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IMonitoredDatabase } from './imported-monitored-database';
import type { TenantContext } from './platform-context';
import { automationDocumentPrefix } from './platform-parameters';
import { TenantServiceRunbookSections } from './runbooks/tenant-sections';
import { TopologyNodeKind } from '../runbooks/deployment-topology';
import { ResourceLookup } from '../runbooks/resource-lookup';
import { DeploymentTopology } from '../runbooks/runbook';
import { TenantServiceAutomation } from '../runbooks/tenant-service-automation';

/** What a tenant's runbook describes besides the tenant itself. */
export interface TenantRunbookProps {
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database?: IMonitoredDatabase;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly blueGreenDeploymentGroup?: codedeploy.EcsDeploymentGroup;
}

/**
 * Adds the tenant's runbook sections (OPS-01, OPS-03), which run the platform's SSM Automation
 * documents for rolling deployments, and its place in the deployment diagram.
 */
export function addTenantRunbook(tenant: TenantContext, props: TenantRunbookProps): void {
  const platform = tenant.platform;
  const service = tenant.service;
  const blueGreenDeploymentGroup = props.blueGreenDeploymentGroup;
  // CodeDeploy owns the deployments of a blue/green service, so ECS UpdateService cannot roll it back.
  // The platform's documents, named after the platform name (also for a platform of another app),
  // run with this tenant's cluster and service as parameters.
  const automation = blueGreenDeploymentGroup ? undefined : TenantServiceAutomation.documentNames(automationDocumentPrefix(platform.platformName));
  if (automation) TenantServiceAutomation.retainRevisions(service);
  TenantServiceRunbookSections.addTo(tenant, {
    tenantId: tenant.tenantId,
    service,
    cluster: platform._built?.cluster,
    // The cluster of a platform of another app: its name as this stack read it, in an output the runbook reads.
    clusterLookup: platform._built ? undefined : ResourceLookup.stackOutput(new CfnOutput(tenant, 'ClusterName', {
      value: service.cluster.clusterName, description: 'ECS cluster of the tenant service (the platform\'s)',
    })),
    logGroup: tenant.logGroup,
    targetGroup: props.targetGroup,
    hostHeader: tenant.hostHeader,
    minCapacity: props.minCapacity,
    maxCapacity: props.maxCapacity,
    automation,
    blueGreenDeploymentGroup,
    platformStack: platform._built && Stack.of(platform._built),
  });
  const topology = DeploymentTopology.of(tenant);
  topology.addNode(service, { kind: TopologyNodeKind.TENANT, label: { ja: `テナント ${tenant.tenantId}`, en: `Tenant ${tenant.tenantId}` } });
  // A platform of another app is drawn in that app's diagram.
  const built = platform._built;
  if (built) {
    topology.connect(built.loadBalancers[tenant.loadBalancerShard - 1], service, { label: { ja: tenant.hostHeader, en: tenant.hostHeader } });
    topology.connect(built.cluster, service, { label: { ja: 'ECS Fargate', en: 'ECS Fargate' } });
  }
  // A database of another app is drawn in that app's diagram.
  if (props.database?._instance) topology.connect(service, props.database._instance, { label: { ja: 'SQL (TLS)', en: 'SQL (TLS)' } });
}
