// Tenants rolled out in waves by CDK Pipelines: the shared platform first, then 3 → 10 → 50 → 100
// tenants (seed 000's pilot, expansion and full rollout), each wave's tenant stacks deployed in
// parallel, with a manual approval before every wave after the pilot.
// In your own app, import from 'cdk-tenant-platform' instead of '../../src'.
import { App, CfnElement, Duration, Environment, RemovalPolicy, Stack, StackProps, Stage, StageProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform, TenantPlatformChecks } from '../../src';

/** One tenant of the fleet. */
export interface FleetTenant {
  readonly tenantId: string;
  readonly hostHeader: string;
}

export interface TenantPipelineConfig {
  readonly env: Required<Environment>;
  readonly certificateArn: string;
  /** CodeStar connection to the repository holding this app. */
  readonly connectionArn: string;
  readonly repository: string;
  readonly branch: string;
  /** The fleet, in rollout order. */
  readonly tenants: FleetTenant[];
  /**
   * Tenants live after each wave (cumulative, ascending, the last one the whole fleet): seed 000's
   * 3 → 10 → 50 → 100 deploys 3, 7, 40 and 50 tenant stacks in its four waves.
   */
  readonly waveTargets: number[];
  /** Waves from this index on are production waves, each behind a manual approval (the first, the pilot, is not). */
  readonly firstApprovedWave: number;
}

/**
 * CodePipeline runs at most 50 actions in one stage ("Number of actions in a stage", AWS CodePipeline
 * quotas). Without change sets each stack is one deploy action, so a wave holds at most 50 tenants.
 */
export const MAX_TENANTS_PER_WAVE = 50;

/** One wave: its name, its tenants, and whether a person approves it first. */
export interface TenantWave {
  readonly name: string;
  readonly tenants: FleetTenant[];
  readonly approval: boolean;
}

/** Splits `config.tenants` into waves at `config.waveTargets`, checking every target at once. */
export function tenantWaves(config: TenantPipelineConfig): TenantWave[] {
  const targets = config.waveTargets;
  const problems: string[] = [];
  targets.forEach((target, i) => {
    const previous = i === 0 ? 0 : targets[i - 1];
    if (!Number.isInteger(target) || target <= previous) {problems.push(`waveTargets[${i}] ${target} must be an integer above ${previous}`);} else if (target - previous > MAX_TENANTS_PER_WAVE) {
      problems.push(`waveTargets[${i}] ${target} adds ${target - previous} tenants; a CodePipeline stage runs at most ${MAX_TENANTS_PER_WAVE} actions, so add a wave`);
    }
  });
  if (targets.length === 0 || targets[targets.length - 1] !== config.tenants.length) {
    problems.push(`waveTargets [${targets.join(', ')}] must end at the fleet size, ${config.tenants.length}`);
  }
  if (problems.length > 0) throw new Error(`tenant pipeline: ${problems.join('; ')}`);
  return targets.map((target, i) => ({
    name: `Wave${i + 1}-Tenants${(i === 0 ? 0 : targets[i - 1]) + 1}To${target}`,
    tenants: config.tenants.slice(i === 0 ? 0 : targets[i - 1], target),
    approval: i >= config.firstApprovedWave,
  }));
}

/** The shared platform: network, cluster, load balancers and database. */
export class SharedStage extends Stage {
  public readonly platform: TenantPlatform;
  public readonly database: MonitoredDatabase;

  public constructor(scope: Construct, id: string, config: TenantPipelineConfig, props?: StageProps) {
    super(scope, id, { ...props, env: config.env });
    const stack = new Stack(this, 'Platform', { stackName: 'TenantPipeline-Shared' });
    this.platform = new TenantPlatform(stack, 'Platform', {
      environment: PlatformEnvironment.PRODUCTION,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', config.certificateArn),
      notifications: { criticalEmails: ['oncall@saas.example.com'] },
    });
    this.database = new MonitoredDatabase(stack, 'Database', { platform: this.platform });
  }
}

/** One tenant's stage: a single stack, so a tenant deploys, fails and rolls back on its own. */
export class TenantStage extends Stage {
  public readonly service: SecureTenantService;

  public constructor(scope: Construct, id: string, shared: SharedStage, tenant: FleetTenant, props?: StageProps) {
    super(scope, id, { ...props, env: { account: shared.account, region: shared.region } });
    const stack = new Stack(this, 'Service', { stackName: `TenantPipeline-${tenant.tenantId}` });
    this.service = new SecureTenantService(stack, 'Service', {
      platform: shared.platform,
      database: shared.database,
      tenantId: tenant.tenantId,
      hostHeader: tenant.hostHeader,
      // nginx-unprivileged runs as a non-root user on 8080; a real tenant image serves /health.
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
      user: '101:101',
      writablePaths: ['/tmp', '/var/cache/nginx'],
    });
  }
}

/** The pipeline: source, synth, self-mutation, the shared stage, then the tenant waves. */
export class TenantPipelineStack extends Stack {
  public readonly pipeline: pipelines.CodePipeline;
  public readonly waves: TenantWave[];
  /** KMS-encrypted, access-logged bucket of the pipeline's artifacts. */
  public readonly artifactBucket: s3.Bucket;

  public constructor(scope: Construct, id: string, config: TenantPipelineConfig, props?: StackProps) {
    super(scope, id, { ...props, env: config.env });
    this.waves = tenantWaves(config);
    // Log delivery to the access-log bucket is authorised by bucket policy, not an ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const artifactKey = new kms.Key(this, 'ArtifactKey', {
      description: 'Pipeline artifacts and build outputs of the tenant pipeline',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogs = new s3.Bucket(this, 'ArtifactAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the artifact bucket; logging its own access would write logs about logs without end.',
    });
    this.artifactBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: artifactKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: 'tenant-platform',
      artifactBucket: this.artifactBucket,
      // One deploy action per stack (no separate change-set action), so a wave of 50 tenants fits
      // CodePipeline's 50 actions per stage.
      useChangeSets: false,
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection(config.repository, config.branch, { connectionArn: config.connectionArn }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
    const shared = new SharedStage(scope, 'Shared', config);
    this.pipeline.addStage(shared);
    for (const wave of this.waves) {
      // The approval is a stage of its own, so the wave's stage holds only its deploy actions (at most 50).
      if (wave.approval) {
        const last = wave.tenants[wave.tenants.length - 1].tenantId;
        this.pipeline.addWave(`Approve-${wave.name}`, {
          pre: [new pipelines.ManualApprovalStep(`Approve-${wave.name}`, {
            comment: `Deploy tenants ${wave.tenants[0].tenantId} to ${last} (${wave.tenants.length}) once the previous waves' alarms and dashboards are quiet.`,
          })],
        });
      }
      const stageWave = this.pipeline.addWave(wave.name);
      for (const tenant of wave.tenants) stageWave.addStage(new TenantStage(scope, `Tenant-${tenant.tenantId}`, shared, tenant));
    }
    this.pipeline.buildPipeline();
    this.acknowledgeGeneratedPolicies();
  }

  /** The wildcards of the roles CDK Pipelines generates, each for the reason it needs it. */
  private acknowledgeGeneratedPolicies(): void {
    const artifactOnly = 'on the pipeline\'s own artifact bucket or key only: CDK Pipelines grants the read/write family of actions every ' +
      'stage needs to pass artifacts, and the resources name that one bucket and that one key.';
    const ids: Array<[string, string]> = [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']
        .map((action): [string, string] => [`Action::${action}`, `${action} ${artifactOnly}`]),
      [`Resource::<${this.getLogicalId(this.artifactBucket.node.defaultChild as CfnElement)}.Arn>/*`,
        'Artifact object keys are made per pipeline execution, so the grant covers the objects of the artifact bucket, and only of it.'],
      ['Resource::*', 'CodeBuild asset publishing starts and watches its own builds, and self-mutation (cdk deploy of this stack) calls ' +
        'cloudformation:DescribeStacks and s3:ListBucket to find the bootstrap stack and its staging bucket; none of these actions supports a narrower resource.'],
      [`Resource::arn:*:iam::${this.account}:role/*`, 'Self-mutation assumes the CDK bootstrap roles of this account, and only those: the ' +
        'statement requires the role tag aws-cdk:bootstrap-role to be deploy, file-publishing or image-publishing.'],
      [`Resource::arn:<AWS::Partition>:logs:${this.region}:${this.account}:log-group:/aws/codebuild/*`, 'The asset publishing role is shared by ' +
        'one CodeBuild project per asset, whose log groups CodeBuild names /aws/codebuild/<project> when the project is created.'],
      [`Resource::arn:<AWS::Partition>:codebuild:${this.region}:${this.account}:report-group/*`, 'The asset publishing role is shared by one ' +
        'CodeBuild project per asset, whose report groups are named after each project.'],
      ...[this.pipeline.synthProject, this.pipeline.selfMutationProject].flatMap((project): Array<[string, string]> => {
        const logicalId = this.getLogicalId(project.node.defaultChild as CfnElement);
        return [
          [`Resource::arn:<AWS::Partition>:logs:${this.region}:${this.account}:log-group:/aws/codebuild/<${logicalId}>:*`,
            'CodeBuild writes one log stream per build into the project\'s own log group; the stream names are made at run time.'],
          [`Resource::arn:<AWS::Partition>:codebuild:${this.region}:${this.account}:report-group/<${logicalId}>-*`,
            'Test reports go to report groups CodeBuild names after the project; the grant covers only this project\'s.'],
        ];
      }),
    ];
    for (const [finding, reason] of ids) Validations.of(this.pipeline).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** The example deployment: production in Tokyo, 100 tenants. */
export function pipelineConfig(overrides: Partial<TenantPipelineConfig> = {}): TenantPipelineConfig {
  return {
    env: { account: '123456789012', region: 'ap-northeast-1' },
    certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    connectionArn: 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    repository: 'example-org/saas-platform',
    branch: 'main',
    tenants: fleet(100),
    waveTargets: [3, 10, 50, 100],
    firstApprovedWave: 1,
    ...overrides,
  };
}

/** `size` tenants `tenant-001`, `tenant-002`, ... */
export function fleet(size: number): FleetTenant[] {
  return Array.from({ length: size }, (_, i) => {
    const tenantId = `tenant-${String(i + 1).padStart(3, '0')}`;
    return { tenantId, hostHeader: `${tenantId}.saas.example.com` };
  });
}

/** Builds the pipeline (and through it the shared and tenant stages) into `app`, checked by both policy packs. */
export function buildTenantPipeline(app: App, config: TenantPipelineConfig): TenantPipelineStack {
  Validations.of(app).addPlugins(new TenantPlatformChecks(app, { environment: PlatformEnvironment.PRODUCTION }), new AwsSolutionsChecks(app));
  return new TenantPipelineStack(app, 'TenantPipeline', config);
}
