import { Duration } from 'aws-cdk-lib';
import { TenantPlatformChecksProps } from './tenant-platform-checks-props';
import { EnvironmentProfile, EnvironmentProfiles, PlatformEnvironment } from '../core/environment';
import { PropProblems, PropValidation } from '../core/validation';

/**
 * The highest budget alert threshold, in percent of the monthly budget (MON-09: alert at 110 %).
 * Not part of the environment profiles because it is the same in every environment.
 */
export const MAX_BUDGET_ALERT_PERCENT = 110;

/** The numbers and switches every rule reads, resolved once from the environment profile and the props. */
export interface PolicyThresholds {
  /** The environment whose profile the thresholds start from. */
  readonly environment: PlatformEnvironment;
  /** Fewest availability zones a VPC may span (NET-02). */
  readonly minAvailabilityZones: number;
  /** Whether every AZ with private subnets needs its own NAT gateway (NET-02). */
  readonly requireNatGatewayPerAz: boolean;
  /** Shortest log retention in days (LOG-01). */
  readonly minLogRetentionDays: number;
  /** Shortest backup retention in days (DB-04, DR-02). */
  readonly minBackupRetentionDays: number;
  /** Longest database credential rotation period in days (DB-05). */
  readonly maxSecretRotationDays: number;
  /** Lowest autoscaling minimum of an ECS service (ECS-02). */
  readonly minServiceCapacity: number;
  /** Highest budget alert threshold in percent (MON-09). */
  readonly maxBudgetAlertPercent: number;
  /** RDS Multi-AZ required (DB-01). */
  readonly requireMultiAz: boolean;
  /** Deletion protection required on databases and load balancers (DB-03, EDGE-02). */
  readonly requireDeletionProtection: boolean;
  /** Performance Insights and enhanced monitoring required (DB-06). */
  readonly requirePerformanceInsights: boolean;
  /** HTTPS listeners required (EDGE-01). */
  readonly requireHttps: boolean;
  /** Recovery from a region failure required (DR-03). */
  readonly requireCrossRegionRecovery: boolean;
}

/**
 * Resolves the thresholds: each starts at the environment profile and a prop may only tighten it.
 * A prop that loosens a threshold beyond the profile throws, naming the prop, the value and the
 * accepted range.
 */
export function policyThresholds(props: TenantPlatformChecksProps = {}): PolicyThresholds {
  const environment = props.environment ?? PlatformEnvironment.PRODUCTION;
  const profile = EnvironmentProfiles.of(environment);
  const problems = new PropProblems('');
  const limits = new ProfileLimits(profile, problems);
  const thresholds: PolicyThresholds = {
    environment,
    minAvailabilityZones: limits.atLeast('minAvailabilityZones', props.minAvailabilityZones, profile.maxAzs, 'NET-02'),
    requireNatGatewayPerAz: limits.required('requireNatGatewayPerAz', props.requireNatGatewayPerAz, profile.natGateways >= profile.maxAzs, 'NET-02'),
    minLogRetentionDays: limits.atLeast('minLogRetentionDays', props.minLogRetentionDays, profile.minLogRetentionDays, 'LOG-01'),
    minBackupRetentionDays: limits.atLeast('minBackupRetention', days(problems, 'minBackupRetention', props.minBackupRetention), profile.minBackupRetention.toDays(), 'DB-04', ' days'),
    maxSecretRotationDays: limits.atMost('maxSecretRotation', days(problems, 'maxSecretRotation', props.maxSecretRotation), profile.maxSecretRotation.toDays(), 1, 'DB-05', ' days'),
    minServiceCapacity: limits.atLeast('minServiceCapacity', props.minServiceCapacity, profile.minCapacityFloor, 'ECS-02'),
    maxBudgetAlertPercent: limits.atMost('budgetAlertThresholdPercent', props.budgetAlertThresholdPercent, MAX_BUDGET_ALERT_PERCENT, 1, 'MON-09', ' %'),
    requireMultiAz: limits.required('requireMultiAz', props.requireMultiAz, profile.multiAz, 'DB-01'),
    requireDeletionProtection: limits.required('requireDeletionProtection', props.requireDeletionProtection, profile.deletionProtection, 'DB-03, EDGE-02'),
    requirePerformanceInsights: limits.required('requirePerformanceInsights', props.requirePerformanceInsights, profile.performanceInsights, 'DB-06'),
    requireHttps: limits.required('requireHttps', props.requireHttps, profile.requireCertificate, 'EDGE-01'),
    requireCrossRegionRecovery: limits.required('requireCrossRegionRecovery', props.requireCrossRegionRecovery, environment === PlatformEnvironment.PRODUCTION, 'DR-03'),
  };
  problems.throwIfAny();
  return thresholds;
}

/** `value` in whole days; a problem of `prop` when it is not a whole number of days. */
function days(problems: PropValidation, prop: string, value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return value.toDays();
  } catch {
    problems.report(prop, value, 'is not a whole number of days; accepted: Duration.days(n)');
    return undefined;
  }
}

/**
 * Checks props against the limits of one profile, reporting each prop that loosens it; the
 * profile's own value stands in for it.
 */
class ProfileLimits {
  constructor(private readonly profile: EnvironmentProfile, private readonly problems: PropValidation) {}

  public atLeast(prop: string, value: number | undefined, floor: number, requirement: string, unit = ''): number {
    if (value === undefined) return floor;
    if (!Number.isInteger(value) || value < floor) {
      this.problems.report(prop, value, `${valueUnit(unit)}loosens the ${this.name} profile (${requirement}); accepted: a whole number ≥ ${floor}${unit}`);
      return floor;
    }
    return value;
  }

  public atMost(prop: string, value: number | undefined, ceiling: number, lowest: number, requirement: string, unit = ''): number {
    if (value === undefined) return ceiling;
    if (!Number.isInteger(value) || value > ceiling || value < lowest) {
      this.problems.report(prop, value, `${valueUnit(unit)}is outside the ${this.name} profile (${requirement}); ` +
        `accepted: a whole number from ${lowest}${unit} to ${ceiling}${unit}`);
      return ceiling;
    }
    return value;
  }

  public required(prop: string, value: boolean | undefined, profileRequires: boolean, requirement: string): boolean {
    if (value === undefined) return profileRequires;
    if (profileRequires && !value) {
      this.problems.report(prop, value, `loosens the ${this.name} profile (${requirement}); accepted: true, or leave it unset`);
      return profileRequires;
    }
    return value;
  }

  private get name(): string {
    return this.profile.environment.toUpperCase();
  }
}

/** The unit of a reported value (e.g. ` days`): the problem shows the number, so its unit opens the text after it. */
function valueUnit(unit: string): string {
  return unit ? `${unit.trim()} ` : '';
}
