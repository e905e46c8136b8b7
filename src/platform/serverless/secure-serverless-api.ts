import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SecureServerlessApiProps } from './secure-serverless-api-props';
import { validateSecureServerlessApi } from './secure-serverless-api-validation';
import { addServerlessApiAlarms } from './serverless-api-alarms';
import { addServerlessApiFunction } from './serverless-api-function';
import { addServerlessApiGateway } from './serverless-api-gateway';
import { serverlessApiRunbookSection } from './serverless-api-runbook';
import { ServerlessNetwork } from './serverless-network';
import { Runbook } from '../../runbooks/runbook';

export * from './secure-serverless-api-props';

/**
 * A Python function behind API Gateway, secured by default (SRV-01, SRV-02, SRV-04, EDGE-03): in
 * private subnets with X-Ray tracing and KMS-encrypted logs kept 30 days, its dependencies in a
 * layer, its one application secret in Secrets Manager, a regional REST API with access logs and a
 * WAF web ACL, alarms routed by severity, and their runbook sections. Usage: README, "Serverless applications".
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
    const checked = validateSecureServerlessApi(this.node.path, props);
    this.memorySize = checked.memorySize;
    this.timeout = checked.timeout;

    this.vpc = props.vpc ?? new ServerlessNetwork(this, 'Network', {
      logRetention: checked.logRetention,
      encryptionKey: props.alerting.encryptionKey,
      interfaceEndpointZones: checked.defaults.interfaceEndpointZones,
    }).vpc;
    const fn = addServerlessApiFunction(this, id, props, checked, this.vpc, !props.vpc);
    this.function = fn.fn;
    this.logGroup = fn.logGroup;
    this.secret = fn.secret;

    const api = addServerlessApiGateway(this, this.function, props, checked);
    this.restApi = api.restApi;
    this.httpApi = api.httpApi;
    this.url = api.url;
    this.webAcl = api.webAcl;

    this.alarms = addServerlessApiAlarms(props.alerting._alarmsFor(this), {
      fn: this.function,
      logGroup: this.logGroup,
      accessLogs: api.accessLogs,
      restApi: this.restApi,
      httpApi: this.httpApi,
      thresholds: checked.thresholds,
    });
    Runbook.of(this).addSection(serverlessApiRunbookSection({
      id, fn: this.function, memorySize: this.memorySize, timeout: this.timeout, logGroup: this.logGroup, accessLogs: api.accessLogs,
    }));
  }
}
