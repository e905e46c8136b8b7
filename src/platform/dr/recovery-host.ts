import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { EnvironmentProfile, PlatformEnvironment } from '../../core/environment';
import { AlarmSeverity } from '../../core/severity';

/**
 * What a `DrPlan` needs of the application it protects (DR-01..06): its environment profile, its
 * alarm topics per severity (MON-02), the key those topics are encrypted with, and its runbook
 * (MON-08). `TenantPlatform` provides it for the tenant platform and `ServerlessAlerting` for a
 * serverless application, which has no ECS cluster.
 */
export interface IRecoveryHost extends IConstruct {
  /** The environment that sets the plan's retention defaults and floors (DR-02). */
  readonly environment: PlatformEnvironment;
  /** Defaults and floors of `environment`. */
  readonly profile: EnvironmentProfile;
  /** The topic that alarms of `severity` notify, in the host's own stack. */
  alarmTopic(severity: AlarmSeverity): sns.ITopic;
  /** The topic that alarms of `severity` notify, as a construct in `scope`'s stack refers to it. */
  alarmTopicFor(scope: Construct, severity: AlarmSeverity): sns.ITopic;
  /** ARN of the KMS key the alarm topics are encrypted with, as a construct in `scope`'s stack refers to it. */
  alarmTopicKeyArnFor(scope: Construct): string;
  /** The address of the runbook section `anchor` of `scope`'s stack, for alarm and alert texts (MON-08). */
  runbookLinkFor(scope: Construct, anchor: string): string;
}
