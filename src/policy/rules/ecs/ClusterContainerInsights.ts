import { NagMessageLevel } from 'cdk-nag';
import { compliantIf, PolicyRule } from '../../rule';
import { listOf, propertiesOf } from '../../template';

/** ECS-01: the ECS cluster has Container Insights on. */
export const ClusterContainerInsights: PolicyRule = {
  id: 'ECS1',
  requirements: ['ECS-01'],
  level: NagMessageLevel.ERROR,
  resourceTypes: ['AWS::ECS::Cluster'],
  cause: () => 'The ECS cluster has Container Insights off.',
  fix: () => 'Set the cluster setting containerInsights to enabled or enhanced (ecs.Cluster: containerInsightsV2: ecs.ContainerInsights.ENHANCED).',
  explanation: 'Container Insights provides the per-service and per-task CPU and memory metrics the MON-01 alarms and the ops dashboards use.',
  check: node => {
    const setting = listOf(propertiesOf(node).ClusterSettings, 'ClusterSettings').find(s => s?.Name === 'containerInsights');
    return compliantIf(setting?.Value === 'enabled' || setting?.Value === 'enhanced');
  },
};
