import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { checkDatabaseWindows } from './database-windows';
import { DATABASE_NAME } from './imported-monitored-database';
import { defaultPostgresMaxConnections } from './instance-memory';
import { MonitoredDatabaseProps } from './monitored-database-props';
import { checkDatabaseId } from './platform-parameters';
import { PropProblems } from '../core/validation';
import { DATABASE_ALARM_DEFAULTS, DatabaseAlarmThresholds, resolveThresholds } from '../monitoring/alarm-thresholds';

/** The props of a `MonitoredDatabase` with its platform profile's defaults applied, every one checked. */
export interface DatabaseSettings {
  readonly engine: rds.IInstanceEngine;
  readonly instanceType: ec2.InstanceType;
  readonly databaseName: string;
  readonly multiAz: boolean;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetention: Duration;
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  readonly secretRotation: Duration;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** `max_connections` the connection alarms are based on: the prop, or the engine's default for the instance memory. */
  readonly maxConnections: number;
  /** `max_connections` of the parameter group: only the prop; otherwise the engine computes it from the instance memory. */
  readonly maxConnectionsParameter?: number;
  readonly alarmThresholds: Required<DatabaseAlarmThresholds>;
}

/**
 * The settings of the database `id` at `path`: checks every prop, then throws one error naming each
 * bad prop, its value and what is accepted, before anything is built.
 */
export function databaseSettings(path: string, id: string, props: MonitoredDatabaseProps): DatabaseSettings {
  const problems = new PropProblems(path);
  const profile = props.platform.profile;
  const env = profile.environment;

  const backupRetention = props.backupRetention ?? profile.backupRetention;
  problems.durationAtLeast('backupRetention', backupRetention, profile.minBackupRetention, `of ${env} (DB-04)`);
  problems.durationAtMost('backupRetention', backupRetention, Duration.days(35), 'RDS allows');
  const secretRotation = props.secretRotation ?? profile.secretRotation;
  problems.durationAtLeast('secretRotation', secretRotation, Duration.days(1), 'Secrets Manager allows');
  problems.durationAtMost('secretRotation', secretRotation, profile.maxSecretRotation, `of ${env} (DB-05)`);
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
  if (removalPolicy === RemovalPolicy.DESTROY) {
    problems.report('removalPolicy', 'DESTROY', 'would delete the database with the stack; use SNAPSHOT or RETAIN (DB-03, DR-06)');
  }
  const allocatedStorageGiB = props.allocatedStorageGiB ?? 100;
  const maxAllocatedStorageGiB = props.maxAllocatedStorageGiB ?? 500;
  problems.integerBetween('allocatedStorageGiB', allocatedStorageGiB, 20, 65536);
  problems.integerBetween('maxAllocatedStorageGiB', maxAllocatedStorageGiB, allocatedStorageGiB + 1, 65536);
  const preferredBackupWindow = props.preferredBackupWindow ?? '16:00-16:30';
  const preferredMaintenanceWindow = props.preferredMaintenanceWindow ?? 'sat:17:00-sat:19:00';
  checkDatabaseWindows(problems, preferredBackupWindow, preferredMaintenanceWindow);
  const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G,
    env === 'development' ? ec2.InstanceSize.MICRO : ec2.InstanceSize.MEDIUM);
  const maxConnections = props.maxConnections ?? defaultPostgresMaxConnections(instanceType);
  if (maxConnections === undefined) {
    problems.report('maxConnections', undefined, `must be set for instance type ${instanceType} (its memory is not in the built-in table)`);
  }
  problems.integerBetween('maxConnections', maxConnections, 10, 262_143);
  const alarmThresholds = resolveThresholds(problems, 'alarmThresholds', DATABASE_ALARM_DEFAULTS, props.alarmThresholds, [
    ['cpuWarningPercent', 'cpuCriticalPercent', 'above'],
    ['connectionsWarningPercent', 'connectionsCriticalPercent', 'above'],
    ['freeStorageWarningPercent', 'freeStorageCriticalPercent', 'below'],
  ]);
  const databaseName = props.databaseName ?? 'app';
  problems.matches('databaseName', databaseName, DATABASE_NAME, 'a PostgreSQL identifier');
  checkDatabaseId(problems, 'id', id);
  problems.throwIfAny();

  return {
    engine: rds.DatabaseInstanceEngine.postgres({ version: props.engineVersion ?? rds.PostgresEngineVersion.VER_17 }),
    instanceType,
    databaseName,
    multiAz: props.multiAz ?? profile.multiAz,
    allocatedStorageGiB,
    maxAllocatedStorageGiB,
    backupRetention,
    preferredBackupWindow,
    preferredMaintenanceWindow,
    secretRotation,
    deletionProtection: props.deletionProtection ?? profile.deletionProtection,
    removalPolicy,
    maxConnections: maxConnections!, // undefined was reported above
    maxConnectionsParameter: props.maxConnections,
    alarmThresholds,
  };
}
