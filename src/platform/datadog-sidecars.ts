import { Duration, Fn, Token, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { requireSiteHost } from './datadog-settings';
import { reservedBySidecars, SIDECAR_SIZES, SidecarSize, taskSizeWithSidecars } from './datadog-sidecar-sizes';
import type { ITenantPlatform } from './platform-context';
import { AcceptedControl, acceptControl } from '../core/accepted-findings';
import { PropProblems } from '../core/validation';
import { DatadogSite } from '../monitoring/datadog/site';

/** Datadog props of a tenant (MON-05, LOG-03); `SecureTenantServiceProps` extends them. */
export interface TenantDatadogProps {
  /**
   * The `version` of unified service tagging (`DD_VERSION` and the `com.datadoghq.tags.version`
   * label): which build of the tenant's application produced a trace, metric or log line.
   * @default - the image tag (`1.4.2` of `repo:1.4.2`, the digest of `repo@sha256:...`), or `latest`
   * when the image names no tag
   */
  readonly serviceVersion?: string;
  /**
   * Whether the tenant's tasks run the Datadog agent as a sidecar for APM traces and container
   * metrics (MON-05), when the platform has Datadog.
   * @default true
   */
  readonly datadogAgent?: boolean;
  /**
   * Whether the application's logs go through FireLens to Datadog Log Management (LOG-03), when the
   * platform has Datadog. On Fargate FireLens gives the application exactly one log output, so
   * with forwarding on its lines are in Datadog only and their retention is the Datadog index's
   * (keep it at LOG-01's 90 days in production). Off, they stay in the tenant's CloudWatch log group.
   * @default false - the application logs to its CloudWatch log group (LOG-01 retention)
   */
  readonly datadogLogForwarding?: boolean;
  /**
   * The Datadog agent image. Pin a version in production (`public.ecr.aws/datadog/agent:7.60.0`).
   * @default - public.ecr.aws/datadog/agent:7
   */
  readonly datadogAgentImage?: ecs.ContainerImage;
  /**
   * The FireLens log router image.
   * @default - public.ecr.aws/aws-observability/aws-for-fluent-bit:stable
   */
  readonly logRouterImage?: ecs.ContainerImage;
}

/** Container names the sidecars run as (they show up in ECS, CloudWatch log streams and policy findings). */
export const SIDECAR_CONTAINERS = { agent: 'datadog-agent', agentInit: 'datadog-agent-init', logRouter: 'log-router' };

/** Writable task volumes of the agent, whose root filesystem is read-only (Datadog's ROFS guide). */
const AGENT_VOLUMES: Record<string, string> = {
  'datadog-config': '/etc/datadog-agent',
  'datadog-run': '/opt/datadog-agent/run',
  'datadog-sockets': '/var/run/datadog',
  'datadog-logs': '/var/log/datadog',
  'datadog-tmp': '/tmp',
};

const TAG_VALUE = /^[A-Za-z0-9_.:/-]{1,199}$/;

/**
 * The Datadog side of one tenant's tasks (MON-05, LOG-03): the agent sidecar for APM with unified
 * service tagging and, with `datadogLogForwarding`, the FireLens log router that ships the
 * application's logs to Datadog Log Management. The API key reaches both only as a Secrets Manager
 * secret (ECS-05). What stays in CloudWatch, and why forwarding is opt-in: README, "Logs (LOG-03)".
 */
export class TenantDatadogSidecars {
  /** Whether the agent sidecar runs. */
  public readonly agent: boolean;
  /** Whether the application logs through FireLens to Datadog. */
  public readonly logForwarding: boolean;
  private readonly tenantId: string;
  private readonly env: string;
  private readonly site: DatadogSite;

  public constructor(
    private readonly scope: Construct,
    private readonly platform: ITenantPlatform,
    tenantId: string,
    private readonly props: TenantDatadogProps,
    private readonly check: PropProblems,
  ) {
    const datadog = platform._datadog;
    this.tenantId = tenantId;
    this.agent = !!datadog && (props.datadogAgent ?? true);
    this.logForwarding = !!datadog && (props.datadogLogForwarding ?? false);
    this.env = datadog?.env ?? '';
    this.site = datadog?.site ?? DatadogSite.US1;
    if (props.serviceVersion !== undefined) {
      check.matches('serviceVersion', props.serviceVersion, TAG_VALUE, 'a Datadog tag value: letters, digits, _ . : / -, at most 199 characters');
    }
    if (this.enabled) {
      requireSiteHost(this.site, check, 'the agent and FireLens need a Datadog site (DatadogSite.US1, AP1, ...); ' +
        'set datadogAgent and datadogLogForwarding to false to run this tenant without them');
    }
  }

  /** Whether any Datadog sidecar runs in the tenant's tasks. */
  public get enabled(): boolean {
    return this.agent || this.logForwarding;
  }

  /** The task size for `cpu` and `memoryLimitMiB`, with room for the sidecars (`taskSizeWithSidecars`). */
  public taskSize(cpu: number | undefined, memoryLimitMiB: number | undefined): SidecarSize {
    return taskSizeWithSidecars(this.check, this.reserved(), cpu, memoryLimitMiB);
  }

  /** How the application container logs: FireLens to Datadog, or its CloudWatch log group. */
  public applicationLogging(logGroup: logs.ILogGroup): ecs.LogDriver {
    if (!this.logForwarding) return ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: this.tenantId });
    return ecs.LogDrivers.firelens({
      options: {
        Name: 'datadog',
        Host: `http-intake.logs.${this.site.name}`,
        TLS: 'on',
        compress: 'gzip',
        provider: 'ecs',
        dd_service: this.tenantId,
        dd_tags: `env:${this.env},tenant:${this.tenantId}`,
        retry_limit: '5',
      },
      secretOptions: { apikey: this.apiKey() },
    });
  }

  /**
   * Adds the sidecars to `taskDefinition` and unified service tagging to `application`: `DD_ENV`,
   * `DD_SERVICE`, `DD_VERSION` and the `com.datadoghq.tags.*` labels on the application and the agent.
   */
  public addTo(taskDefinition: ecs.FargateTaskDefinition, application: ecs.ContainerDefinition, logGroup: logs.ILogGroup): void {
    if (!this.enabled) return;
    const version = this.props.serviceVersion ?? versionOf(application.imageName);
    const tags = { env: this.env, service: this.tenantId, version };
    for (const [key, value] of Object.entries(tags)) {
      application.addEnvironment(`DD_${key.toUpperCase()}`, value);
      application.addDockerLabel(`com.datadoghq.tags.${key}`, value);
    }
    // Trace and span ids in the application's log lines link its logs to its traces.
    application.addEnvironment('DD_LOGS_INJECTION', 'true');
    if (this.agent) this.addAgent(taskDefinition, logGroup, tags);
    if (this.logForwarding) this.addLogRouter(taskDefinition, logGroup);
  }

  private addAgent(taskDefinition: ecs.FargateTaskDefinition, logGroup: logs.ILogGroup, tags: Record<string, string>): void {
    const image = this.props.datadogAgentImage ?? ecs.ContainerImage.fromRegistry('public.ecr.aws/datadog/agent:7');
    for (const name of Object.keys(AGENT_VOLUMES)) taskDefinition.addVolume({ name });
    // The agent's root filesystem is read-only: its configuration directory is a task volume the
    // init container fills with the image's defaults first (Datadog's read-only root filesystem guide).
    const init = taskDefinition.addContainer('DatadogAgentInit', {
      containerName: SIDECAR_CONTAINERS.agentInit,
      image,
      essential: false,
      ...SIDECAR_SIZES.agentInit,
      command: ['/bin/sh', '-c', 'cp -R /etc/datadog-agent/. /agent-config/'],
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: SIDECAR_CONTAINERS.agentInit }),
    });
    init.addMountPoints({ sourceVolume: 'datadog-config', containerPath: '/agent-config', readOnly: false });
    const agent = taskDefinition.addContainer('DatadogAgent', {
      containerName: SIDECAR_CONTAINERS.agent,
      image,
      // A monitoring outage must not stop the tenant: the application keeps serving without the agent.
      essential: false,
      ...SIDECAR_SIZES.agent,
      environment: {
        ECS_FARGATE: 'true',
        DD_SITE: this.site.name,
        DD_APM_ENABLED: 'true',
        DD_ENV: tags.env,
        DD_SERVICE: tags.service,
        DD_VERSION: tags.version,
        DD_TAGS: `tenant:${this.tenantId}`,
      },
      secrets: { DD_API_KEY: this.apiKey() },
      dockerLabels: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`com.datadoghq.tags.${k}`, v])),
      readonlyRootFilesystem: true,
      healthCheck: { command: ['CMD-SHELL', 'agent health'], interval: Duration.seconds(30), timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.seconds(60) },
      // The agent's own logs stay in CloudWatch: they explain a Datadog outage, so they must not depend on Datadog.
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: SIDECAR_CONTAINERS.agent }),
    });
    agent.addMountPoints(...Object.entries(AGENT_VOLUMES).map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false })));
    agent.addContainerDependencies({ container: init, condition: ecs.ContainerDependencyCondition.SUCCESS });
    const agentRunsAsRoot = 'The Datadog agent image runs as root and Datadog documents no non-root mode for the ECS Fargate sidecar; on Fargate it has no ' +
      'host access, its root filesystem is read-only, and no port of it is open in the tenant security group (ECS-05).';
    for (const container of [SIDECAR_CONTAINERS.agent, SIDECAR_CONTAINERS.agentInit]) {
      Validations.of(taskDefinition).acknowledge({ id: `TenantPlatform::TenantPlatform-ECS12[${container}]`, reason: agentRunsAsRoot });
    }
    acceptControl(taskDefinition, AcceptedControl.SIDECAR_RUNS_AS_ROOT, agentRunsAsRoot);
  }

  private addLogRouter(taskDefinition: ecs.FargateTaskDefinition, logGroup: logs.ILogGroup): void {
    taskDefinition.addFirelensLogRouter('LogRouter', {
      containerName: SIDECAR_CONTAINERS.logRouter,
      image: this.props.logRouterImage ?? ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
      essential: true,
      ...SIDECAR_SIZES.logRouter,
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT, options: { enableECSLogMetadata: true } },
      // FireLens mounts the generated configuration and the socket the application logs into as root.
      user: '0',
      // The router's own logs stay in CloudWatch (LOG-01/02), so a failed delivery to Datadog is visible.
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: SIDECAR_CONTAINERS.logRouter }),
    });
    const routerRunsAsRoot = 'FireLens routers run as root: ECS mounts the generated Fluent Bit configuration and the log socket of the application as root ' +
      '(Datadog\'s own ECS Fargate module sets user 0 for the same reason); the router opens no port to the network (ECS-05).';
    Validations.of(taskDefinition).acknowledge({ id: `TenantPlatform::TenantPlatform-ECS12[${SIDECAR_CONTAINERS.logRouter}]`, reason: routerRunsAsRoot });
    acceptControl(taskDefinition, AcceptedControl.SIDECAR_RUNS_AS_ROOT, routerRunsAsRoot);
    const routerWritesRoot = 'aws-for-fluent-bit does not start with a read-only root filesystem under FireLens (aws/aws-for-fluent-bit#928, fluent/fluent-bit#7308); ' +
      'the router runs AWS\'s image unmodified and holds no secret on disk: the Datadog key is injected as a log-driver secret (ECS-05).';
    Validations.of(taskDefinition).acknowledge({ id: `TenantPlatform::TenantPlatform-ECS11[${SIDECAR_CONTAINERS.logRouter}]`, reason: routerWritesRoot });
    acceptControl(taskDefinition, AcceptedControl.SIDECAR_WRITABLE_ROOT, routerWritesRoot);
  }

  /**
   * The application container's hard memory limit in a task of `taskMemoryMiB`: all the memory the
   * sidecars do not reserve, so every container has a limit (Control Tower CT.ECS.PR.7) and the
   * application keeps the whole rest of the task.
   */
  public applicationMemoryLimitMiB(taskMemoryMiB: number): number {
    return taskMemoryMiB - this.reserved().memoryLimitMiB;
  }

  /** CPU and memory the sidecars take from the task. */
  private reserved(): SidecarSize {
    return reservedBySidecars(this.agent, this.logForwarding);
  }

  private apiKey(): ecs.Secret {
    return ecs.Secret.fromSecretsManager(this.platform._datadog!.apiKeySecretIn(this.scope), 'apiKey');
  }
}

/**
 * The version an image name carries: its tag, its digest, or `latest`. Names known only at deploy
 * (ECR repositories, image assets: `<registry>/<repository>:<tag>`) are split by CloudFormation.
 */
export function versionOf(imageName: string): string {
  if (Token.isUnresolved(imageName)) return Fn.select(1, Fn.split(':', imageName));
  const name = imageName.slice(imageName.lastIndexOf('/') + 1);
  const digest = name.indexOf('@');
  if (digest >= 0) return name.slice(digest + 1);
  const tag = name.indexOf(':');
  return tag >= 0 ? name.slice(tag + 1) : 'latest';
}
