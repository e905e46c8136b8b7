import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
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
import { SEED_RETRY } from './job-retry';
import { ScheduledPlatformJobProps } from './scheduled-platform-job-props';
import { validateScheduledPlatformJob } from './scheduled-platform-job-validation';
import { acceptGeneratedInlinePolicies, acceptLogKeyFromAnotherStack, acceptLogRetention } from '../../core/accepted-findings';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { scheduledJobAlarmSpecs } from '../../monitoring/scheduled-job-alarms';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { jobRerunSection, jobRerunAnchor } from '../../runbooks/sections/batch-job-sections';
import { MonitoredDatabase } from '../monitored-database';
import { databaseHostSecret } from '../tenant-database/database-connection';

export * from './scheduled-platform-job-props';

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
    const checked = validateScheduledPlatformJob(this.node.path, props, platform);
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
