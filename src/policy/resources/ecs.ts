import { CfnResource } from 'aws-cdk-lib';
import { listOf, propertiesOf, stringOf } from '../template';

/** The resolved container definitions of an `AWS::ECS::TaskDefinition`. */
export function containersOf(taskDefinition: CfnResource): any[] {
  return listOf(propertiesOf(taskDefinition).ContainerDefinitions, 'ContainerDefinitions');
}

/** The name of a container definition, for granular findings. */
export function containerName(container: any): string {
  return stringOf(container?.Name, 'ContainerDefinitions.Name') ?? 'unnamed';
}

/** The `awsvpc` network configuration of an ECS service, `undefined` for bridge/host networking. */
export function awsvpcConfigurationOf(service: CfnResource): Record<string, any> | undefined {
  return propertiesOf(service).NetworkConfiguration?.AwsvpcConfiguration;
}

/** Whether an ECS service deploys with the ECS rolling deployment controller (the default). */
export function isRollingDeployment(service: CfnResource): boolean {
  return (stringOf(propertiesOf(service).DeploymentController?.Type, 'DeploymentController.Type') ?? 'ECS') === 'ECS';
}
