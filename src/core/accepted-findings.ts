import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/** The plugin name AWS Control Tower's proactive controls report under (`@cdklabs/cdk-validator-cfnguard`). */
const CONTROL_TOWER = 'cdk-validator-cfnguard';

/** A rule id of cdk-nag's NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs, each prefixed with its pack. */
function regulatedPacks(rule: string, packs: string[] = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']): string[] {
  return packs.map(pack => `${pack}::${pack}-${rule}`);
}

/**
 * A control that a resource of this library knowingly does not meet, with the id each compliance
 * pack reports it under: cdk-nag's NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs, and
 * AWS Control Tower's proactive controls (cfn-guard). One concept, one entry: accepting it on a
 * construct acknowledges it in every pack at once, with the same reason.
 */
export const AcceptedControl = {
  /** aws-cdk-lib writes each role's grants as an `AWS::IAM::Policy` attached to that role only. */
  INLINE_POLICY: regulatedPacks('IAMNoInlinePolicy'),
  /** An alarm that notifies through the composite alarm that suppresses it, not by itself. */
  ALARM_WITHOUT_ACTION: [...regulatedPacks('CloudWatchAlarmAction', ['NIST.800.53.R5', 'HIPAA.Security']), `${CONTROL_TOWER}::cloudwatch_alarm_action_check`],
  /** A public subnet's default route to the internet gateway (load balancers and NAT gateways). */
  PUBLIC_ROUTE_TO_INTERNET: regulatedPacks('VPCNoUnrestrictedRouteToIGW'),
  /** An HTTP listener whose only action is the redirect to HTTPS: it holds no certificate. */
  REDIRECT_LISTENER_WITHOUT_CERTIFICATE: regulatedPacks('ELBv2ACMCertificateRequired'),
  /** A bucket encrypted with S3-managed keys because its writer supports nothing else. */
  BUCKET_WITHOUT_KMS: [...regulatedPacks('S3DefaultEncryptionKMS'), `${CONTROL_TOWER}::s3_bucket_default_encryption_kms_check`],
  /** A bucket whose server access logs would have nowhere else to go. */
  BUCKET_WITHOUT_ACCESS_LOGS: [...regulatedPacks('S3BucketLoggingEnabled'), `${CONTROL_TOWER}::s3_bucket_logging_enabled_check`],
  /** A bucket not replicated to another region. */
  BUCKET_WITHOUT_REPLICATION: regulatedPacks('S3BucketReplicationEnabled'),
  /** A bucket without S3 Object Lock. */
  BUCKET_WITHOUT_OBJECT_LOCK: [`${CONTROL_TOWER}::s3_bucket_object_lock_enabled_check`],
  /** A security-group rule whose port is a deploy-time token that the packs' rules cannot read. */
  UNRESOLVABLE_PORT: regulatedPacks('EC2RestrictedCommonPorts').concat(regulatedPacks('EC2RestrictedSSH')),
  /** A database on its engine's default port. */
  DATABASE_DEFAULT_PORT: [`${CONTROL_TOWER}::rds_instance_no_default_ports_check`],
  /** A log group kept for less than the year Control Tower asks for. */
  LOG_RETENTION_BELOW_ONE_YEAR: [`${CONTROL_TOWER}::cloudwatch_log_group_retention_period_check`],
  /** A log group encrypted with a key imported from another stack, which the control cannot resolve. */
  LOG_KEY_FROM_ANOTHER_STACK: [`${CONTROL_TOWER}::cloudwatch_log_group_encrypted_check`],
  /** A Lambda function in subnets imported from another stack, which the control cannot resolve. */
  LAMBDA_SUBNETS_FROM_ANOTHER_STACK: [`${CONTROL_TOWER}::lambda_inside_vpc_check`],
  /** A custom-resource Lambda function without reserved concurrency or a dead-letter queue. */
  CUSTOM_RESOURCE_LAMBDA: regulatedPacks('LambdaConcurrency', ['NIST.800.53.R5', 'HIPAA.Security'])
    .concat(regulatedPacks('LambdaDLQ', ['NIST.800.53.R5', 'HIPAA.Security'])),
  /** A task definition with a sidecar container whose image runs as root. */
  SIDECAR_RUNS_AS_ROOT: [`${CONTROL_TOWER}::ecs_task_definition_nonroot_user_check`],
  /** A task definition with a sidecar container whose image needs a writable root filesystem. */
  SIDECAR_WRITABLE_ROOT: [`${CONTROL_TOWER}::ecs_containers_readonly_access_check`],
} as const;

/**
 * Acknowledges `control` on `scope` (and so on everything below it) in every compliance pack, with
 * `reason`. aws-cdk-lib's `Validations.acknowledge` applies to any policy-validation plugin's
 * findings, Control Tower's cfn-guard rules included, so every exception sits on the resource that
 * needs it.
 */
export function acceptControl(scope: IConstruct, control: readonly string[], reason: string): void {
  for (const id of control) Validations.of(scope).acknowledge({ id, reason });
}

/** The days AWS Control Tower asks CloudWatch Logs to keep (CT.CLOUDWATCH.PR.2). */
const CONTROL_TOWER_LOG_RETENTION_DAYS = 365;

/**
 * Accepts Control Tower's one-year log retention on `logGroup` when `retentionDays` is shorter: the
 * library keeps logs as LOG-01 says (90 days in production by default) and a team that must meet
 * the control sets the platform's `logRetention` to a year or more, which removes the finding.
 */
export function acceptLogRetention(logGroup: IConstruct, retentionDays: number): void {
  if (retentionDays >= CONTROL_TOWER_LOG_RETENTION_DAYS) return;
  acceptControl(logGroup, AcceptedControl.LOG_RETENTION_BELOW_ONE_YEAR,
    `LOG-01 keeps these logs ${retentionDays} days (the profile's logRetention); set TenantPlatform logRetention to ` +
    'RetentionDays.ONE_YEAR or longer to meet Control Tower\'s one-year retention.');
}

/**
 * Accepts the inline-policy controls for every role below `scope`: aws-cdk-lib writes each role's
 * grants as an `AWS::IAM::Policy` attached to that role alone, naming only the resources granted.
 */
export function acceptGeneratedInlinePolicies(scope: IConstruct): void {
  acceptControl(scope, AcceptedControl.INLINE_POLICY,
    'Each role\'s permissions are the grants aws-cdk-lib generates for it, written as one AWS::IAM::Policy attached to that role only ' +
    'and naming only the resources granted; they are versioned, reviewed and rolled back with the stack template. A customer-managed ' +
    'policy per role would add a resource per role and be reused by nothing.');
}

/** Whether `resource` was imported into `scope`'s stack rather than created in it. */
function importedInto(scope: IConstruct, resource: IConstruct, ownedType: abstract new (...args: any[]) => IConstruct): boolean {
  return !(resource instanceof ownedType) || Stack.of(resource) !== Stack.of(scope);
}

/**
 * Accepts Control Tower's log-group encryption control on `logGroup` when its key comes from another
 * stack: the log group is encrypted, but the control only resolves keys of its own template.
 */
export function acceptLogKeyFromAnotherStack(logGroup: IConstruct, key: kms.IKey | undefined): void {
  if (key === undefined || !importedInto(logGroup, key, kms.Key)) return;
  acceptControl(logGroup, AcceptedControl.LOG_KEY_FROM_ANOTHER_STACK,
    'The log group is encrypted with the platform\'s customer-managed key (LOG-02), imported from the shared stack; the control only ' +
    'recognises a key ARN written as a string or a reference to a key in the same template.');
}

/**
 * Accepts Control Tower's Lambda-in-VPC control on `fn` when its subnets come from another stack: the
 * function runs in the platform's private subnets (NET-01), but the control only resolves subnets of its own template.
 */
export function acceptLambdaSubnetsFromAnotherStack(fn: IConstruct, vpc: ec2.IVpc | undefined): void {
  if (vpc === undefined || !importedInto(fn, vpc, ec2.Vpc)) return;
  acceptControl(fn, AcceptedControl.LAMBDA_SUBNETS_FROM_ANOTHER_STACK,
    'The function runs in the platform\'s private subnets (NET-01), imported from the shared stack; the control only recognises subnet ' +
    'ids written as strings or references to subnets in the same template.');
}

/**
 * Accepts, on a custom-resource provider's handler and framework functions and their log groups,
 * what the regulated packs and Control Tower ask of long-running functions: reserved concurrency, a
 * dead-letter queue, and logs kept a year (below a year per `acceptLogRetention`).
 */
export function acceptCustomResourceProvider(functions: IConstruct[], logGroups: IConstruct[], logRetentionDays: number): void {
  for (const fn of functions) {
    acceptControl(fn, AcceptedControl.CUSTOM_RESOURCE_LAMBDA,
      'CloudFormation invokes this custom-resource function only during deployments and the provider framework reports every outcome ' +
      'back to CloudFormation, so a failed event fails the stack operation instead of waiting in a dead-letter queue; reserved ' +
      'concurrency would only throttle deployments of many stacks at once.');
  }
  for (const logGroup of logGroups) acceptLogRetention(logGroup, logRetentionDays);
}
