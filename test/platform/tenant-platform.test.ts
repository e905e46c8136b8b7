import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PlatformEnvironment } from '../../src';
import { platformStack } from '../support/platform';

const PAGERDUTY_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:platform/pagerduty-MnOpQr';

describe('TenantPlatform in the production profile', () => {
  const { stack, platform } = platformStack(shared => ({
    notifications: {
      criticalEmails: ['oncall@example.com'],
      warningEmails: ['team@example.com'],
      pagerDutyEndpointSecret: secretsmanager.Secret.fromSecretCompleteArn(shared, 'PagerDuty', PAGERDUTY_SECRET_ARN),
      pagerDutyEndpointSecretField: 'endpoint',
      slackWorkspaceId: 'T0123ABCD',
      criticalSlackChannelId: 'C0ALERTS1',
      warningSlackChannelId: 'C0ALERTS1',
      infoSlackChannelId: 'C0MONITOR',
    },
  }));
  const template = Template.fromStack(stack);

  test('NET-01: tasks and databases get private subnets; no subnet assigns public IPs', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    expect(Object.keys(subnets)).toHaveLength(6);
    for (const subnet of Object.values(subnets)) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    const tags = Object.values(subnets).map(s => s.Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-type').Value);
    expect(tags.sort()).toEqual(['Isolated', 'Isolated', 'Private', 'Private', 'Public', 'Public']);
  });

  test('NET-02: the VPC is 10.0.0.0/16 over ap-northeast-1a and 1c with a NAT gateway per AZ', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    const azs = Object.values(template.findResources('AWS::EC2::Subnet')).map(s => s.Properties.AvailabilityZone);
    expect(new Set(azs)).toEqual(new Set(['ap-northeast-1a', 'ap-northeast-1c']));
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('NET-03: VPC flow logs of all traffic go to an encrypted log group with the profile retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 90,
      KmsKeyId: Match.anyValue(),
    });
    expect(platform.flowLogGroup).toBeDefined();
  });

  test('NET-04: the ALB security group only admits 443 and 80 from the internet', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('ALB shard 1') } });
    const [alb] = Object.values(groups);
    expect(alb.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([
      ['0.0.0.0/0', 443, 443],
      ['0.0.0.0/0', 80, 80],
    ]);
  });

  test('ECS-01: the cluster has Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });

  test('EDGE-01: HTTPS with the certificate on 443, port 80 only redirects to 443', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:') }],
      DefaultActions: [Match.objectLike({ Type: 'fixed-response' })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
  });

  test('EDGE-02: TLS 1.2+ policy, invalid headers dropped, deletion protection, access logs', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    const attrs = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0].Properties.LoadBalancerAttributes;
    const attr = (key: string) => attrs.find((a: any) => a.Key === key)?.Value;
    expect(attr('routing.http.drop_invalid_header_fields.enabled')).toBe('true');
    expect(attr('deletion_protection.enabled')).toBe('true');
    expect(attr('access_logs.s3.enabled')).toBe('true');
  });

  test('EDGE-02, DR-06: the access-log bucket is encrypted, SSL-only, private and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('EDGE-03: WAF with the common, SQLi and known-bad-inputs groups, a rate rule, logging, on every ALB', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    expect(acl.Scope).toBe('REGIONAL');
    const groups = acl.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement).map((r: any) => r.Statement.ManagedRuleGroupStatement.Name);
    expect(groups).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    expect(acl.Rules.find((r: any) => r.Statement.RateBasedStatement).Statement.RateBasedStatement).toEqual({ Limit: 2000, AggregateKeyType: 'IP' });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { LogDestinationConfigs: [Match.anyValue()] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-Shared' });
  });

  test('LOG-02: every platform log group is encrypted with the rotated platform key', () => {
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('MON-02: one encrypted, SSL-only topic per severity with email, PagerDuty and Slack subscribers', () => {
    template.resourceCountIs('AWS::SNS::Topic', 3);
    for (const topic of Object.values(template.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    }
    template.resourceCountIs('AWS::SNS::TopicPolicy', 3);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'team@example.com' });
    // PagerDuty's endpoint holds its integration key: a dynamic reference CloudFormation resolves, never the URL (MON-02).
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: `{{resolve:secretsmanager:${PAGERDUTY_SECRET_ARN}:SecretString:endpoint::}}` });
    // One Chatbot configuration per channel: #alerts gets critical and warning, #monitoring info.
    const chatbot = Object.values(template.findResources('AWS::Chatbot::SlackChannelConfiguration')).map(c => c.Properties);
    expect(chatbot.map(c => [c.SlackChannelId, c.SnsTopicArns.length]).sort()).toEqual([['C0ALERTS1', 2], ['C0MONITOR', 1]]);
  });

  test('MON-02: every platform alarm notifies the topic of its severity and links its runbook', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.AlarmDescription).toMatch(/^(CRITICAL|WARNING|INFO) \[[A-Z]+-\d+\] .+ Runbook: runbooks\/en\/Shared\.md#alarm-/);
    }
  });

  test('ECS-07: tenants of the platform read their values from SSM parameters created with the platform; the older exports stay', () => {
    const parameters = Object.values(template.findResources('AWS::SSM::Parameter')).map(p => p.Properties);
    expect(parameters).toEqual(expect.arrayContaining(['VpcId', 'ClusterName', 'Shard1ListenerArn', 'TopicCriticalArn']
      .map(key => expect.objectContaining({ Name: `/cdk-tenant-platform/Shared-Platform/${key}`, Type: 'String' }))));
    const outputs = template.findOutputs('*');
    const names = Object.values(outputs).map(o => o.Export.Name);
    expect(names).toEqual(expect.arrayContaining(['Shared-Platform-VpcId', 'Shared-Platform-ClusterName', 'Shared-Platform-Shard1ListenerArn',
      'Shared-Platform-TopicCriticalArn']));
  });
});

describe('TenantPlatform profiles (ECS-07)', () => {
  test('DEVELOPMENT: one NAT gateway, 7-day logs, no deletion protection, HTTP without a certificate', () => {
    const { stack } = platformStack({ environment: PlatformEnvironment.DEVELOPMENT });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'fixed-response' })] });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    const attrs = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0].Properties.LoadBalancerAttributes;
    expect(attrs.find((a: any) => a.Key === 'deletion_protection.enabled').Value).toBe('false');
  });

  test('props override profile defaults: log retention, NAT gateways, WAF rate limit, shards', () => {
    const { stack, platform } = platformStack({
      logRetention: logs.RetentionDays.ONE_YEAR, natGateways: 1, wafRateLimit: 500, loadBalancerShards: 2,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 2);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    expect(platform.loadBalancerShardCount).toBe(2);
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    expect(acl.Rules.find((r: any) => r.Statement.RateBasedStatement).Statement.RateBasedStatement.Limit).toBe(500);
  });
});

describe('TenantPlatform bad input fails at synth', () => {
  test.each([
    [{ certificate: undefined }, /Platform: certificate undefined is required in production: the load balancers must serve HTTPS \(EDGE-01\)/],
    [{ logRetention: logs.RetentionDays.TWO_WEEKS }, /logRetention 14 days is below the 30-day floor of production \(LOG-01\)/],
    [{ loadBalancerShards: 0 }, /loadBalancerShards 0 must be an integer from 1 to 20/],
    [{ vpcCidr: '10.0.0.0/8' }, /vpcCidr "10.0.0.0\/8" must match .* \(an IPv4 CIDR from \/16 to \/24\)/],
    [{ availabilityZones: ['ap-northeast-1a'] }, /availabilityZones \["ap-northeast-1a"\] must name at least two zones \(NET-02\)/],
    [{ natGateways: 3 }, /natGateways 3 must be an integer from 1 to 2/],
    [{ notifications: {} }, /notifications "\{\}" must give critical alarms at least one subscriber .* in production \(MON-02\)/],
    [{ notifications: { criticalEmails: ['not-an-email'] } }, /notifications.criticalEmails "not-an-email" must match .* \(an email address\)/],
    [{ notifications: { criticalEmails: ['a@b.co'], criticalSlackChannelId: 'C0ALERTS1' } }, /notifications.slackWorkspaceId undefined is required with notifications.criticalSlackChannelId/],
    [{ notifications: { criticalEmails: ['oncall@example.com'], pagerDutyEndpointSecretField: 'url' } }, /notifications.pagerDutyEndpointSecretField "url" needs notifications.pagerDutyEndpointSecret/],
  ])('%j', (overrides, message) => {
    expect(() => platformStack(overrides as any)).toThrow(message);
  });

  test('ECS-07: every bad prop is named in one error, thrown before the platform builds anything', () => {
    const app = new App();
    expect(() => platformStack({
      certificate: undefined, logRetention: logs.RetentionDays.TWO_WEEKS, vpcCidr: '10.0.0.0/8', wafRateLimit: 10, platformName: 'a/b', notifications: {},
    }, app)).toThrow(new RegExp('^Shared/Platform: 6 problems:\n' +
      '- platformName "a/b" must match .*\n' +
      '- certificate undefined is required in production: the load balancers must serve HTTPS \\(EDGE-01\\)\n' +
      '- logRetention 14 days is below the 30-day floor of production \\(LOG-01\\)\n' +
      '- wafRateLimit 10 must be an integer from 100 to 2000000000\n' +
      '- vpcCidr "10.0.0.0/8" must match .* \\(an IPv4 CIDR from /16 to /24\\)\n' +
      '- notifications "\\{\\}" must give critical alarms at least one subscriber .* in production \\(MON-02\\)$'));
    expect(app.node.findChild('Shared').node.findChild('Platform').node.children).toEqual([]);
  });

  test('a development platform may omit the certificate, and says so', () => {
    const { platform } = platformStack({ environment: PlatformEnvironment.DEVELOPMENT });
    expect(platform.httpsEnabled).toBe(false);
  });
});

describe('TenantPlatform with Datadog', () => {
  test('MON-05: the credentials are exported for tenant stacks; handles are validated', () => {
    const app = new App();
    const stack = new Stack(app, 'Keys', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const credentials = secretsmanager.Secret.fromSecretNameV2(stack, 'Datadog', 'saas/datadog');
    const apiKeySecret = secretsmanager.Secret.fromSecretNameV2(stack, 'DatadogApiKey', 'saas/datadog-api-key');
    const { stack: shared, platform } = platformStack({ datadog: { credentials, apiKeySecret } }, app);
    expect(platform.datadogEnabled).toBe(true);
    expect(Object.values(Template.fromStack(shared).findOutputs('*')).map(o => o.Export.Name))
      .toEqual(expect.arrayContaining(['Shared-Platform-DatadogCredentialsArn', 'Shared-Platform-DatadogApiKeySecretArn']));
    expect(() => platformStack({ datadog: { credentials, apiKeySecret: credentials } }, new App()))
      .toThrow(/datadog.apiKeySecret ".*" is the credentials secret; accepted: a separate secret holding only the API key \(\{"apiKey": "..."\}\), so agents, log routers and Firehose never read the application key/);
    const sameArn = secretsmanager.Secret.fromSecretNameV2(stack, 'SameDatadog', 'saas/datadog');
    expect(() => platformStack({ datadog: { credentials, apiKeySecret: sameArn } }, new App())).toThrow(/datadog.apiKeySecret .* is the credentials secret/);
    expect(() => platformStack({ datadog: { credentials, apiKeySecret, criticalHandles: ['pagerduty'] } }, new App()))
      .toThrow(/datadog.criticalHandles "pagerduty" must match .* \(a Datadog notification handle such as @slack-alerts\)/);
  });
});
