import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SecureServerlessApiProps, ServerlessApiType } from './secure-serverless-api-props';
import { CheckedServerlessApiProps } from './secure-serverless-api-validation';
import { PlatformWebAcl } from '../web-acl';

/** The API Gateway API in front of a `SecureServerlessApi`'s function, with its access logs and web ACL. */
export interface ServerlessApiGateway {
  readonly restApi?: apigw.RestApi;
  readonly httpApi?: apigwv2.HttpApi;
  readonly url: string;
  readonly accessLogs: logs.LogGroup;
  readonly webAcl?: wafv2.CfnWebACL;
}

/**
 * Adds the API in front of `fn` to `scope` (SRV-02, EDGE-03): a regional REST API or an HTTP API,
 * each with JSON access logs and CORS for the given origins, and on a REST API the WAF web ACL.
 */
export function addServerlessApiGateway(
  scope: Construct, fn: lambda.Function, props: SecureServerlessApiProps, checked: CheckedServerlessApiProps,
): ServerlessApiGateway {
  const key = props.alerting.encryptionKey;
  const accessLogs = new logs.LogGroup(scope, 'AccessLogs', { retention: checked.logRetention, encryptionKey: key });
  const cors = props.corsAllowOrigins?.length ? props.corsAllowOrigins : undefined;
  const api: { restApi?: apigw.RestApi; httpApi?: apigwv2.HttpApi; url: string } = checked.apiType === ServerlessApiType.REST
    ? addRestApi(scope, fn, accessLogs, cors)
    : addHttpApi(scope, fn, accessLogs, cors);
  let webAcl: wafv2.CfnWebACL | undefined;
  if (checked.wantsWaf && api.restApi) {
    const waf = new PlatformWebAcl(scope, 'WebAcl', { rateLimit: checked.wafRateLimit, logRetention: checked.logRetention, encryptionKey: key });
    webAcl = waf.webAcl;
    new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', {
      resourceArn: api.restApi.deploymentStage.stageArn,
      webAclArn: waf.webAcl.attrArn,
    });
  }
  return { ...api, accessLogs, webAcl };
}

/** A regional REST API proxying every request to `fn`, with X-Ray and JSON access logs. */
function addRestApi(scope: Construct, fn: lambda.Function, accessLogs: logs.LogGroup, cors?: string[]): { restApi: apigw.RestApi; url: string } {
  const restApi = new apigw.LambdaRestApi(scope, 'Api', {
    handler: fn,
    proxy: true,
    description: `${scope.node.path}: seed 004 API`,
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
  acknowledgeRestApi(restApi);
  return { restApi, url: restApi.url };
}

/** An HTTP API with `fn` as its default integration and an auto-deployed stage writing JSON access logs. */
function addHttpApi(scope: Construct, fn: lambda.Function, accessLogs: logs.LogGroup, cors?: string[]): { httpApi: apigwv2.HttpApi; url: string } {
  const httpApi = new apigwv2.HttpApi(scope, 'Api', {
    description: `${scope.node.path}: seed 004 API`,
    defaultIntegration: new HttpLambdaIntegration('Function', fn),
    createDefaultStage: false,
    corsPreflight: cors && { allowOrigins: cors, allowMethods: [apigwv2.CorsHttpMethod.ANY] },
  });
  const stage = new apigwv2.HttpStage(scope, 'Stage', {
    httpApi,
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
  return { httpApi, url: stage.url };
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
