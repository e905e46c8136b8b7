import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkPlainEnvironment, checkSecretsManagerOnly } from './container-settings';
import { TenantDatadogSidecars } from './datadog-sidecars';
import { fargateSizeProblem } from './fargate-sizes';
import { checkHostHeader } from './host-header';
import { SecureTenantServiceProps } from './secure-tenant-service-props';
import { TenantDeployment } from './tenant-deployment';
import { defaultShard, listenerPriority } from './tenant-placement';
import { PropProblems } from '../core/validation';
import { resolveThresholds, SERVICE_ALARM_DEFAULTS, ServiceAlarmThresholds } from '../monitoring/alarm-thresholds';

const TENANT_ID = /^[a-z][a-z0-9-]{1,30}$/;

/** The props of a `SecureTenantService`, checked and completed with the platform's defaults. */
export interface TenantServiceSettings {
  /** The Datadog sidecars of the tenant's tasks (none when the platform has no Datadog). */
  readonly datadog: TenantDatadogSidecars;
  /** Task CPU units and memory (MiB): a Fargate size with room for the sidecars. */
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  readonly logRetention: logs.RetentionDays;
  /** The plain environment variables the user passed. */
  readonly environment: Record<string, string>;
  readonly thresholds: Required<ServiceAlarmThresholds>;
  readonly deployment: TenantDeployment;
  /** 1-based ALB shard. */
  readonly loadBalancerShard: number;
  readonly listenerRulePriority: number;
}

/**
 * Checks every prop of the tenant `service` and throws once, listing every problem, before any
 * resource is built; returns the props completed with the platform's profile (ECS-02, LOG-01, MON-01).
 */
export function tenantServiceSettings(service: Construct, props: SecureTenantServiceProps): TenantServiceSettings {
  const problems = new PropProblems(service.node.path);
  const platform = props.platform;
  const profile = platform.profile;

  problems.matches('tenantId', props.tenantId, TENANT_ID, 'lower-case letters, digits and hyphens, 2 to 31 characters, starting with a letter');
  checkHostHeader(problems, props.hostHeader);
  const datadog = new TenantDatadogSidecars(service, platform, props.tenantId, props, problems);
  const { cpu, memoryLimitMiB } = datadog.taskSize(props.cpu, props.memoryLimitMiB);
  const sizeProblem = fargateSizeProblem(cpu, memoryLimitMiB);
  if (sizeProblem) problems.report('cpu/memoryLimitMiB', `${cpu}/${memoryLimitMiB}`, `is not a Fargate size: ${sizeProblem}`);
  const minCapacity = props.minCapacity ?? profile.minCapacity;
  const maxCapacity = props.maxCapacity ?? Math.max(profile.maxCapacity, minCapacity);
  problems.integerBetween('minCapacity', minCapacity, profile.minCapacityFloor, 1000);
  problems.integerBetween('maxCapacity', maxCapacity, 1, 1000);
  if (minCapacity > maxCapacity) problems.report('minCapacity', minCapacity, `must not exceed maxCapacity (${maxCapacity})`);
  const containerPort = props.containerPort ?? 8080;
  problems.integerBetween('containerPort', containerPort, 1, 65535);
  problems.integerBetween('cpuTargetUtilizationPercent', props.cpuTargetUtilizationPercent, 10, 95);
  problems.integerBetween('memoryTargetUtilizationPercent', props.memoryTargetUtilizationPercent, 10, 95);
  const healthCheckPath = props.healthCheckPath ?? '/health';
  problems.matches('healthCheckPath', healthCheckPath, /^\/[\x21-\x7e]*$/, 'a path starting with /');
  const logRetention = props.logRetention ?? platform.logRetention;
  problems.logRetentionReaches('logRetention', logRetention, profile);
  const environment = props.environment ?? {};
  checkPlainEnvironment(problems, environment);
  checkSecretsManagerOnly(service, problems, props.secrets ?? {});
  const thresholds = resolveThresholds(problems, 'alarmThresholds', SERVICE_ALARM_DEFAULTS, props.alarmThresholds, [
    ['cpuWarningPercent', 'cpuCriticalPercent', 'above'],
    ['memoryWarningPercent', 'memoryCriticalPercent', 'above'],
    ['latencyP99WarningMs', 'latencyP99CriticalMs', 'above'],
    ['errorRateWarningPercent', 'errorRateCriticalPercent', 'above'],
  ]);
  const shardCount = platform.loadBalancerShardCount;
  problems.integerBetween('loadBalancerShard', props.loadBalancerShard, 1, shardCount);
  problems.integerBetween('listenerRulePriority', props.listenerRulePriority, 1, 50_000);
  if (props.database && props.database.platform !== platform) {
    problems.report('database', props.database.node.path, `belongs to another platform (${props.database.platform.node.path}); ` +
      `accepted: a database of the tenant's platform (${platform.node.path})`);
  }
  problems.throwIfAny();

  return {
    datadog,
    cpu,
    memoryLimitMiB,
    minCapacity,
    maxCapacity,
    containerPort,
    healthCheckPath,
    logRetention,
    environment,
    thresholds,
    deployment: props.deployment ?? TenantDeployment.rolling(),
    loadBalancerShard: props.loadBalancerShard ?? defaultShard(props.tenantId, shardCount) + 1,
    listenerRulePriority: props.listenerRulePriority ?? listenerPriority(props.tenantId),
  };
}
