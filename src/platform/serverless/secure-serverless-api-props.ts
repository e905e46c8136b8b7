import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServerlessAlerting } from './serverless-alerting';
import { ServerlessAlarmThresholds } from './serverless-thresholds';

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
