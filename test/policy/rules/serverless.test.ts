import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { flagged, newStack, newVpc, resourcePath } from '../../support/policy';

function fn(stack: Stack, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    ...props,
  });
}

describe('TenantPlatform-LMB1 (SRV-01, NET-01)', () => {
  test('SRV-01 NET-01: a function outside the VPC is flagged', () => {
    const stack = newStack();
    const outside = fn(stack);
    expect(flagged(stack, 'LMB1')).toEqual([resourcePath(outside)]);
  });

  test('SRV-01 NET-01: a function in private subnets passes', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    fn(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    expect(flagged(stack, 'LMB1')).toEqual([]);
  });
});

describe('TenantPlatform-LMB2 (SRV-01)', () => {
  test('SRV-01: a function without active tracing is flagged', () => {
    const stack = newStack();
    const untraced = fn(stack);
    expect(flagged(stack, 'LMB2')).toEqual([resourcePath(untraced)]);
  });

  test('SRV-01: active X-Ray tracing passes', () => {
    const stack = newStack();
    fn(stack, { tracing: lambda.Tracing.ACTIVE });
    expect(flagged(stack, 'LMB2')).toEqual([]);
  });
});

describe('TenantPlatform-LMB3 (SRV-01, LOG-01)', () => {
  test('SRV-01 LOG-01: a function logging to the implicit log group is flagged', () => {
    const stack = newStack();
    const implicit = fn(stack);
    expect(flagged(stack, 'LMB3')).toEqual([resourcePath(implicit)]);
  });

  test('SRV-01 LOG-01: a function with its own log group passes', () => {
    const stack = newStack();
    fn(stack, { logGroup: new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }) });
    expect(flagged(stack, 'LMB3')).toEqual([]);
  });
});

describe('TenantPlatform-LMB4 (SRV-04, ECS-05)', () => {
  test('SRV-04: an API key in the function environment is flagged by variable', () => {
    const stack = newStack();
    const leaky = fn(stack, { environment: { STRIPE_API_KEY: 'sk_live_123', TABLE: 'sessions' } });
    expect(flagged(stack, 'LMB4')).toEqual([`${resourcePath(leaky)}[STRIPE_API_KEY]`]);
  });

  test('SRV-04: the secret ARN in the environment passes', () => {
    const stack = newStack();
    fn(stack, { environment: { STRIPE_API_KEY_ARN: 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:stripe' } });
    expect(flagged(stack, 'LMB4')).toEqual([]);
  });
});

describe('TenantPlatform-API1 (SRV-02)', () => {
  test('SRV-02: an HTTP API stage without access logs is flagged', () => {
    const stack = newStack();
    const api = new apigwv2.HttpApi(stack, 'Api');
    expect(flagged(stack, 'API1')).toEqual([resourcePath(api.defaultStage!)]);
  });

  test('SRV-02: a stage with access logs passes', () => {
    const stack = newStack();
    const api = new apigwv2.HttpApi(stack, 'Api', { createDefaultStage: false });
    new apigwv2.HttpStage(stack, 'Stage', {
      httpApi: api,
      autoDeploy: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(new logs.LogGroup(stack, 'AccessLogs')) },
    });
    expect(flagged(stack, 'API1')).toEqual([]);
  });
});

describe('TenantPlatform-WAF2 (EDGE-03)', () => {
  function restApi(stack: Stack): apigw.RestApi {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    return api;
  }

  test('EDGE-03: a REST API stage without a web ACL is flagged', () => {
    const stack = newStack();
    const api = restApi(stack);
    expect(flagged(stack, 'WAF2')).toEqual([resourcePath(api.deploymentStage)]);
  });

  test('EDGE-03: a REST API stage with an associated web ACL passes', () => {
    const stack = newStack();
    const api = restApi(stack);
    new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: api.deploymentStage.stageArn, webAclArn: 'arn:aws:wafv2:ap-northeast-1:111111111111:regional/webacl/api/1' });
    expect(flagged(stack, 'WAF2')).toEqual([]);
  });
});

describe('TenantPlatform-CF1, CF2, CF3, WAF3 (SRV-02, SRV-04, EDGE-03)', () => {
  test('SRV-02 SRV-04 EDGE-03: an HTTP-serving distribution of a website endpoint on the default certificate without WAF is flagged by each rule', () => {
    const stack = newStack();
    const site = new s3.Bucket(stack, 'Site', { websiteIndexDocument: 'index.html' });
    const distribution = new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: new origins.S3StaticWebsiteOrigin(site), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL },
    });
    const path = resourcePath(distribution);
    expect(flagged(stack, 'CF1')).toEqual([path]);
    expect(flagged(stack, 'CF2')).toEqual([expect.stringMatching(/^Test\/Cdn\/Resource\[TestCdnOrigin1\w+\]$/)]);
    expect(flagged(stack, 'CF3')).toEqual([path]);
    expect(flagged(stack, 'WAF3')).toEqual([path]);
  });

  test('SRV-02 SRV-04 EDGE-03: HTTPS redirect, OAC, an ACM certificate with TLS 1.2 and a web ACL pass', () => {
    const stack = newStack();
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(new s3.Bucket(stack, 'Site')),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      domainNames: ['study.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/site'),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/site/1',
    });
    expect(['CF1', 'CF2', 'CF3', 'WAF3'].flatMap(id => flagged(stack, id))).toEqual([]);
  });
});

describe('TenantPlatform-ECR1 (OPS-07)', () => {
  test('OPS-07: a repository that does not scan on push is flagged', () => {
    const stack = newStack();
    const repository = new ecr.Repository(stack, 'Repo');
    expect(flagged(stack, 'ECR1')).toEqual([resourcePath(repository)]);
  });

  test('OPS-07: scan on push, or a registry-wide scanning rule, passes', () => {
    const stack = newStack();
    new ecr.Repository(stack, 'Repo', { imageScanOnPush: true });
    expect(flagged(stack, 'ECR1')).toEqual([]);
    const registry = newStack();
    new ecr.Repository(registry, 'Repo');
    new ecr.CfnRegistryScanningConfiguration(registry, 'Scanning', {
      scanType: 'ENHANCED', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    });
    expect(flagged(registry, 'ECR1')).toEqual([]);
  });
});
