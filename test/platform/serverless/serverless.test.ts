import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  PlatformEnvironment, Runbook, RunbookSectionKind, SecureServerlessApi, SecureServerlessApiProps, ServerlessAlerting, ServerlessApiType,
  ServerlessTable, ServerlessTableProps, StaticSite, StaticSiteProps,
} from '../../../src';

const TOKYO = { account: '123456789012', region: 'ap-northeast-1' };
const VIRGINIA = { account: '123456789012', region: 'us-east-1' };
const CODE = lambda.Code.fromInline('def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');

function alertingIn(stack: Stack, environment: PlatformEnvironment, budget = true): ServerlessAlerting {
  return new ServerlessAlerting(stack, 'Alerting', { environment, notifications: { criticalEmails: ['oncall@example.com'] }, budget });
}

function apiStack(environment = PlatformEnvironment.PRODUCTION, props: Partial<SecureServerlessApiProps> = {}) {
  const stack = new Stack(new App(), 'App', { env: TOKYO });
  const alerting = alertingIn(stack, environment);
  const api = new SecureServerlessApi(stack, 'Api', { alerting, code: CODE, handler: 'index.handler', ...props });
  return { stack, alerting, api, template: Template.fromStack(stack) };
}

function tableStack(environment = PlatformEnvironment.PRODUCTION, props: Partial<ServerlessTableProps> = {}) {
  const stack = new Stack(new App(), 'App', { env: TOKYO });
  const alerting = alertingIn(stack, environment);
  const table = new ServerlessTable(stack, 'Sessions', { alerting, partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING }, ...props });
  return { stack, table, template: Template.fromStack(stack) };
}

function siteStack(props: Partial<StaticSiteProps> = {}, env = VIRGINIA, bucket?: (stack: Stack) => s3.Bucket) {
  const stack = new Stack(new App(), 'Edge', { env });
  const alerting = alertingIn(stack, PlatformEnvironment.PRODUCTION, false);
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const site = new StaticSite(stack, 'Site', { alerting, domainName: 'app.example.com', hostedZone, bucket: bucket?.(stack), ...props });
  return { stack, site, template: Template.fromStack(stack) };
}

describe('SecureServerlessApi', () => {
  test('SRV-01: Python 3.11 with 1024 MiB / 60 s in production and 512 MiB / 30 s in development, X-Ray tracing, in isolated subnets', () => {
    for (const [environment, memory, timeout] of [[PlatformEnvironment.PRODUCTION, 1024, 60], [PlatformEnvironment.DEVELOPMENT, 512, 30]] as const) {
      const { template } = apiStack(environment);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'python3.11',
        Architectures: ['arm64'],
        MemorySize: memory,
        Timeout: timeout,
        TracingConfig: { Mode: 'Active' },
        VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('^ApiNetworkVpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^ApiNetworkVpcPrivateSubnet2') }] },
      });
      template.resourceCountIs('AWS::EC2::InternetGateway', 0);
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      template.resourceCountIs('AWS::ECS::Cluster', 0);
      template.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false, AvailabilityZone: 'ap-northeast-1a' });
      template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    }
  });

  test('SRV-01: the function, access, flow and WAF logs are kept 30 days and encrypted with the alerting key', () => {
    const { template } = apiStack();
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(4);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.Properties.KmsKeyId['Fn::GetAtt'][0]).toMatch(/^AlertingKey/);
    }
  });

  test('SRV-01: the function reaches DynamoDB through a gateway endpoint and Secrets Manager through an interface endpoint only it may use', () => {
    const prod = apiStack().template;
    prod.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] } });
    prod.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.ap-northeast-1.secretsmanager', PrivateDnsEnabled: true, SubnetIds: [{}, {}] });
    prod.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiSecurityGroup'), 'GroupId'] },
    });
    // One zone outside production: $10.22 a month less (examples/study-tracker/README.md).
    apiStack(PlatformEnvironment.DEVELOPMENT).template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', SubnetIds: [{}] });
  });

  test('SRV-02, EDGE-03: a regional REST API with JSON access logs, X-Ray, and a WAF web ACL with managed rules, rate limit and logging', () => {
    const { template } = apiStack();
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'api',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([Match.objectLike({ Name: 'AWSManagedRulesSQLiRuleSet' }), Match.objectLike({ Name: 'RateLimitPerIp', Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } })]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }), WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiWebAcl'), 'Arn'] },
    });
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  test('SRV-02: an HTTP API, which cannot take a WAF, is built only with webAcl: false, and still writes access logs', () => {
    const { template, api } = apiStack(PlatformEnvironment.PRODUCTION, { apiType: ServerlessApiType.HTTP, webAcl: false });
    expect(api.httpApi).toBeDefined();
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    // JSON with the status the runbooks filter on ({ $.status = "5*" }).
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default', AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
    });
  });

  test('SRV-04: the one application secret is retained, readable by the function, and passed by ARN, never by value', () => {
    const { template } = apiStack();
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { APP_SECRET_ARN: { Ref: Match.stringLikeRegexp('^ApiSecret') } } } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });

  test('SRV-01, SRV-02: alarms at the seed\'s targets, routed by severity, each with its runbook section', () => {
    const { stack, alerting, api, template } = apiStack();
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const byName = new Map(Object.values<any>(alarms).map(a => [a.Properties.AlarmName.replace('App-api-', ''), a.Properties]));
    const expected: Array<[string, number, string]> = [
      ['error-rate', 1, 'Critical'], ['throttles', 0, 'Warning'], ['concurrency-warning', 800, 'Warning'], ['concurrency-critical', 950, 'Critical'],
      ['api5xx-rate', 0.01, 'Critical'], ['latency-average', 200, 'Warning'], ['latency-p99', 1000, 'Warning'],
    ];
    expect([...byName.keys()].sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, threshold, severity] of expected) {
      const alarm = byName.get(name)!;
      expect(alarm.Threshold).toBe(threshold);
      expect(alarm.AlarmActions).toHaveLength(1);
      expect(alarm.AlarmActions[0].Ref).toMatch(new RegExp(`^AlertingAlarms${severity}`));
    }
    expect(api.alarms).toHaveLength(7);
    const sections = Runbook.of(stack).sections;
    expect(sections.filter(s => s.kind === RunbookSectionKind.ALARM)).toHaveLength(7);
    expect(sections.map(s => s.anchor)).toEqual(expect.arrayContaining(['incident-levels', 'escalation', 'serverless-api-api']));
    expect(alerting.budget).toBeDefined();
  });

  test('bad input is refused at synth with every problem named: memory and timeout outside Lambda\'s limits or below the profile\'s floor', () => {
    expect(() => apiStack(PlatformEnvironment.DEVELOPMENT, { memorySize: 64 }))
      .toThrow('App/Api: memorySize 64 must be an integer from 128 to 10240 (MiB, Lambda\'s limits)');
    expect(() => apiStack(PlatformEnvironment.DEVELOPMENT, { memorySize: 20_000, timeout: Duration.minutes(16) }))
      .toThrow(/2 problems:\n- memorySize 20000 must be an integer from 128 to 10240 .*\n- timeout 16 minutes must be from 1 second to 15 minutes/);
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { memorySize: 512, timeout: Duration.seconds(30) }))
      .toThrow(/memorySize 512 MiB is below 1024 MiB, the floor of production \(SRV-01\)\n- timeout 30 seconds is below 1 minute, the floor of production/);
    expect(() => apiStack(PlatformEnvironment.DEVELOPMENT, { timeout: Duration.seconds(0) })).toThrow(/timeout 0 seconds must be from 1 second to 15 minutes/);
    expect(() => apiStack(PlatformEnvironment.DEVELOPMENT, { memorySize: 128, timeout: Duration.seconds(3) })).not.toThrow();
  });

  test('bad input: a WAF asked for on an HTTP API, a CORS origin that is not https, thresholds out of order', () => {
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { apiType: ServerlessApiType.HTTP }))
      .toThrow(/webAcl "\(default true\)" cannot be true with apiType HTTP: API Gateway HTTP APIs cannot be associated with a WAF web ACL \(EDGE-03\)/);
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { apiType: ServerlessApiType.HTTP, webAcl: true })).toThrow(/webAcl true cannot be true with apiType HTTP/);
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { corsAllowOrigins: ['http://example.com'] }))
      .toThrow(/corsAllowOrigins\[0\] "http:\/\/example.com" must be an https:\/\/ origin/);
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { alarmThresholds: { concurrencyWarning: 960 } }))
      .toThrow(/alarmThresholds.concurrencyWarning 960 must be below alarmThresholds.concurrencyCritical \(950\)/);
    expect(() => apiStack(PlatformEnvironment.PRODUCTION, { environment: { APP_SECRET_ARN: 'x' } })).toThrow(/environment.APP_SECRET_ARN .* is reserved/);
  });

  test('alarms notify topics of their own region: an alerting of another stack is refused', () => {
    const app = new App();
    const alerting = alertingIn(new Stack(app, 'Other', { env: TOKYO }), PlatformEnvironment.DEVELOPMENT);
    expect(() => new SecureServerlessApi(new Stack(app, 'App', { env: TOKYO }), 'Api', { alerting, code: CODE, handler: 'index.handler' }))
      .toThrow(/alerting Other\/Alerting is in stack Other; alarms of stack App need a ServerlessAlerting of their own stack/);
  });
});

describe('ServerlessTable', () => {
  test('SRV-03: point-in-time recovery and a daily AWS Backup kept 35 days in production, into a vault that refuses deletions', () => {
    const { template } = tableStack();
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 17 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: { Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Sessions'), 'Arn'] }] } });
  });

  test('SRV-03: provisioned with read and write auto scaling in production, on demand in development', () => {
    const prod = tableStack().template;
    prod.hasResourceProperties('AWS::DynamoDB::Table', { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    for (const dimension of ['dynamodb:table:ReadCapacityUnits', 'dynamodb:table:WriteCapacityUnits']) {
      prod.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ScalableDimension: dimension, MinCapacity: 5, MaxCapacity: 100 });
    }
    const dev = tableStack(PlatformEnvironment.DEVELOPMENT).template;
    dev.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: false });
    dev.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('SRV-03: a throttling alarm routed as a warning, and a restore section with the recovery table', () => {
    const { stack, template } = tableStack();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'App-sessions-throttles', Threshold: 0, Metrics: Match.arrayWith([Match.objectLike({ Expression: 'reads + writes' })]) });
    const restore = Runbook.of(stack).sections.find(s => s.anchor === 'table-sessions-restore')!;
    expect(restore.table!.rows.map(r => r.cells[0].en)).toEqual(['Availability zone failure', 'Bad write or deletion', 'Table deleted, or damage found late', 'Region failure']);
  });

  test('bad input: a table without PITR in production, capacity out of order, a backup kept less than the floor', () => {
    expect(() => tableStack(PlatformEnvironment.PRODUCTION, { pointInTimeRecovery: false }))
      .toThrow('App/Sessions: pointInTimeRecovery false cannot be off in production: a bad write or deletion must be recoverable to the second (SRV-03)');
    expect(() => tableStack(PlatformEnvironment.DEVELOPMENT, { pointInTimeRecovery: false })).not.toThrow();
    expect(() => tableStack(PlatformEnvironment.PRODUCTION, { minCapacityUnits: 50, maxCapacityUnits: 10, backupRetention: Duration.days(3) }))
      .toThrow(/2 problems:\n- maxCapacityUnits 10 must be at least minCapacityUnits \(50\)\n- backupRetention 3 days is below 7 days, the floor of production \(DR-02\)/);
  });
});

describe('StaticSite', () => {
  test('SRV-02, EDGE-03: CloudFront with origin access control, HTTPS only, TLS 1.2, a 24-hour default cache and a CloudFront-scope WAF', () => {
    const { template } = siteStack();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['app.example.com'],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        ViewerCertificate: { AcmCertificateArn: { Ref: Match.stringLikeRegexp('^SiteCertificate') }, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteWebAcl'), 'Arn'] },
        PriceClass: 'PriceClass_200',
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 86400 }) });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
    });
  });

  test('SRV-04: an ACM certificate validated in the hosted zone, and alias records to the distribution', () => {
    const { template } = siteStack();
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: type, Name: 'app.example.com.', AliasTarget: Match.objectLike({ DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteDistribution'), 'DomainName'] } }),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xxErrorRate', Namespace: 'AWS/CloudFront', Threshold: 1, EvaluationPeriods: 2 });
  });

  test('bad input: a site bucket with public access or website hosting, a stack outside us-east-1, a bad domain name', () => {
    const publicBucket = (stack: Stack) => new s3.Bucket(stack, 'Public', { blockPublicAccess: new s3.BlockPublicAccess({ blockPublicPolicy: false, restrictPublicBuckets: false, blockPublicAcls: true, ignorePublicAcls: true }) });
    expect(() => siteStack({}, VIRGINIA, publicBucket))
      .toThrow(/bucket "Edge\/Public" allows public access \(blockPublicPolicy, restrictPublicBuckets not set\): use blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL/);
    const website = (stack: Stack) => new s3.Bucket(stack, 'Website', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, websiteIndexDocument: 'index.html' });
    expect(() => siteStack({}, VIRGINIA, website)).toThrow(/bucket "Edge\/Website" has S3 website hosting, a public HTTP endpoint that bypasses CloudFront/);
    expect(() => siteStack({}, TOKYO)).toThrow(/stack region "ap-northeast-1" must be us-east-1: CloudFront takes WAF web ACLs and ACM certificates only from there/);
    expect(() => siteStack({ domainName: 'App.Example.com' })).toThrow(/domainName "App.Example.com" must be a lowercase DNS name/);
    const privateBucket = (stack: Stack) => new s3.Bucket(stack, 'Private', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    expect(() => siteStack({}, VIRGINIA, privateBucket)).not.toThrow();
  });
});

describe('ServerlessAlerting', () => {
  test('SRV-04: a monthly budget alerting the warning topic at 80 % and the critical topic at 110 %, filtered by the application\'s cost tag', () => {
    const stack = new Stack(new App(), 'App', { env: TOKYO });
    new ServerlessAlerting(stack, 'Alerting', { environment: PlatformEnvironment.PRODUCTION, notifications: { criticalEmails: ['oncall@example.com'] }, monthlyBudgetUsd: 60 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 60, Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:tenant-platform$App-Alerting'] } }),
      NotificationsWithSubscribers: [
        { Notification: Match.objectLike({ Threshold: 80 }), Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^AlertingAlarmsWarning') } }] },
        { Notification: Match.objectLike({ Threshold: 110 }), Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: Match.stringLikeRegexp('^AlertingAlarmsCritical') } }] },
      ],
    });
  });

  test('bad input: production without a critical subscriber, a budget on an alerting without one, a stack included in no budget', () => {
    const stack = new Stack(new App(), 'App', { env: TOKYO });
    expect(() => new ServerlessAlerting(stack, 'A', { environment: PlatformEnvironment.PRODUCTION, notifications: {} }))
      .toThrow(/must give critical alarms at least one subscriber/);
    expect(() => new ServerlessAlerting(stack, 'B', { environment: PlatformEnvironment.DEVELOPMENT, notifications: {}, budget: false, monthlyBudgetUsd: 5 }))
      .toThrow('App/B: monthlyBudgetUsd 5 is set, but budget is false: give the budget to the alerting that owns it');
    expect(() => new ServerlessAlerting(stack, 'D', {
      environment: PlatformEnvironment.DEVELOPMENT, notifications: {}, runbookBaseUrl: 'runbooks.example.com', budget: false, monthlyBudgetUsd: 5,
    })).toThrow(/^App\/D: 2 problems:\n- runbookBaseUrl "runbooks.example.com" must match .* \(an http\(s\) address\)\n- monthlyBudgetUsd 5 is set, but budget is false/);
    const noBudget = new ServerlessAlerting(stack, 'C', { environment: PlatformEnvironment.DEVELOPMENT, notifications: {}, budget: false });
    expect(() => noBudget.includeInBudget(new Stack(stack.node.root as App, 'Site', { env: VIRGINIA })))
      .toThrow('App/C has no budget (budget: false); include Site in the budget of the alerting that owns it');
  });
});
