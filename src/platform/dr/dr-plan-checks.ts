import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { DrBackupRule } from './dr-backup-plans';
import { DrPlanProps } from './dr-plan-props';
import { RECOVERY_FIGURES } from './recovery-estimates';
import { IRecoveryHost } from './recovery-host';
import { RecoveryObjectives } from './recovery-objectives';
import { PlatformEnvironment } from '../../core/environment';
import { PropValidation } from '../../core/validation';

/** The settings of a DrPlan once its props are checked and defaulted. */
export interface DrPlanSettings {
  readonly databaseBackupRetention: Duration;
  readonly applicationDataBackupRetention: Duration;
  readonly configurationVersionRetention: Duration;
  readonly dailyBackupHourUtc: number;
  readonly restoreTestValidationWindow: Duration;
  readonly recoveryRegionDeployTime: Duration;
}

/** Which application the plan protects: exactly one of `platform` and `host`. */
export function planHost(check: PropValidation, props: DrPlanProps): IRecoveryHost | undefined {
  if (props.platform && props.host) {
    check.fail('host', props.host.node.path, `is given with platform ${props.platform.node.path}; give exactly one of them`);
  }
  const host = props.platform ?? props.host;
  if (!host) check.fail('platform', undefined, 'or host is required: the TenantPlatform, or the IRecoveryHost (e.g. a ServerlessAlerting), whose data the plan protects');
  return host;
}

/** Checks the props of the DrPlan `scope` against `host`'s profile (DR-02, DR-03, DR-04) and fills in the defaults. */
export function planSettings(scope: Construct, check: PropValidation, props: DrPlanProps, host: IRecoveryHost): DrPlanSettings {
  const profile = host.profile;
  const env = profile.environment;
  const stack = Stack.of(scope);
  const settings: DrPlanSettings = {
    databaseBackupRetention: props.databaseBackupRetention ?? profile.backupRetention,
    applicationDataBackupRetention: props.applicationDataBackupRetention ?? profile.applicationDataBackupRetention,
    configurationVersionRetention: props.configurationVersionRetention ?? profile.configurationVersionRetention,
    dailyBackupHourUtc: props.dailyBackupHourUtc ?? 17,
    restoreTestValidationWindow: props.restoreTestValidationWindow ?? Duration.hours(4),
    recoveryRegionDeployTime: props.recoveryRegionDeployTime ?? RECOVERY_FIGURES.recoveryRegionDeploy,
  };
  check.durationAtLeast('databaseBackupRetention', settings.databaseBackupRetention, profile.minBackupRetention, `of ${env} (DR-02)`);
  check.durationAtLeast('applicationDataBackupRetention', settings.applicationDataBackupRetention, profile.minApplicationDataBackupRetention, `of ${env} (DR-02)`);
  check.durationAtLeast('configurationVersionRetention', settings.configurationVersionRetention, profile.minConfigurationVersionRetention, `of ${env} (DR-02)`);
  check.integerBetween('dailyBackupHourUtc', settings.dailyBackupHourUtc, 0, 23);
  const validationWindow = settings.restoreTestValidationWindow;
  check.durationAtMost('restoreTestValidationWindow', validationWindow, Duration.hours(168), 'AWS Backup restore testing allows');
  if (!validationWindow.isUnresolved() && !Number.isInteger(validationWindow.toHours({ integral: false }))) {
    check.fail('restoreTestValidationWindow', validationWindow, 'must be a whole number of hours');
  }
  checkConcrete(check, 'recoveryRegionDeployTime', settings.recoveryRegionDeployTime);

  const copyToRegion = props.copyToRegion;
  if (copyToRegion !== undefined) {
    check.matches('copyToRegion', copyToRegion, /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as ap-northeast-3');
    if (Token.isUnresolved(stack.region)) {
      check.fail('copyToRegion', copyToRegion, `needs the region of stack ${stack.stackName} to be known at synth; set env on the stack`);
    }
    if (copyToRegion === stack.region) {
      check.fail('copyToRegion', copyToRegion, `is the region of stack ${stack.stackName}; copies must go to another region to survive a region failure (DR-03)`);
    }
  } else if (env === PlatformEnvironment.PRODUCTION) {
    Annotations.of(scope).addWarningV2('cdk-tenant-platform:dr-no-copy',
      'DrPlan has no copyToRegion: backups stay in this region, so a region-wide disruption is not recoverable (DR-03).');
  }
  return settings;
}

/** Checks the objectives given to a protect* call (DR-01). */
export function checkObjectives(check: PropValidation, objectives: RecoveryObjectives): void {
  for (const prop of ['rpo', 'rto'] as const) {
    if (!objectives[prop]) check.fail(prop, objectives[prop], 'is required: the objective the resource must meet (DR-01)');
  }
  for (const prop of ['rpo', 'rto', 'regionRpo', 'regionRto', 'restoreTimeEstimate'] as const) {
    const value = objectives[prop];
    if (value !== undefined) checkConcrete(check, prop, value);
  }
  if (objectives.restoreTimeEstimate?.toSeconds() === 0) {
    check.fail('restoreTimeEstimate', objectives.restoreTimeEstimate, 'must be longer than 0: a restore always takes time');
  }
}

/** Why the vault lock `lock` contradicts the retention of `rules`, if it does. */
export function vaultLockProblems(lock: backup.LockConfiguration | undefined, rules: readonly DrBackupRule[]): string[] {
  if (!lock || lock.minRetention.isUnresolved()) return [];
  const errors: string[] = [];
  for (const rule of rules) {
    if (rule.retention.toDays() < lock.minRetention.toDays()) {
      errors.push(`vaultLock.minRetention ${lock.minRetention.toHumanString()} is longer than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}; ` +
        'AWS Backup rejects recovery points that a locked vault would have to keep longer than their rule says. Lower minRetention or raise the retention.');
    }
    if (lock.maxRetention && !lock.maxRetention.isUnresolved() && rule.retention.toDays() > lock.maxRetention.toDays()) {
      errors.push(`vaultLock.maxRetention ${lock.maxRetention.toHumanString()} is shorter than the ${rule.retention.toHumanString()} retention of rule ${rule.rule} of plan ${rule.plan}.`);
    }
  }
  return errors;
}

function checkConcrete(check: PropValidation, prop: string, value: Duration): void {
  if (!(value instanceof Duration)) check.fail(prop, value, 'must be a Duration');
  if (value.isUnresolved()) check.fail(prop, value, 'must be known at synth, not a token: the objectives are checked at synth');
}
