import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { grantDecryptThroughSecretsManager } from './secret-keys';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { TenantDatabaseIdentity } from './tenant-database/tenant-database-identity';
import { connectTenantDatabase } from './tenant-database-connection';
import { TenantServiceSettings } from './tenant-service-settings';

/** The task of a tenant: its definition and, with `database`, the tenant's database role and schema. */
export interface TenantTask {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly databaseIdentity?: TenantDatabaseIdentity;
}

/**
 * The tenant's Fargate task (ECS-02, ECS-05, LOG-02): the application container, non-root with a
 * read-only root filesystem and scratch volumes for `writablePaths`, its secrets from Secrets Manager
 * (the database's included, with `database`), JSON logs to `logGroup` or Datadog, and the Datadog sidecars.
 */
export function addTenantTask(
  tenant: Construct, props: SecureTenantServiceProps, settings: TenantServiceSettings, logGroup: logs.ILogGroup, securityGroup: ec2.ISecurityGroup,
): TenantTask {
  const { datadog, memoryLimitMiB } = settings;
  const environment = props.platform.profile.environment;
  const taskDefinition = new ecs.FargateTaskDefinition(tenant, 'TaskDefinition', {
    cpu: settings.cpu,
    memoryLimitMiB,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  const secrets: Record<string, ecs.Secret> = { ...props.secrets };
  const secretKeys = [...props.secretEncryptionKeys ?? []];
  const databaseEnvironment: Record<string, string> = {};
  const connection = props.database && connectTenantDatabase(tenant, props.database, props, securityGroup, taskDefinition.taskRole);
  if (connection) {
    Object.assign(databaseEnvironment, connection.environment);
    Object.assign(secrets, connection.secrets);
    secretKeys.push(...connection.secretKeys);
  }
  // ECS-05: the execution role can decrypt every secret it injects.
  grantDecryptThroughSecretsManager(taskDefinition.obtainExecutionRole(), secretKeys);
  const readonlyRoot = props.readonlyRootFilesystem ?? true;
  const container = taskDefinition.addContainer('App', {
    image: props.image,
    essential: true,
    portMappings: [{ containerPort: settings.containerPort, name: 'http' }],
    environment: {
      TENANT_ID: props.tenantId,
      PLATFORM_ENVIRONMENT: environment,
      // LOG-02: JSON structured logs, DEBUG only outside production.
      LOG_FORMAT: 'json',
      LOG_LEVEL: environment === 'production' ? 'info' : 'debug',
      ...settings.environment,
      ...databaseEnvironment,
    },
    secrets,
    memoryLimitMiB: datadog.applicationMemoryLimitMiB(memoryLimitMiB),
    user: props.user ?? '1000:1000',
    readonlyRootFilesystem: readonlyRoot,
    logging: datadog.applicationLogging(logGroup),
  });
  if (readonlyRoot) {
    (props.writablePaths ?? ['/tmp']).forEach((containerPath, i) => {
      const sourceVolume = `scratch-${i}`;
      taskDefinition.addVolume({ name: sourceVolume });
      container.addMountPoints({ containerPath, sourceVolume, readOnly: false });
    });
  }
  datadog.addTo(taskDefinition, container, logGroup);
  return { taskDefinition, databaseIdentity: connection?.identity };
}

/** The policy findings the tenant's task definition accepts, with why. */
export function acknowledgeTenantTaskFindings(taskDefinition: ecs.FargateTaskDefinition): void {
  Validations.of(taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason: 'Only non-secret configuration is passed as plain environment variables: names that look like secrets are rejected at synth and secrets come from Secrets Manager (ECS-05).',
  });
}
