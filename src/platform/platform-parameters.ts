import { Token } from 'aws-cdk-lib';
import { PropValidation } from '../core/validation';

/**
 * Where a platform publishes what its tenants read: SSM parameters under one prefix per platform,
 * read by tenant stacks at deploy time (CloudFormation `AWS::SSM::Parameter::Value<String>`
 * parameters), so the shared stack can change a value without any tenant stack being edited first
 * (a CloudFormation export cannot change while a stack imports it).
 *
 * - `/cdk-tenant-platform/<platformName>/<key>`: the platform's values (VPC, subnets, cluster, key,
 *   topics, ALB shards, alarm suppressors, Datadog secrets and shared monitors).
 * - `/cdk-tenant-platform/<platformName>/databases/<databaseId>/<key>`: a `MonitoredDatabase`'s values.
 */
export const PARAMETER_ROOT = '/cdk-tenant-platform';

/** Platform names: what an SSM parameter name allows in one path segment. */
const PLATFORM_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The parameter path of the platform `platformName`. */
export function platformParameterPrefix(platformName: string): string {
  return `${PARAMETER_ROOT}/${platformName}`;
}

/** The parameter path of the database `databaseId` of the platform `platformName`. */
export function databaseParameterPrefix(platformName: string, databaseId: string): string {
  return `${platformParameterPrefix(platformName)}/databases/${databaseId}`;
}

/**
 * Prefix of the names of the platform's SSM Automation documents (`<prefix>-RollbackService`,
 * `<prefix>-ForceNewDeployment`): tenant stacks of any app derive it from the platform name. A
 * fixed first word, since document names must not start with aws, amazon or amzn.
 */
export function automationDocumentPrefix(platformName: string): string {
  return `TenantPlatform-${platformName}`;
}

/** Checks `name` (the prop `prop`) is usable as a platform name: a literal SSM path segment. */
export function checkPlatformName(check: PropValidation, prop: string, name: string): void {
  if (Token.isUnresolved(name)) {
    check.report(prop, name, 'is a token; accepted: a literal name, since tenants in other apps find the platform by it');
  }
  check.matches(prop, name, PLATFORM_NAME, 'letters, digits, ".", "-" and "_", 1 to 100 characters: one segment of an SSM parameter name');
}

/** Checks `id` (a database's construct id) is usable as one segment of its parameter path. */
export function checkDatabaseId(check: PropValidation, prop: string, id: string): void {
  check.matches(prop, id, PLATFORM_NAME, 'letters, digits, ".", "-" and "_": one segment of an SSM parameter name');
}
