import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ServerlessAlerting } from './serverless-alerting';
import { addServerlessApiAlarms } from './serverless-api-alarms';
import { ServerlessNetwork } from './serverless-network';
import { LAMBDA_LIMITS, serverlessDefaults } from './serverless-profile';
import { ServerlessAlarmThresholds } from './serverless-thresholds';
import { checkThresholds, ProblemList } from './serverless-validation';
import { PlatformEnvironment } from '../../core/environment';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { anchorWords, RunbookSectionKind } from '../../runbooks/runbook-section';
import { PlatformWebAcl } from '../web-acl';

/** Which API Gateway API fronts the function (SRV-02). */
export enum ServerlessApiType {
  /** A regional REST API: takes a WAF web ACL (EDGE-03). The default. */
  REST = 'rest',
  /**
   * An HTTP API: cheaper, but API Gateway cannot associate a WAF web ACL with it, so it needs
   * `webAcl: false` and a CloudFront distribution with a WAF in front to meet EDGE-03.
   */
  HTTP = 'http',
}

/** Props of `SecureServerlessApi`. */
export interface SecureServerlessApiProps {
  /** Alarm routing, key and profile of the application (in the same stack). */
  readonly alerting: ServerlessAlerting;
  /** The function's code, e.g. `lambda.Code.fromAsset('app')`. */
  readonly code: lambda.Code;
  /** The handler, e.g. `handler.handler`. */
  readonly handler: string;
  /**
   * The dependencies (e.g. FastAPI and Mangum, ~50 MB) as a Lambda layer, laid out as `python/...`.
   * @default - no layer
   */
  readonly dependencies?: lambda.Code;
  /**
   * The runtime.
   * @default lambda.Runtime.PYTHON_3_11 (seed 004)
   */
  readonly runtime?: lambda.Runtime;
  /**
   * The instruction set; build the layer's native wheels for it.
   * @default lambda.Architecture.ARM_64 (about 20 % cheaper per GB-second than x86_64)
   */
  readonly architecture?: lambda.Architecture;
  /**
   * Memory of the function in MiB (SRV-01): at least the profile's floor, at most Lambda's 10,240.
   * @default - 1024 in PRODUCTION and STAGING, 512 in DEVELOPMENT
   */
  readonly memorySize?: number;
  /**
   * Timeout of the function (SRV-01): at least the profile's floor, at most Lambda's 15 minutes.
   * The API itself gives up after 29 s (REST) or 30 s (HTTP).
   * @default - 60 seconds in PRODUCTION and STAGING, 30 in DEVELOPMENT
   */
  readonly timeout?: Duration;
  /**
   * Environment variables of the function; never secrets (LMB4): the function reads the
   * application secret named by `APP_SECRET_ARN`.
   * @default - only APP_SECRET_ARN
   */
  readonly environment?: { [key: string]: string };
  /**
   * The VPC whose private (isolated or with egress) subnets the function runs in (SRV-01, NET-01).
   * It must give the function a way to DynamoDB and Secrets Manager (endpoints or NAT).
   * @default - a new VPC of two zones of isolated subnets with a DynamoDB gateway endpoint and a
   * Secrets Manager interface endpoint (one zone outside PRODUCTION), no NAT gateway
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The kind of API.
   * @default ServerlessApiType.REST
   */
  readonly apiType?: ServerlessApiType;
  /**
   * A WAF web ACL on the API stage (EDGE-03): AWS managed common, SQL injection and known-bad-inputs
   * rules, a per-IP rate limit, logging. Only a REST API can take one.
   * @default true
   */
  readonly webAcl?: boolean;
  /**
   * Requests per 5 minutes from one IP address before the WAF blocks it (EDGE-03).
   * @default 2000
   */
  readonly wafRateLimit?: number;
  /**
   * Origins browsers may call the API from (CORS), e.g. `https://study-tracker.com`.
   * @default - no CORS
   */
  readonly corsAllowOrigins?: string[];
  /**
   * Retention of the function's and the API's logs (SRV-01, LOG-01).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Alarm thresholds.
   * @default - the seed's targets: see `ServerlessAlarmThresholds`
   */
  readonly alarmThresholds?: ServerlessAlarmThresholds;
}

/**
 * A Python function behind API Gateway, secured by default (SRV-01, SRV-02, SRV-04, EDGE-03): in
 * private subnets with X-Ray tracing and KMS-encrypted logs kept 30 days, its dependencies in a
 * layer, its one application secret in Secrets Manager, a regional REST API with access logs and a
 * WAF web ACL, alarms at the seed's targets routed by severity, and their runbook sections.
 *
 * ```ts
 * const api = new SecureServerlessApi(stack, 'Api', {
 *   alerting,
 *   code: lambda.Code.fromAsset('app'),
 *   handler: 'handler.handler',
 *   environment: { TABLE_NAME: table.table.tableName },
 * });
 * table.table.grantReadWriteData(api.function);
 * ```
 */
export class SecureServerlessApi extends Construct {
  public readonly function: lambda.Function;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The application secret; the function reads it at run time. */
  public readonly secret: secretsmanager.Secret;
  /** The VPC the function runs in. */
  public readonly vpc: ec2.IVpc;
  /** The REST API, when `apiType` is REST. */
  public readonly restApi?: apigw.RestApi;
  /** The HTTP API, when `apiType` is HTTP. */
  public readonly httpApi?: apigwv2.HttpApi;
  /** The API's base URL. */
  public readonly url: string;
  /** The WAF web ACL of the API stage, if any. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The alarms this API created. */
  public readonly alarms: cloudwatch.IAlarm[];
  public readonly memorySize: number;
  public readonly timeout: Duration;

  public constructor(scope: Construct, id: string, props: SecureServerlessApiProps) {
    super(scope, id);
    const alerting = props.alerting;
    const defaults = serverlessDefaults(alerting.environment);
    const env = alerting.environment;
    const problems = new ProblemList(this.node.path);
    const apiType = props.apiType ?? ServerlessApiType.REST;
    const wantsWaf = props.webAcl ?? true;
    this.memorySize = props.memorySize ?? defaults.memoryMiB;
    this.timeout = props.timeout ?? defaults.timeout;
    const memoryInLimits = Number.isInteger(this.memorySize)
      && this.memorySize >= LAMBDA_LIMITS.minMemoryMiB && this.memorySize <= LAMBDA_LIMITS.maxMemoryMiB;
    if (!memoryInLimits) {
      problems.add('memorySize', this.memorySize, `must be an integer from ${LAMBDA_LIMITS.minMemoryMiB} to ${LAMBDA_LIMITS.maxMemoryMiB} (MiB, Lambda's limits)`);
    } else if (this.memorySize < defaults.minMemoryMiB) {
      problems.add('memorySize', this.memorySize, `MiB is below ${defaults.minMemoryMiB} MiB, the floor of ${env} (SRV-01)`);
    }
    const seconds = this.timeout.toSeconds();
    if (seconds < LAMBDA_LIMITS.minTimeoutSeconds || seconds > LAMBDA_LIMITS.maxTimeoutSeconds) {
      problems.add('timeout', this.timeout, `must be from ${LAMBDA_LIMITS.minTimeoutSeconds} second to 15 minutes, Lambda's limits`);
    } else if (seconds < defaults.minTimeout.toSeconds()) {
      problems.add('timeout', this.timeout, `is below ${defaults.minTimeout.toHumanString()}, the floor of ${env} (SRV-01)`);
    }
    if (!Object.values(ServerlessApiType).includes(apiType)) {
      problems.add('apiType', apiType, `must be one of ${Object.values(ServerlessApiType).join(', ')}`);
    }
    if (apiType === ServerlessApiType.HTTP && wantsWaf) {
      problems.add('webAcl', props.webAcl ?? '(default true)',
        'cannot be true with apiType HTTP: API Gateway HTTP APIs cannot be associated with a WAF web ACL (EDGE-03). ' +
        'Use ServerlessApiType.REST, or set webAcl: false and put a CloudFront distribution with a WAF in front of the API');
    }
    const wafRateLimit = props.wafRateLimit ?? 2000;
    problems.integerBetween('wafRateLimit', wafRateLimit, 100, 2_000_000_000, 'requests per 5 minutes');
    const logRetention = props.logRetention ?? defaults.logRetention;
    if (logRetention !== logs.RetentionDays.INFINITE && logRetention < alerting.profile.minLogRetentionDays) {
      problems.add('logRetention', logRetention, `days is below the ${alerting.profile.minLogRetentionDays}-day floor of ${env} (LOG-01)`);
    }
    for (const [i, origin] of (props.corsAllowOrigins ?? []).entries()) {
      if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin) && !(env === PlatformEnvironment.DEVELOPMENT && /^http:\/\/localhost(:\d+)?$/.test(origin))) {
        problems.add(`corsAllowOrigins[${i}]`, origin, 'must be an https:// origin without a path (http://localhost only in DEVELOPMENT)');
      }
    }
    for (const name of Object.keys(props.environment ?? {})) {
      if (name === 'APP_SECRET_ARN') problems.add(`environment.${name}`, name, 'is reserved: the construct sets it to the application secret');
    }
    const thresholds = checkThresholds(problems, props.alarmThresholds);
    problems.throwIfAny();

    const key = alerting.encryptionKey;
    if (props.vpc) {
      this.vpc = props.vpc;
    } else {
      this.vpc = new ServerlessNetwork(this, 'Network', {
        logRetention, encryptionKey: key, interfaceEndpointZones: defaults.interfaceEndpointZones,
      }).vpc;
    }
    // Subnets with a NAT route first (a given VPC may have no endpoints), else isolated ones with endpoints.
    const subnets = this.vpc.privateSubnets.length > 0 ? this.vpc.privateSubnets : this.vpc.isolatedSubnets;
    if (subnets.length === 0) {
      throw new Error(`${this.node.path}: vpc ${this.vpc.node.path} has no private subnets; the function must run in private subnets (SRV-01, NET-01)`);
    }

    // SRV-04: the seed's one application secret, read at run time through the VPC endpoint.
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${Stack.of(this).stackName} ${id}: application credentials, read by the function at run time`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const handRotated = 'The secret holds credentials of services the application calls, issued by those services; there is no rotation function for them. Rotate them by hand in the quarterly access review, within the 180 days DB-05 allows an API key.';
    Validations.of(this.secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: handRotated });
    Validations.of(this.secret).acknowledge({ id: 'TenantPlatform::TenantPlatform-SM3', reason: handRotated });

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention, encryptionKey: key });
    const runtime = props.runtime ?? lambda.Runtime.PYTHON_3_11;
    const architecture = props.architecture ?? lambda.Architecture.ARM_64;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `${this.node.path} function: no inbound; outbound only to the VPC endpoints (isolated subnets)`,
    });
    this.function = new lambda.Function(this, 'Function', {
      runtime,
      architecture,
      code: props.code,
      handler: props.handler,
      memorySize: this.memorySize,
      timeout: this.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      vpc: this.vpc,
      vpcSubnets: { subnets },
      securityGroups: [securityGroup],
      layers: props.dependencies ? [new lambda.LayerVersion(this, 'Dependencies', {
        code: props.dependencies,
        compatibleRuntimes: [runtime],
        compatibleArchitectures: [architecture],
        description: `${this.node.path} dependencies`,
      })] : undefined,
      environment: { ...props.environment, APP_SECRET_ARN: this.secret.secretArn },
    });
    this.secret.grantRead(this.function);
    if (!props.vpc) {
      this.node.findAll().filter((c): c is ec2.InterfaceVpcEndpoint => c instanceof ec2.InterfaceVpcEndpoint)
        .forEach(endpoint => endpoint.connections.allowDefaultPortFrom(securityGroup, 'the function reads its secret'));
    }
    acknowledgeFunction(this.function, runtime);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention, encryptionKey: key });
    const cors = props.corsAllowOrigins?.length ? props.corsAllowOrigins : undefined;
    if (apiType === ServerlessApiType.REST) {
      this.restApi = new apigw.LambdaRestApi(this, 'Api', {
        handler: this.function,
        proxy: true,
        description: `${this.node.path}: seed 004 API`,
        endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
        cloudWatchRole: false,
        deployOptions: {
          stageName: 'api',
          tracingEnabled: true,
          metricsEnabled: true,
          accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
          accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        },
        defaultCorsPreflightOptions: cors && { allowOrigins: cors, allowMethods: apigw.Cors.ALL_METHODS },
      });
      this.url = this.restApi.url;
      acknowledgeRestApi(this.restApi);
    } else {
      this.httpApi = new apigwv2.HttpApi(this, 'Api', {
        description: `${this.node.path}: seed 004 API`,
        defaultIntegration: new HttpLambdaIntegration('Function', this.function),
        createDefaultStage: false,
        corsPreflight: cors && { allowOrigins: cors, allowMethods: [apigwv2.CorsHttpMethod.ANY] },
      });
      const stage = new apigwv2.HttpStage(this, 'Stage', {
        httpApi: this.httpApi,
        stageName: '$default',
        autoDeploy: true,
        // JSON with the HTTP API's own context variables (it has routeKey, not resourcePath), so runbooks filter on $.status.
        accessLogSettings: {
          destination: new apigwv2.LogGroupLogDestination(accessLogs),
          format: apigw.AccessLogFormat.custom(JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          })),
        },
      });
      this.url = stage.url;
    }

    if (wantsWaf && this.restApi) {
      const waf = new PlatformWebAcl(this, 'WebAcl', { rateLimit: wafRateLimit, logRetention, encryptionKey: key });
      this.webAcl = waf.webAcl;
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.restApi.deploymentStage.stageArn,
        webAclArn: waf.webAcl.attrArn,
      });
    }

    const alarms = alerting._alarmsFor(this);
    this.alarms = addServerlessApiAlarms(alarms, {
      fn: this.function, logGroup: this.logGroup, accessLogs, restApi: this.restApi, httpApi: this.httpApi, thresholds,
    });
    this.addRunbookSection(id, accessLogs);
  }

  private addRunbookSection(id: string, accessLogs: logs.LogGroup): void {
    const fn = { FUNCTION: ResourceLookup.physicalId(this.function) };
    Runbook.of(this).addSection({
      anchor: `serverless-api-${anchorWords(id)}`,
      kind: RunbookSectionKind.PROCEDURE,
      title: { ja: `サーバーレス API ${id}: 構成の確認`, en: `Serverless API ${id}: check the deployment` },
      whenToUse: {
        ja: 'API のアラームの初動、またはデプロイ後の確認で、関数と API の設定を確かめるとき。',
        en: 'At the start of an API alarm, or after a deployment, to check the function and API settings.',
      },
      summary: [{
        ja: `関数はプライベートサブネットで ${this.memorySize} MiB / ${this.timeout.toHumanString()} で動作し、X-Ray トレースを送ります。シークレットは VPC エンドポイント経由で実行時に読み込みます。`,
        en: `The function runs in private subnets with ${this.memorySize} MiB / ${this.timeout.toHumanString()} and sends X-Ray traces. It reads its secret at run time through a VPC endpoint.`,
      }],
      steps: [
        {
          text: { ja: '関数の設定 (ランタイム、メモリ、タイムアウト、トレース、サブネット) を確認します。', en: 'Check the function settings (runtime, memory, timeout, tracing, subnets).' },
          commands: [RunbookCommand.withLookups(
            'aws lambda get-function-configuration --function-name "$FUNCTION" ' +
            '--query "[Runtime,MemorySize,Timeout,TracingConfig.Mode,VpcConfig.SubnetIds,LastUpdateStatus]" --output json', fn)],
          expected: {
            ja: `メモリ ${this.memorySize}、タイムアウト ${this.timeout.toSeconds()}、トレース Active、LastUpdateStatus が Successful であること。`,
            en: `Memory ${this.memorySize}, timeout ${this.timeout.toSeconds()}, tracing Active, LastUpdateStatus Successful.`,
          },
        },
        {
          text: { ja: '直近30分の関数のエラーログを確認します。', en: 'Read the function\'s errors of the last 30 minutes.' },
          commands: [RunbookCommand.withLookups('aws logs tail "$LOG_GROUP" --since 30m --filter-pattern ERROR --format short',
            { LOG_GROUP: ResourceLookup.physicalId(this.logGroup) })],
        },
        {
          text: { ja: '直近30分の 5XX 応答をアクセスログで確認します。', en: 'Read the 5XX responses of the last 30 minutes in the access logs.' },
          commands: [RunbookCommand.withLookups('aws logs tail "$ACCESS_LOGS" --since 30m --filter-pattern \'{ $.status = "5*" }\' --format short',
            { ACCESS_LOGS: ResourceLookup.physicalId(accessLogs) })],
        },
      ],
      requirements: ['SRV-01'],
    });
  }
}

/** The AwsSolutions findings every such function has, with why they stand. */
function acknowledgeFunction(fn: lambda.Function, runtime: lambda.Runtime): void {
  const role = fn.role!;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole is the AWS policy for a function writing its own logs; the function logs to the log group the construct creates.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    reason: 'AWSLambdaVPCAccessExecutionRole is the AWS policy Lambda needs to attach the function to its private subnets (SRV-01); AWS keeps it to the ENI actions Lambda uses.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (SRV-01): xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource-level permissions (X-Ray service authorization reference).',
  });
  if (runtime.name === lambda.Runtime.PYTHON_3_11.name) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Seed 004 runs the FastAPI application on Python 3.11, and its dependency layer is built for it; move the runtime and layer together.',
    });
  }
}

/** The AwsSolutions findings a public REST API of seed 004 has, with why they stand. */
function acknowledgeRestApi(api: apigw.RestApi): void {
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG2',
    reason: 'Proxy integration: the application validates every request against its API contract (seed 004: Pydantic validation) and answers 400; API Gateway models would duplicate that contract.',
  });
  for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
    Validations.of(api).acknowledge({
      id,
      reason: 'Seed 004 phase 1 has no sign-in ("認証: なし（初期）→ Cognito（将来）"); the WAF and its rate limit protect the API until Cognito is added.',
    });
  }
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG6',
    reason: 'Access logs record every request (API1); execution logs would go to a log group API Gateway creates itself, without the retention and encryption LOG-01/LOG-02 require, and need the account-wide API Gateway CloudWatch role.',
  });
}
