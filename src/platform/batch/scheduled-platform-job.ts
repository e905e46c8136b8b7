import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { BatchJobCatalog } from './batch-catalog';
import { retryWaitsSeconds, SEED_RETRY } from './job-retry';
import { isIanaTimeZone, longestGapMinutes, maintenanceOverlap, parseSchedule, ParsedSchedule } from './job-schedule';
import { acceptGeneratedInlinePolicies, acceptLogKeyFromAnotherStack, acceptLogRetention } from '../../core/accepted-findings';
import { LocalizedText } from '../../core/localized-text';
import { AlarmSeverity } from '../../core/severity';
import { PropValidation } from '../../core/validation';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { scheduledJobAlarmSpecs } from '../../monitoring/scheduled-job-alarms';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { jobRerunSection, jobRerunAnchor } from '../../runbooks/sections/batch-job-sections';
import { checkPlainEnvironment } from '../container-settings';
import { fargateSizeProblem } from '../fargate-sizes';
import { MonitoredDatabase } from '../monitored-database';
import { databaseHostSecret } from '../tenant-database/database-connection';
import { TenantPlatform } from '../tenant-platform';

/** Props of `ScheduledPlatformJob`. */
export interface ScheduledPlatformJobProps {
  /** The platform whose cluster and private subnets run the job. */
  readonly platform: TenantPlatform;
  /** Job id, e.g. `B003`: letters, digits and hyphens, starting with a letter, at most 32 characters. */
  readonly jobId: string;
  /** What the job does, in every runbook locale (e.g. ja: 月次請求書生成, en: monthly invoices). */
  readonly title: LocalizedText;
  /** The job's image. */
  readonly image: ecs.ContainerImage;
  /** The command the container runs; it exits 0 on success. */
  readonly command: string[];
  /**
   * The container's entry point.
   * @default - the image's
   */
  readonly entryPoint?: string[];
  /**
   * When the job runs: an EventBridge Scheduler `cron(minutes hours day-of-month month
   * day-of-week year)` or `rate(value unit)` expression, in `timeZone`.
   */
  readonly schedule: string;
  /**
   * IANA time zone of `schedule` (e.g. `Asia/Tokyo`).
   * @default - the time zone of the platform's maintenance window
   */
  readonly timeZone?: string;
  /** How long a run normally takes; a run taking longer raises the run-time alarm. */
  readonly expectedDuration: Duration;
  /**
   * How long one attempt may run before it is stopped and counts as failed; at least `expectedDuration`.
   * @default - twice `expectedDuration`
   */
  readonly timeout?: Duration;
  /**
   * Automatic retries of a failed attempt, waiting 5, 15 and 30 minutes (ECS-06). At most 3 unless
   * `allowMoreRetries` is set; 0 leaves a failed run for a manual rerun.
   * @default 3
   */
  readonly retryAttempts?: number;
  /**
   * Allows `retryAttempts` above the seed's 3 (each further retry waits 30 minutes).
   * @default false
   */
  readonly allowMoreRetries?: boolean;
  /**
   * The platform database. The job connects as its own IAM-authenticated database user
   * (`rds-db:connect` for `databaseUser` only, never the master secret) and gets DB_HOST, DB_PORT,
   * DB_NAME and DB_USER.
   * @default - no database access
   */
  readonly database?: MonitoredDatabase;
  /**
   * The job's database user.
   * @default - `job_<jobId>` in lower case, hyphens as underscores
   */
  readonly databaseUser?: string;
  /**
   * Whether the job writes to `database`. A writing job must not run while the platform's
   * maintenance window is open, retries included.
   * @default - true when `database` is set
   */
  readonly writesToDatabase?: boolean;
  /**
   * Task CPU units.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB.
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * Plain environment variables; names that look like secrets are rejected (ECS-05).
   * @default - only the variables the job adds (JOB_ID, PLATFORM_ENVIRONMENT and the DB_* ones)
   */
  readonly environment?: { [name: string]: string };
  /**
   * User the container runs as (ECS-05).
   * @default '1000:1000' (not root)
   */
  readonly user?: string;
  /**
   * Severity of the failed-run and missed-run alarms (MON-02); the run-time alarm is a warning.
   * @default AlarmSeverity.WARNING
   */
  readonly failureSeverity?: AlarmSeverity;
  /**
   * Retention of the job's log group (LOG-01).
   * @default - the platform's logRetention
   */
  readonly logRetention?: logs.RetentionDays;
}

const JOB_ID = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;
const DB_USER = /^[a-z_][a-z0-9_]{0,62}$/;
/** The first year run times are computed from: fixed, so a synth gives the same result any day. */
const FROM_YEAR = 2027;

/**
 * A scheduled platform job (ECS-06): EventBridge Scheduler (cron or rate, in a time zone) starts a
 * Step Functions state machine that runs the job as a Fargate task in the platform's private
 * subnets and waits for it (`ecs:runTask.sync`), retrying a failed attempt after 5, 15 and 30
 * minutes. Start, end and each attempt are logged; alarms watch failed runs, runs longer than
 * expected and missed runs, routed by severity; the runbook says how to rerun it by hand.
 */
export class ScheduledPlatformJob extends Construct {
  public readonly jobId: string;
  public readonly stateMachine: sfn.StateMachine;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /** The EventBridge Scheduler schedule. */
  public readonly schedule: scheduler.CfnSchedule;
  /** The job's schedule group: its metrics are the job's alone. */
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  /** Failed run (after retries), run longer than expected, missed run. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** Stack output with the state machine's ARN, for `aws stepfunctions start-execution`. */
  public readonly stateMachineArnOutput: CfnOutput;
  /** The schedule's time zone. */
  public readonly timeZone: string;
  /** Retries of a failed attempt. */
  public readonly retryAttempts: number;
  /** The waits before each retry. */
  public readonly retryWaits: Duration[];
  /** How long one attempt may run. */
  public readonly attemptTimeout: Duration;
  /** Longest time a run may take, every attempt and wait included. */
  public readonly maxRunTime: Duration;
  /** The database user the job connects as, when it uses the database. */
  public readonly databaseUser?: string;

  public constructor(scope: Construct, id: string, props: ScheduledPlatformJobProps) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    // Least privilege: ecs:RunTask on this task definition's revision only, not on every revision
    // of its family — the policy the Step Functions docs give for runTask.sync with a static task
    // definition (https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html), whatever the
    // app's feature flags. Set before any child exists, so only this job's tasks read it.
    this.node.setContext(cxapi.STEPFUNCTIONS_TASKS_FIX_RUN_ECS_TASK_POLICY, true);
    const platform = props.platform;
    const checked = validate(this.node.path, props, platform);
    this.jobId = props.jobId;
    this.timeZone = checked.timeZone;
    this.retryAttempts = checked.retryAttempts;
    this.retryWaits = checked.waitsSeconds.map(s => Duration.seconds(s));
    this.maxRunTime = Duration.seconds(checked.maxRunSeconds);
    this.attemptTimeout = checked.timeout;
    const stack = Stack.of(this);

    const vpc = platform._vpcIn(this);
    const cluster = ecs.Cluster.fromClusterAttributes(this, 'Cluster', { clusterName: platform._value(this, 'ClusterName'), vpc });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Platform job ${props.jobId}: no ingress`,
      allowAllOutbound: true,
    });
    const logRetention = props.logRetention ?? platform.logRetention;
    const logKey = platform._keyIn(this);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention, encryptionKey: logKey, removalPolicy: RemovalPolicy.RETAIN });
    acceptLogRetention(this.logGroup, logRetention);
    acceptLogKeyFromAnotherStack(this.logGroup, logKey);

    const memoryLimitMiB = props.memoryLimitMiB ?? 512;
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? 256,
      memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const environment: Record<string, string> = {
      JOB_ID: props.jobId,
      PLATFORM_ENVIRONMENT: platform.profile.environment,
      AWS_REGION: stack.region,
      ...props.environment,
    };
    if (props.database) {
      this.databaseUser = checked.databaseUser;
      Object.assign(environment, this.connectDatabase(props.database, checked.databaseUser!));
    }
    const container = this.taskDefinition.addContainer('Job', {
      image: props.image,
      command: props.command,
      entryPoint: props.entryPoint,
      essential: true,
      environment,
      // The job's container is the whole task: a hard limit of the task's memory (Control Tower CT.ECS.PR.7).
      memoryLimitMiB,
      user: props.user ?? '1000:1000',
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.jobId }),
    });
    // Each run's task reads DB_HOST when it starts: after a database restore the next run connects to the new instance (DR-05).
    if (props.database) container.addSecret('DB_HOST', databaseHostSecret(this, props.database));
    this.taskDefinition.addVolume({ name: 'tmp' });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    const run = new tasks.EcsRunTask(this, 'Run', {
      stateName: `Run ${props.jobId}`,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      cluster,
      taskDefinition: this.taskDefinition,
      launchTarget: new tasks.EcsFargateLaunchTarget({ platformVersion: ecs.FargatePlatformVersion.LATEST }),
      subnets: { subnets: vpc.privateSubnets },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      taskTimeout: sfn.Timeout.duration(checked.timeout),
      resultPath: sfn.JsonPath.DISCARD,
    });
    if (checked.retryAttempts > 0) {
      // ECS-06: 5, 15, 30 minutes — States.ALL covers a non-zero exit (States.TaskFailed) and a
      // timed-out attempt (States.Timeout).
      run.addRetry({
        errors: [sfn.Errors.ALL],
        interval: SEED_RETRY.interval,
        backoffRate: SEED_RETRY.backoffRate,
        maxAttempts: checked.retryAttempts,
        maxDelay: SEED_RETRY.maxDelay,
      });
    }
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(run),
      comment: `Platform job ${props.jobId}: ${props.title.en}`,
      timeout: Duration.seconds(checked.maxRunSeconds + 300),
      // Start and end of every execution and attempt, without the payloads.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: `${stack.stackName}-${props.jobId}`.slice(0, 64),
    });
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `${this.node.path}: starts the job's state machine on schedule`,
    });
    this.stateMachine.grantStartExecution(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      groupName: this.scheduleGroup.scheduleGroupName,
      description: `Platform job ${props.jobId}: ${props.title.en}`,
      scheduleExpression: props.schedule,
      scheduleExpressionTimezone: checked.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.stateMachine.stateMachineArn,
        roleArn: role.roleArn,
        input: JSON.stringify({ jobId: props.jobId, startedBy: 'schedule' }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
    });

    this.stateMachineArnOutput = new CfnOutput(this, 'StateMachineArn', {
      value: this.stateMachine.stateMachineArn,
      description: `State machine of platform job ${props.jobId}: aws stepfunctions start-execution --state-machine-arn <this>`,
    });

    const factory = new AlarmFactory(this, platform._alarmRouting);
    this.alarms = scheduledJobAlarmSpecs({
      jobId: props.jobId,
      title: props.title,
      stateMachine: this.stateMachine,
      scheduleGroup: this.scheduleGroup,
      expectedDuration: props.expectedDuration,
      retryWaitMinutes: this.retryWaits.map(w => w.toMinutes()),
      failureSeverity: checked.failureSeverity,
      missedRunWindowHours: checked.missedRunWindowHours,
      rerun: { text: { ja: 'ジョブの手動再実行', en: 'Rerun the job by hand' }, anchor: jobRerunAnchor(props.jobId) },
    }).map(spec => factory.alarm(spec));
    Runbook.of(this).addSection(jobRerunSection({
      jobId: props.jobId,
      title: props.title,
      failureSeverity: checked.failureSeverity,
      scheduleExpression: props.schedule,
      timeZone: checked.timeZone,
      attemptTimeoutMinutes: this.attemptTimeout.toMinutes(),
      maxRunMinutes: this.maxRunTime.toMinutes(),
      retryWaitMinutes: this.retryWaits.map(w => w.toMinutes()),
      databaseUser: this.databaseUser,
      stateMachineArn: ResourceLookup.stackOutput(this.stateMachineArnOutput),
      logGroupName: ResourceLookup.physicalId(this.logGroup),
    }));
    BatchJobCatalog.of(platform)._addJob(this, props.title, props.schedule);
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only actions that cannot name a narrower resource: ecs:StopTask and ecs:DescribeTasks of runTask.sync, whose task ARN exists only once the task started ' +
        '(the Step Functions docs\' policy grants them on *, and Step Functions stops only tasks it started), X-Ray trace writes of the traced state machine and the CloudWatch Logs ' +
        'log-delivery actions of execution logging, neither of which supports resource-level permissions. ecs:RunTask is limited to the job\'s task definition revision.',
    });
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'Only non-secret configuration is passed as plain environment variables: names that look like secrets are rejected at synth, and the database is reached with IAM authentication instead of a password (ECS-05).',
    });
  }

  /** Network path and IAM authentication as the job's own database user; never the master secret. DB_HOST comes separately, as a parameter. */
  private connectDatabase(db: MonitoredDatabase, user: string): Record<string, string> {
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseIngress', {
      groupId: db._value(this, 'SecurityGroupId'),
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: db.port,
      toPort: db.port,
      description: `Platform job ${this.jobId} to PostgreSQL (NET-04)`,
    });
    db.grantConnect(this.taskDefinition.taskRole, user);
    return {
      DB_PORT: String(db.port),
      DB_NAME: db.databaseName,
      DB_USER: user,
    };
  }
}

interface CheckedProps {
  readonly parsed: ParsedSchedule;
  readonly timeZone: string;
  readonly timeout: Duration;
  readonly retryAttempts: number;
  readonly waitsSeconds: number[];
  readonly maxRunSeconds: number;
  readonly missedRunWindowHours?: number;
  readonly databaseUser?: string;
  readonly failureSeverity: AlarmSeverity;
}

/** Checks every prop, collects every problem and throws once. */
function validate(path: string, props: ScheduledPlatformJobProps, platform: TenantPlatform): CheckedProps {
  const problems: string[] = [];
  const check = (f: (v: PropValidation) => void) => {
    try {
      f(new PropValidation(''));
    } catch (e) {
      problems.push((e as Error).message.replace(/^: /, ''));
    }
  };
  const fail = (prop: string, value: unknown, accepted: string) => check(v => v.fail(prop, value, accepted));
  check(v => v.matches('jobId', props.jobId, JOB_ID, 'letters, digits and hyphens, starting with a letter, at most 32 characters'));
  check(v => checkPlainEnvironment(v, props.environment ?? {}));
  const cpu = props.cpu ?? 256;
  const memory = props.memoryLimitMiB ?? 512;
  const sizeProblem = fargateSizeProblem(cpu, memory);
  if (sizeProblem) fail('cpu/memoryLimitMiB', `${cpu}/${memory}`, `is not a Fargate size: ${sizeProblem}`);
  if (!props.command?.length) fail('command', props.command, 'must name the program to run (a non-empty list)');

  const parsed = Token.isUnresolved(props.schedule) ? undefined : parseSchedule(props.schedule);
  if (parsed === undefined) fail('schedule', props.schedule, 'must be known at synth (not a token)');
  else if (typeof parsed === 'string') fail('schedule', props.schedule, parsed);
  const timeZone = props.timeZone ?? platform.maintenanceWindow.timezone;
  if (!isIanaTimeZone(timeZone)) {
    fail('timeZone', timeZone, 'is not an IANA time zone name (e.g. Asia/Tokyo, UTC, Europe/London); see Intl.supportedValuesOf(\'timeZone\')');
  }

  const expected = props.expectedDuration;
  const timeout = props.timeout ?? Duration.seconds(expected.toSeconds() * 2);
  if (expected.toSeconds() < 60) fail('expectedDuration', expected.toHumanString(), 'must be at least 1 minute');
  if (timeout.toSeconds() < expected.toSeconds()) {
    fail('timeout', timeout.toHumanString(), `is shorter than expectedDuration (${expected.toHumanString()}); a normal run would be stopped`);
  }
  if (timeout.toSeconds() > Duration.days(1).toSeconds()) fail('timeout', timeout.toHumanString(), 'must be at most 1 day');

  const retryAttempts = props.retryAttempts ?? SEED_RETRY.maxAttempts;
  check(v => v.integerBetween('retryAttempts', retryAttempts, 0, 10));
  if (retryAttempts > SEED_RETRY.maxAttempts && !props.allowMoreRetries) {
    fail('retryAttempts', retryAttempts, `is more than the ${SEED_RETRY.maxAttempts} retries of ECS-06; set allowMoreRetries: true to allow it`);
  }
  const retries = Math.max(0, Math.min(retryAttempts, 10));
  const waitsSeconds = retryWaitsSeconds(SEED_RETRY.interval.toSeconds(), SEED_RETRY.backoffRate, retries, SEED_RETRY.maxDelay.toSeconds());
  const maxRunSeconds = (waitsSeconds.length + 1) * timeout.toSeconds() + waitsSeconds.reduce((a, b) => a + b, 0);

  const databaseUser = props.database ? props.databaseUser ?? `job_${props.jobId.toLowerCase().replace(/-/g, '_')}` : undefined;
  if (props.databaseUser !== undefined && !props.database) fail('databaseUser', props.databaseUser, 'needs database');
  if (databaseUser !== undefined) {
    check(v => v.matches('databaseUser', databaseUser, DB_USER, 'a PostgreSQL role name: lower-case letters, digits and _'));
    if (databaseUser === 'postgres' || databaseUser.startsWith('tenant_')) {
      fail('databaseUser', databaseUser, 'must be the job\'s own user, not the master user or a tenant\'s');
    }
  }
  if (props.database && props.database.platform !== platform) {
    fail('database', props.database.node.path, `belongs to another platform (${props.database.platform.node.path})`);
  }
  if (props.writesToDatabase && !props.database) fail('writesToDatabase', true, 'needs database');

  let missedRunWindowHours: number | undefined;
  if (parsed && typeof parsed !== 'string') {
    const window = platform.maintenanceWindow;
    const writes = props.database !== undefined && (props.writesToDatabase ?? true);
    if (writes && parsed.rateMinutes !== undefined) {
      fail('schedule', props.schedule, 'runs at times set by when the schedule was created, so it cannot be shown to avoid the maintenance window; a job that writes to the database needs a cron() schedule');
    } else if (writes && problems.length === 0) {
      const overlap = maintenanceOverlap(parsed, timeZone, maxRunSeconds / 60, window, FROM_YEAR);
      if (overlap) {
        fail('schedule', props.schedule,
          `(${timeZone}) writes to the database while the maintenance window (${window}) is open: the run starting ${overlap.runStartUtc} ` +
          `(up to ${Math.ceil(maxRunSeconds / 60)} minutes with retries) meets the window starting ${overlap.windowStartUtc}; move the schedule or set writesToDatabase: false`);
      }
    }
    const gap = longestGapMinutes(parsed, FROM_YEAR);
    if (gap === undefined) fail('schedule', props.schedule, 'runs fewer than twice in 4 years; a platform job recurs');
    else missedRunWindowHours = Math.ceil((gap + maxRunSeconds / 60 + 60) / 60);
  }

  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return {
    parsed: parsed as ParsedSchedule,
    timeZone,
    timeout,
    retryAttempts,
    waitsSeconds,
    maxRunSeconds,
    missedRunWindowHours,
    databaseUser,
    failureSeverity: props.failureSeverity ?? AlarmSeverity.WARNING,
  };
}
