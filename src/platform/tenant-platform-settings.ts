import * as logs from 'aws-cdk-lib/aws-logs';
import { defaultAvailabilityZones } from './imported-tenant-platform';
import { TenantPlatformProps } from './tenant-platform-props';
import { EnvironmentProfile, PlatformEnvironment } from '../core/environment';
import { PropValidation } from '../core/validation';
import { checkNotifications } from '../monitoring/severity-topics';

/** What the props of a `TenantPlatform` settle to once the defaults of its environment are applied. */
export interface TenantPlatformSettings {
  /** Without trailing slashes. */
  readonly runbookBaseUrl?: string;
  readonly logRetention: logs.RetentionDays;
  readonly loadBalancerShards: number;
  readonly wafRateLimit: number;
  readonly vpcCidr: string;
  /** Undefined when the region is not known at synth: the VPC then spreads over the profile's `maxAzs`. */
  readonly availabilityZones?: string[];
  readonly natGateways: number;
}

/**
 * Applies the defaults of `profile` to `props` and reports every bad value to `check` (EDGE-01,
 * LOG-01, NET-02, MON-02), so that the platform can throw once before it builds anything.
 */
export function settleTenantPlatformProps(
  check: PropValidation, props: TenantPlatformProps, profile: EnvironmentProfile, region: string,
): TenantPlatformSettings {
  const runbookBaseUrl = props.runbookBaseUrl?.replace(/\/+$/, '');
  if (runbookBaseUrl !== undefined) {
    check.matches('runbookBaseUrl', runbookBaseUrl, /^https?:\/\/\S+$/, 'an http(s) address');
  }
  if (!props.certificate && profile.requireCertificate) {
    check.report('certificate', undefined, `is required in ${props.environment}: the load balancers must serve HTTPS (EDGE-01)`);
  }
  const logRetention = props.logRetention ?? profile.logRetention;
  check.logRetentionReaches('logRetention', logRetention, profile);
  const loadBalancerShards = props.loadBalancerShards ?? 1;
  check.integerBetween('loadBalancerShards', loadBalancerShards, 1, 20);
  const wafRateLimit = props.wafRateLimit ?? 2000;
  check.integerBetween('wafRateLimit', wafRateLimit, 100, 2_000_000_000);
  const vpcCidr = props.vpcCidr ?? '10.0.0.0/16';
  check.matches('vpcCidr', vpcCidr, /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'an IPv4 CIDR from /16 to /24');
  const availabilityZones = props.availabilityZones ?? defaultAvailabilityZones(region);
  if (availabilityZones && availabilityZones.length < 2) check.report('availabilityZones', availabilityZones, 'must name at least two zones (NET-02)');
  const natGateways = props.natGateways ?? profile.natGateways;
  check.integerBetween('natGateways', natGateways, 1, availabilityZones?.length ?? profile.maxAzs);
  checkNotifications(check, props.notifications, profile.environment === PlatformEnvironment.PRODUCTION);
  return { runbookBaseUrl, logRetention, loadBalancerShards, wafRateLimit, vpcCidr, availabilityZones, natGateways };
}
