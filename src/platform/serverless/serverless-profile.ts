import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PlatformEnvironment } from '../../core/environment';

/**
 * What a `PlatformEnvironment` means for a serverless application (SRV-01, SRV-03): the seed's
 * 512 MiB / 30 s in development and 1024 MiB / 60 s in production, with the production values as
 * the production floor. Read by `SecureServerlessApi` and `ServerlessTable`; the rest (log floor,
 * deletion protection, budget) comes from `EnvironmentProfiles`.
 */
export interface ServerlessDefaults {
  readonly memoryMiB: number;
  readonly minMemoryMiB: number;
  readonly timeout: Duration;
  readonly minTimeout: Duration;
  /** SRV-01: function, access and flow logs are kept 30 days in every profile. */
  readonly logRetention: logs.RetentionDays;
  /** SRV-03: provisioned capacity with auto scaling (production) instead of on-demand. */
  readonly provisionedCapacity: boolean;
  /** Zones the Secrets Manager interface endpoint is placed in: one is cheaper, two survive a zone failure. */
  readonly interfaceEndpointZones: number;
  /** Retention of the table's daily AWS Backup recovery points (SRV-03, DR-02). */
  readonly tableBackupRetention: Duration;
}

/** Lambda's own limits (AWS Lambda quotas): memory 128–10,240 MiB, timeout 1–900 s. */
export const LAMBDA_LIMITS = { minMemoryMiB: 128, maxMemoryMiB: 10_240, minTimeoutSeconds: 1, maxTimeoutSeconds: 900 } as const;

const DEFAULTS: Record<PlatformEnvironment, ServerlessDefaults> = {
  [PlatformEnvironment.PRODUCTION]: {
    memoryMiB: 1024,
    minMemoryMiB: 1024,
    timeout: Duration.seconds(60),
    minTimeout: Duration.seconds(60),
    logRetention: logs.RetentionDays.ONE_MONTH,
    provisionedCapacity: true,
    interfaceEndpointZones: 2,
    tableBackupRetention: Duration.days(35),
  },
  [PlatformEnvironment.STAGING]: {
    memoryMiB: 1024,
    minMemoryMiB: 512,
    timeout: Duration.seconds(60),
    minTimeout: Duration.seconds(30),
    logRetention: logs.RetentionDays.ONE_MONTH,
    provisionedCapacity: false,
    interfaceEndpointZones: 1,
    tableBackupRetention: Duration.days(7),
  },
  [PlatformEnvironment.DEVELOPMENT]: {
    memoryMiB: 512,
    minMemoryMiB: LAMBDA_LIMITS.minMemoryMiB,
    timeout: Duration.seconds(30),
    minTimeout: Duration.seconds(3),
    logRetention: logs.RetentionDays.ONE_MONTH,
    provisionedCapacity: false,
    interfaceEndpointZones: 1,
    tableBackupRetention: Duration.days(7),
  },
};

/** The serverless defaults and floors of `environment`. */
export function serverlessDefaults(environment: PlatformEnvironment): ServerlessDefaults {
  const defaults = DEFAULTS[environment];
  if (!defaults) throw new Error(`environment "${environment}" is not one of ${Object.values(PlatformEnvironment).join(', ')}`);
  return defaults;
}
