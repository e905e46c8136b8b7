import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AlarmSeverity, DatadogSite, EnvironmentProfiles, PlatformEnvironment, TenantPlatform } from '../../src';
import { DATADOG_API_KEY_SECRET_ARN, DATADOG_SECRET_ARN, datadogPlatform } from '../support/datadog-platform';
import { newApp, synthWithPlugins } from '../support/policy';
import { alarmsWithoutRunbookSection } from '../support/runbooks';

const PRODUCTION = EnvironmentProfiles.of(PlatformEnvironment.PRODUCTION);

/** A production platform reporting to Datadog `site`, with VPC flow log forwarding on. */
function forwarding(site = DatadogSite.AP1, app = new App()) {
  return datadogPlatform({}, app, site, { vpcFlowLogForwarding: true });
}

function ref(platform: TenantPlatform, construct: { node: any }): { Ref: string } {
  return { Ref: Stack.of(platform).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement) };
}

function arnOf(platform: TenantPlatform, construct: { node: any }): { 'Fn::GetAtt': string[] } {
  return { 'Fn::GetAtt': [ref(platform, construct).Ref, 'Arn'] };
}

function onlyResource(template: Template, type: string): any {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe('NET-03/LOG-03: VPC flow logs forwarded to Datadog (vpcFlowLogForwarding on)', () => {
  const { platform, stack } = forwarding();
  const template = Template.fromStack(stack);
  const stream = () => onlyResource(template, 'AWS::KinesisFirehose::DeliveryStream');
  const bucketLogicalId = () => Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } }))[0];

  test('NET-03/LOG-03: a subscription filter puts every flow log record into the Firehose stream', () => {
    const filter = onlyResource(template, 'AWS::Logs::SubscriptionFilter').Properties;
    expect(filter.LogGroupName).toEqual(ref(platform, platform.flowLogGroup));
    expect(filter.FilterPattern).toBe('');
    expect(filter.DestinationArn).toEqual({ 'Fn::GetAtt': [Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0], 'Arn'] });
  });

  test('NET-03/LOG-03: the stream posts to the site\'s Datadog Firehose intake, encrypted with the platform key', () => {
    const props = stream().Properties;
    expect(props.DeliveryStreamType).toBe('DirectPut');
    expect(props.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: arnOf(platform, platform.encryptionKey) });
    expect(props.HttpEndpointDestinationConfiguration.EndpointConfiguration.Url)
      .toBe('https://aws-kinesis-http-intake.logs.ap1.datadoghq.com/api/v2/logs?dd-protocol=aws-kinesis-firehose');
    expect(props.HttpEndpointDestinationConfiguration.RequestConfiguration.ContentEncoding).toBe('GZIP');
  });

  test('NET-03/LOG-03: the intake follows the platform\'s site', () => {
    const eu = Template.fromStack(forwarding(DatadogSite.EU1).stack);
    const props = onlyResource(eu, 'AWS::KinesisFirehose::DeliveryStream').Properties;
    expect(props.HttpEndpointDestinationConfiguration.EndpointConfiguration.Url)
      .toBe('https://aws-kinesis-http-intake.logs.datadoghq.eu/api/v2/logs?dd-protocol=aws-kinesis-firehose');
  });

  test('ECS-05/LOG-03: Firehose reads the API key from the API-key-only secret, never the application key; no key or secret value is in the template', () => {
    const destination = stream().Properties.HttpEndpointDestinationConfiguration;
    expect(destination.SecretsManagerConfiguration).toEqual({ Enabled: true, SecretARN: DATADOG_API_KEY_SECRET_ARN, RoleARN: destination.RoleARN });
    expect(destination.EndpointConfiguration.AccessKey).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager|AccessKey/);
    const role = destination.RoleARN['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: DATADOG_API_KEY_SECRET_ARN })]) },
    });
    const firehosePolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter(p => p.Properties.Roles[0].Ref === role);
    expect(JSON.stringify(firehosePolicies)).not.toContain(DATADOG_SECRET_ARN);
  });

  test('LOG-01/DR-06: failed deliveries go to a retained, KMS-encrypted, SSL-only, private bucket kept as long as the flow logs', () => {
    const destination = stream().Properties.HttpEndpointDestinationConfiguration;
    expect(destination.S3BackupMode).toBe('FailedDataOnly');
    const id = bucketLogicalId();
    expect(destination.S3Configuration.BucketARN).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(destination.S3Configuration.EncryptionConfiguration)
      .toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: arnOf(platform, platform.encryptionKey) } });
    const bucket = template.toJSON().Resources[id];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault)
      .toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(platform, platform.encryptionKey) });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: ref(platform, platform.accessLogBucket), LogFilePrefix: 'flow-log-forwarding/Shared/' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(platform, platform.accessLogBucket),
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } } },
        })]),
      },
    });
    // Versioned (Control Tower CT.S3.PR.11); noncurrent versions expire with the current ones.
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([{
      ExpirationInDays: PRODUCTION.logRetention, NoncurrentVersionExpiration: { NoncurrentDays: PRODUCTION.logRetention }, Status: 'Enabled',
    }]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('LOG-01/LOG-02: Firehose logs its delivery errors to a retained, encrypted log group with the error-log retention', () => {
    const destination = stream().Properties.HttpEndpointDestinationConfiguration;
    const groupId = destination.CloudWatchLoggingOptions.LogGroupName.Ref;
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
    const group = template.toJSON().Resources[groupId];
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.Properties).toMatchObject({ RetentionInDays: PRODUCTION.errorLogRetention, KmsKeyId: arnOf(platform, platform.encryptionKey) });
  });

  test('least privilege: CloudWatch Logs may only put records into this stream; Firehose only reaches its bucket, key, log streams and secret', () => {
    const streamArn = { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0], 'Arn'] };
    const subscriptionRole = onlyResource(template, 'AWS::Logs::SubscriptionFilter').Properties.RoleArn['Fn::GetAtt'][0];
    const policyOf = (role: string) => Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(policyOf(subscriptionRole)).toEqual([{ Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Effect: 'Allow', Resource: streamArn }]);
    const deliveryRole = stream().Properties.HttpEndpointDestinationConfiguration.RoleARN['Fn::GetAtt'][0];
    const actions = policyOf(deliveryRole).flatMap((s: any) => [s.Action].flat());
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
    expect(actions.sort()).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey', 'logs:PutLogEvents',
      's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
      'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
    ]);
    expect(template.toJSON().Resources[deliveryRole].Properties.AssumeRolePolicyDocument.Statement[0].Condition)
      .toEqual({ StringEquals: { 'sts:ExternalId': '123456789012' } });
  });

  test('MON-02/MON-08/LOG-03: a warning alarm fires when deliveries to Datadog fail in three 5-minute periods in a row, linking its runbook section', () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'DeliveryToHttpEndpoint.Success' } }));
    expect(alarm).toHaveLength(1);
    const props = (alarm[0] as any).Properties;
    expect(props).toMatchObject({
      AlarmName: 'Shared-platform-flow-log-forwarding-failing',
      Namespace: 'AWS/Firehose',
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0] } }],
    });
    expect(props.AlarmDescription).toMatch(/^WARNING \[LOG-03\] .*Runbook: .*#alarm-platform-flow-log-forwarding-failing$/);
    expect(props.AlarmActions).toEqual([ref(platform, platform.alarmTopic(AlarmSeverity.WARNING))]);
    expect(platform.alarms.map(a => a.node.id)).toContain('FlowLogForwardingFailing');
  });
});

test('NET-03/LOG-03: without vpcFlowLogForwarding (the default) the flow logs stay in CloudWatch only', () => {
  const template = Template.fromStack(datadogPlatform().stack);
  template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
  template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
  template.resourceCountIs('AWS::EC2::FlowLog', 1);
});

test('NET-03/LOG-03: a custom API URL site is refused at synth, naming the prop and the way out', () => {
  expect(() => forwarding(DatadogSite.fromApiUrl('https://datadog-proxy.internal')))
    .toThrow(/Shared\/Platform: platform datadog.site "https:\/\/datadog-proxy.internal" is a custom API URL: Amazon Data Firehose needs a Datadog site .*set datadog.vpcFlowLogForwarding to false/);
});

test('NET-03/LOG-03: forwarding passes TenantPlatformChecks and AwsSolutionsChecks with no unacknowledged error, and its alarm has a runbook section', () => {
  const app = newApp();
  forwarding(DatadogSite.AP1, app);
  const { error, report, outdir } = synthWithPlugins(app, undefined, new AwsSolutionsChecks(app));
  const errors = (report?.pluginReports ?? []).flatMap(p => p.violations).filter(v => v.severity === 'error')
    .map(v => `${v.ruleName}: ${v.violatingConstructs.map(c => c.constructPath).join(', ')}`);
  expect(errors).toEqual([]);
  expect(error).toBeUndefined();
  expect(alarmsWithoutRunbookSection(outdir)).toEqual([]);
});
