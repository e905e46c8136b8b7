import { PolicyRule } from '../rule';
import { ApiAccessLogs } from './apigateway/ApiAccessLogs';
import { BackupVaultCustomerKey } from './backup/BackupVaultCustomerKey';
import { DatabaseBackupRules } from './backup/DatabaseBackupRules';
import { DatabaseCrossRegionRecovery } from './backup/DatabaseCrossRegionRecovery';
import { DataInBackupPlan } from './backup/DataInBackupPlan';
import { BudgetAlert } from './budgets/BudgetAlert';
import { StatefulResourceRetained } from './cloudformation/StatefulResourceRetained';
import { CloudFrontHttpsOnly } from './cloudfront/CloudFrontHttpsOnly';
import { CloudFrontOriginAccessControl } from './cloudfront/CloudFrontOriginAccessControl';
import { CloudFrontTls } from './cloudfront/CloudFrontTls';
import { AlarmHasActions } from './cloudwatch/AlarmHasActions';
import { AlarmRunbookLink } from './cloudwatch/AlarmRunbookLink';
import { DynamoPointInTimeRecovery } from './dynamodb/DynamoPointInTimeRecovery';
import { DynamoProvisionedAutoScaling } from './dynamodb/DynamoProvisionedAutoScaling';
import { SecurityGroupNoOpenIngress } from './ec2/SecurityGroupNoOpenIngress';
import { EcrScanOnPush } from './ecr/EcrScanOnPush';
import { ClusterContainerInsights } from './ecs/ClusterContainerInsights';
import { ServiceAlarms } from './ecs/ServiceAlarms';
import { ServiceAutoScaling } from './ecs/ServiceAutoScaling';
import { ServiceCircuitBreaker } from './ecs/ServiceCircuitBreaker';
import { ServiceDeploymentAlarms } from './ecs/ServiceDeploymentAlarms';
import { ServiceNoPublicIp } from './ecs/ServiceNoPublicIp';
import { ServicePrivateSubnets } from './ecs/ServicePrivateSubnets';
import { ServiceRollingCapacity } from './ecs/ServiceRollingCapacity';
import { ServiceScalingPolicy } from './ecs/ServiceScalingPolicy';
import { TaskContainerLogging } from './ecs/TaskContainerLogging';
import { TaskNoDatabaseMasterSecret } from './ecs/TaskNoDatabaseMasterSecret';
import { TaskNonRootUser } from './ecs/TaskNonRootUser';
import { TaskNoPlaintextSecrets } from './ecs/TaskNoPlaintextSecrets';
import { TaskReadOnlyRootFilesystem } from './ecs/TaskReadOnlyRootFilesystem';
import { TaskRoleLeastPrivilege } from './ecs/TaskRoleLeastPrivilege';
import { AlbAccessLogs } from './elb/AlbAccessLogs';
import { AlbDeletionProtection } from './elb/AlbDeletionProtection';
import { AlbDropInvalidHeaders } from './elb/AlbDropInvalidHeaders';
import { AlbHttpsListener } from './elb/AlbHttpsListener';
import { AlbTlsPolicy } from './elb/AlbTlsPolicy';
import { TargetGroupAlarms } from './elb/TargetGroupAlarms';
import { SecretKeysDecryptable } from './kms/SecretKeysDecryptable';
import { LambdaLogRetention } from './lambda/LambdaLogRetention';
import { LambdaNoPlaintextSecrets } from './lambda/LambdaNoPlaintextSecrets';
import { LambdaPrivateSubnets } from './lambda/LambdaPrivateSubnets';
import { LambdaTracing } from './lambda/LambdaTracing';
import { LogRetention } from './logs/LogRetention';
import { RdsAlarms } from './rds/RdsAlarms';
import { RdsBackupRetention } from './rds/RdsBackupRetention';
import { RdsCredentialsInSecretsManager } from './rds/RdsCredentialsInSecretsManager';
import { RdsDeletionProtection } from './rds/RdsDeletionProtection';
import { RdsEncryptedWithCustomerKey } from './rds/RdsEncryptedWithCustomerKey';
import { RdsEnhancedMonitoring } from './rds/RdsEnhancedMonitoring';
import { RdsForceSsl } from './rds/RdsForceSsl';
import { RdsIamAuthentication } from './rds/RdsIamAuthentication';
import { RdsIngressFromSecurityGroups } from './rds/RdsIngressFromSecurityGroups';
import { RdsLogExports } from './rds/RdsLogExports';
import { RdsMultiAz } from './rds/RdsMultiAz';
import { RdsPerformanceInsights } from './rds/RdsPerformanceInsights';
import { RdsPrivate } from './rds/RdsPrivate';
import { FailoverHealthCheck } from './route53/FailoverHealthCheck';
import { BucketSslOnly } from './s3/BucketSslOnly';
import { DatabaseSecretRotation } from './secretsmanager/DatabaseSecretRotation';
import { SecretKindRotation } from './secretsmanager/SecretKindRotation';
import { SecretRotation } from './secretsmanager/SecretRotation';
import { NatGatewayPerAvailabilityZone } from './vpc/NatGatewayPerAvailabilityZone';
import { SubnetNoPublicIpOnLaunch } from './vpc/SubnetNoPublicIpOnLaunch';
import { VpcFlowLogsToCloudWatch } from './vpc/VpcFlowLogsToCloudWatch';
import { VpcSpansAvailabilityZones } from './vpc/VpcSpansAvailabilityZones';
import { AlbWebAcl } from './waf/AlbWebAcl';
import { CloudFrontWebAcl } from './waf/CloudFrontWebAcl';
import { RestApiWebAcl } from './waf/RestApiWebAcl';
import { WebAclLogging } from './waf/WebAclLogging';
import { WebAclManagedRules } from './waf/WebAclManagedRules';

/** Every rule of the TenantPlatformChecks pack, in RULES.md order. */
export const RULES: PolicyRule[] = [
  SubnetNoPublicIpOnLaunch,
  VpcSpansAvailabilityZones,
  NatGatewayPerAvailabilityZone,
  VpcFlowLogsToCloudWatch,
  SecurityGroupNoOpenIngress,
  AlbHttpsListener,
  AlbTlsPolicy,
  AlbDropInvalidHeaders,
  AlbDeletionProtection,
  AlbAccessLogs,
  TargetGroupAlarms,
  BucketSslOnly,
  AlbWebAcl,
  RestApiWebAcl,
  CloudFrontWebAcl,
  WebAclManagedRules,
  WebAclLogging,
  ClusterContainerInsights,
  ServiceNoPublicIp,
  ServicePrivateSubnets,
  ServiceAutoScaling,
  ServiceScalingPolicy,
  ServiceCircuitBreaker,
  ServiceRollingCapacity,
  ServiceDeploymentAlarms,
  TaskNoPlaintextSecrets,
  TaskContainerLogging,
  TaskReadOnlyRootFilesystem,
  TaskNonRootUser,
  TaskRoleLeastPrivilege,
  SecretKeysDecryptable,
  ServiceAlarms,
  RdsMultiAz,
  RdsForceSsl,
  RdsEncryptedWithCustomerKey,
  RdsBackupRetention,
  RdsDeletionProtection,
  RdsIamAuthentication,
  RdsCredentialsInSecretsManager,
  RdsPerformanceInsights,
  RdsEnhancedMonitoring,
  RdsLogExports,
  RdsAlarms,
  RdsPrivate,
  RdsIngressFromSecurityGroups,
  DatabaseSecretRotation,
  TaskNoDatabaseMasterSecret,
  SecretKindRotation,
  SecretRotation,
  DataInBackupPlan,
  BackupVaultCustomerKey,
  DatabaseBackupRules,
  DatabaseCrossRegionRecovery,
  FailoverHealthCheck,
  StatefulResourceRetained,
  DynamoPointInTimeRecovery,
  DynamoProvisionedAutoScaling,
  LogRetention,
  AlarmHasActions,
  AlarmRunbookLink,
  BudgetAlert,
  EcrScanOnPush,
  LambdaPrivateSubnets,
  LambdaTracing,
  LambdaLogRetention,
  LambdaNoPlaintextSecrets,
  ApiAccessLogs,
  CloudFrontHttpsOnly,
  CloudFrontOriginAccessControl,
  CloudFrontTls,
];
