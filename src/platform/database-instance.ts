import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { DatabaseSettings } from './database-settings';
import { denyGrantsNotForAwsResources } from './key-policy';
import type { PlatformContext } from './platform-context';
import { allowCloudWatchLogs } from './platform-key';
import { acceptControl, AcceptedControl, acceptLogRetention } from '../core/accepted-findings';

/** The PostgreSQL logs RDS exports to CloudWatch Logs: every type the engine has (DB-06). */
const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** What the database instance is built from. */
export interface DatabaseInstanceOptions {
  readonly platform: PlatformContext;
  readonly settings: DatabaseSettings;
  readonly instanceIdentifier: string;
  readonly port: number;
}

/** The database instance and what it is built with. */
export interface DatabaseInstanceParts {
  readonly instance: rds.DatabaseInstance;
  /** Key of the storage, Performance Insights, the secret and the log group. */
  readonly encryptionKey: kms.IKey;
  readonly securityGroup: ec2.SecurityGroup;
}

/**
 * Builds, as children of `scope`, the PostgreSQL instance (DB-01..08) with its own rotated key, its
 * closed security group (NET-04), the parameter group forcing SSL, its pre-created log groups and
 * its rotated master secret; acknowledges its accepted findings (the managed enhanced monitoring
 * policy, the default port).
 */
export function buildDatabaseInstance(scope: Construct, options: DatabaseInstanceOptions): DatabaseInstanceParts {
  const { platform, settings, instanceIdentifier, port } = options;
  const profile = platform.profile;
  const key = new kms.Key(scope, 'Key', {
    description: `${scope.node.path}: storage, Performance Insights, credentials and logs`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  allowCloudWatchLogs(key);
  denyGrantsNotForAwsResources(key);

  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: platform.vpc,
    description: `${scope.node.path}: PostgreSQL, reachable only from tenant services (NET-04)`,
    allowAllOutbound: false,
  });

  const parameters: Record<string, string> = {
    'rds.force_ssl': '1',
    'log_min_duration_statement': '1000',
    'log_connections': '1',
    'log_disconnections': '1',
  };
  if (settings.maxConnectionsParameter !== undefined) parameters.max_connections = String(settings.maxConnectionsParameter);
  const engine = settings.engine;
  const parameterGroup = new rds.ParameterGroup(scope, 'Parameters', { engine, parameters });

  // Pre-created so retention and encryption apply (LOG-01/02) instead of RDS's never-expiring default.
  const logGroups = DATABASE_LOG_EXPORTS.map(logType => {
    const logGroup = new logs.LogGroup(scope, `${logType[0].toUpperCase()}${logType.slice(1)}Logs`, {
      logGroupName: `/aws/rds/instance/${instanceIdentifier}/${logType}`,
      retention: platform.logRetention,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acceptLogRetention(logGroup, platform.logRetention);
    return logGroup;
  });

  // Retained with the instance's final snapshot: restoring the snapshot needs these credentials.
  const masterSecret = new rds.DatabaseSecret(scope, 'Secret', { username: 'postgres', encryptionKey: key });
  masterSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const instance = new rds.DatabaseInstance(scope, 'Resource', {
    engine,
    instanceType: settings.instanceType,
    instanceIdentifier,
    vpc: platform.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [securityGroup],
    port,
    databaseName: settings.databaseName,
    credentials: rds.Credentials.fromSecret(masterSecret),
    multiAz: settings.multiAz,
    parameterGroup,
    storageType: rds.StorageType.GP3,
    allocatedStorage: settings.allocatedStorageGiB,
    maxAllocatedStorage: settings.maxAllocatedStorageGiB,
    storageEncrypted: true,
    storageEncryptionKey: key,
    iamAuthentication: true,
    enablePerformanceInsights: profile.performanceInsights,
    performanceInsightEncryptionKey: profile.performanceInsights ? key : undefined,
    monitoringInterval: Duration.seconds(60),
    cloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
    backupRetention: settings.backupRetention,
    preferredBackupWindow: settings.preferredBackupWindow,
    preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
    copyTagsToSnapshot: true,
    deleteAutomatedBackups: false,
    autoMinorVersionUpgrade: true,
    deletionProtection: settings.deletionProtection,
    removalPolicy: settings.removalPolicy,
    publiclyAccessible: false,
  });
  logGroups.forEach(logGroup => instance.node.addDependency(logGroup));
  instance.addRotationSingleUser({
    automaticallyAfter: settings.secretRotation,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
  for (const rotationIngress of securityGroup.node.children.filter(c => c.node.id.includes('RotationSingleUser'))) {
    acceptControl(rotationIngress, AcceptedControl.UNRESOLVABLE_PORT,
      'The rotation function reaches the database on its own port (5432), which aws-cdk-lib writes as the instance\'s Endpoint.Port ' +
      'attribute; the rules cannot resolve that token at synth and report an error instead of a finding. The rule opens one port to one security group (NET-04).');
  }
  Validations.of(instance).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    reason: 'Enhanced monitoring (DB-06) needs the AWS managed AmazonRDSEnhancedMonitoringRole policy, which AWS maintains for exactly this role.',
  });
  const defaultPortReason = 'PostgreSQL keeps its standard port 5432: the instance is in isolated subnets and reachable only from tenant security groups (NET-04), so a non-default port would add no protection.';
  Validations.of(instance).acknowledge({ id: 'AwsSolutions-RDS11', reason: defaultPortReason });
  acceptControl(instance, AcceptedControl.DATABASE_DEFAULT_PORT, defaultPortReason);
  return { instance, encryptionKey: key, securityGroup };
}
