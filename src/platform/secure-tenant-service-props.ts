import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { TenantDatadogProps } from './datadog-sidecars';
import type { IMonitoredDatabase } from './imported-monitored-database';
import type { ITenantPlatform } from './platform-context';
import { TenantDatabaseAuthentication, TenantDatabaseIsolation } from './tenant-database/tenant-database-identity';
import { TenantDeployment } from './tenant-deployment';
import { ServiceAlarmThresholds } from '../monitoring/alarm-thresholds';

/** Props of `SecureTenantService`. */
export interface SecureTenantServiceProps extends TenantDatadogProps {
  /**
   * The platform the tenant runs on: the `TenantPlatform` of this app, or one of another app
   * (`TenantPlatform.fromPlatformName`).
   */
  readonly platform: ITenantPlatform;
  /** Tenant id: lower-case letters, digits and hyphens, 2 to 31 characters, starting with a letter. */
  readonly tenantId: string;
  /**
   * Host name routed to this tenant by the platform's load balancer (e.g. `acme.example.com`): one
   * exact lower-case DNS name. Wildcards (`*`, `?`) are refused, since an ALB would let them match
   * another tenant's host.
   */
  readonly hostHeader: string;
  /** The application image. It must serve `healthCheckPath` on `containerPort`. */
  readonly image: ecs.ContainerImage;
  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Task CPU units (ECS-02). Must pair with `memoryLimitMiB` as Fargate allows, and leave the
   * application 256 units next to the Datadog sidecars when they run.
   * @default - the smallest that leaves the application 256 units next to the Datadog sidecars: 256 without them, 512 with them
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB (ECS-02); with the Datadog sidecars, the application keeps at least 512.
   * @default - the smallest Fargate memory for `cpu` that leaves the application 512 MiB next to the Datadog sidecars: 512 without them, 1024 with them
   */
  readonly memoryLimitMiB?: number;
  /**
   * Lowest task count; also the count at rest (ECS-02). At least 2 in PRODUCTION.
   * @default - 2 in STAGING and PRODUCTION, 1 in DEVELOPMENT
   */
  readonly minCapacity?: number;
  /**
   * Highest task count (ECS-02).
   * @default - 10 in PRODUCTION, 4 in STAGING, 2 in DEVELOPMENT
   */
  readonly maxCapacity?: number;
  /**
   * Average CPU the service scales to (ECS-02).
   * @default 70
   */
  readonly cpuTargetUtilizationPercent?: number;
  /**
   * Average memory the service scales to (ECS-02).
   * @default 85
   */
  readonly memoryTargetUtilizationPercent?: number;
  /**
   * Cooldown after a scaling activity (ECS-02).
   * @default Duration.seconds(300)
   */
  readonly scalingCooldown?: Duration;
  /**
   * Plain environment variables. Names that look like secrets (PASSWORD, TOKEN, API_KEY...) are
   * rejected: pass those in `secrets` (ECS-05).
   * @default - only the variables the service adds (TENANT_ID, PLATFORM_ENVIRONMENT, LOG_LEVEL, LOG_FORMAT)
   */
  readonly environment?: { [name: string]: string };
  /**
   * Secrets injected as environment variables, from Secrets Manager only (ECS-05).
   * @default - none besides the database's
   */
  readonly secrets?: { [name: string]: ecs.Secret };
  /**
   * The customer managed keys that encrypt `secrets`: the execution role gets `kms:Decrypt` on each
   * through Secrets Manager, which ECS needs to inject a secret whose key policy delegates to the
   * account (ECS-05). An `ecs.Secret` does not carry its key, so name them here.
   * @default - none: the secrets use the AWS managed key of Secrets Manager
   */
  readonly secretEncryptionKeys?: kms.IKey[];
  /**
   * The platform database: the tenant gets a PostgreSQL role and schema of its own (DB-05), a
   * security group rule to the database's port, and DB_HOST, DB_PORT, DB_NAME, DB_USER (its role)
   * and DB_SCHEMA. It never receives the master credentials. With a platform imported by name, the
   * database is imported too (`MonitoredDatabase.fromDatabaseName`).
   * @default - no database access
   */
  readonly database?: IMonitoredDatabase;
  /**
   * How the tenant's role authenticates: IAM tokens (the task role may `rds-db:connect` as the
   * role) or a password in the tenant's own rotated secret, injected as DB_PASSWORD.
   * @default TenantDatabaseAuthentication.IAM
   */
  readonly databaseAuthentication?: TenantDatabaseAuthentication;
  /**
   * Whether the tenant's tables live in a schema of the platform database or in a database of its own.
   * @default TenantDatabaseIsolation.SCHEMA
   */
  readonly databaseIsolation?: TenantDatabaseIsolation;
  /**
   * Whether removing the tenant drops its schema (or database), its data and its role. By default
   * the role is set NOLOGIN and the data is kept.
   * @default false
   */
  readonly dropDatabaseOnRemoval?: boolean;
  /**
   * Path the load balancer checks (EDGE-04).
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * User the container runs as (ECS-05).
   * @default '1000:1000' (not root)
   */
  readonly user?: string;
  /**
   * Whether the container's root filesystem is read-only (ECS-05); `writablePaths` stay writable.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Paths given task-scoped writable scratch volumes when the root filesystem is read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Retention of the tenant's log group (LOG-01).
   * @default - the platform's logRetention
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * 1-based ALB shard the tenant is placed on. Pin it to keep a tenant where it is when the
   * platform's loadBalancerShards changes.
   * @default - a stable hash of the tenant id over the platform's shards
   */
  readonly loadBalancerShard?: number;
  /**
   * Priority of the tenant's listener rule on its shard.
   * @default - a stable hash of the tenant id, from 1 to 50000
   */
  readonly listenerRulePriority?: number;
  /**
   * Alarm thresholds (MON-01).
   * @default - the values of REQUIREMENTS.md MON-01
   */
  readonly alarmThresholds?: ServiceAlarmThresholds;
  /**
   * How new task definitions roll out (ECS-03, ECS-04).
   * @default TenantDeployment.rolling()
   */
  readonly deployment?: TenantDeployment;
  /**
   * Give the tenant its own CloudWatch dashboard, `<tenant stack>-operations` (MON-05): the state of
   * all its alarms, each watched metric with its thresholds drawn on it, and its running tasks. The
   * platform's operations dashboard already draws every tenant (one line each), so this is opt-in: a
   * dashboard costs $3 a month at list price beyond the account's first three (Amazon CloudWatch
   * pricing, Dashboards), $300 a month for 100 tenants.
   * @default false
   */
  readonly dashboard?: boolean;
}
