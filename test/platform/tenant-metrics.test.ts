import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureTenantService, TenantDatabaseAuthentication, TenantDeployment } from '../../src';
import { database, platformStack, readsParameter, sharedParameter, tenant } from '../support/platform';

/** What identifies the signal an alarm watches: namespace, name, dimensions, statistic and period (or its metric-math metrics). */
function signalOf(alarm: any): unknown {
  const { Namespace, MetricName, Dimensions, Statistic, ExtendedStatistic, Period, Metrics } = alarm;
  return { Namespace, MetricName, Dimensions, Statistic, ExtendedStatistic, Period, Metrics };
}

/** Alarms of `template` by name. */
function alarmNamed(template: Template, name: string): any {
  const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(a => a.Properties.AlarmName === name);
  if (!alarm) throw new Error(`no alarm ${name}`);
  return alarm.Properties;
}

/** Creates an alarm named `id` on `metric` in `tenant`'s stack; read it with `alarmNamed` once the stack is synthesized. */
function alarmOn(tenantService: SecureTenantService, metric: cloudwatch.IMetric, id: string): string {
  if (!(metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression)) throw new Error(`${id}: not a metric an alarm can be created from`);
  metric.createAlarm(Stack.of(tenantService), id, { threshold: 1, evaluationPeriods: 1, alarmName: id });
  return id;
}

describe('SecureTenantService metric*(): the signals its own alarms watch', () => {
  const { platform } = platformStack();
  const service = tenant(platform, 'acme', { dashboard: true });
  const created = [
    alarmOn(service, service.metricHttp5xxCount(), 'Mine5xx'),
    alarmOn(service, service.metricTargetResponseTime(), 'MineLatency'),
    alarmOn(service, service.metricRequestCount({ period: Duration.minutes(5) }), 'MineRequests'),
    alarmOn(service, service.metricRunningTaskCount(), 'MineTasks'),
    alarmOn(service, service.metricHttp5xxCount({ statistic: 'Maximum', period: Duration.minutes(5) }), 'MineMax'),
  ];
  const template = Template.fromStack(Stack.of(service));
  const library = (suffix: string) => alarmNamed(template, `Tenant-acme-service-${suffix}`);
  const mineAlarm = (id: string) => alarmNamed(template, created[created.indexOf(id)]);

  test('metricHttp5xxCount is the MON-01 5XX alarm\'s HTTPCode_Target_5XX_Count: Sum per minute of the tenant\'s target group on its shard', () => {
    const mine = mineAlarm('Mine5xx');
    expect(signalOf(mine)).toEqual(signalOf(library('http5xx')));
    expect(mine).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      Dimensions: [
        { Name: 'LoadBalancer', Value: readsParameter(template, sharedParameter('Shard1FullName')) },
        { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceTargetGroup/), 'TargetGroupFullName'] } },
      ],
    });
  });

  test('metricTargetResponseTime is the MON-01 P99 latency alarm\'s TargetResponseTime p99 per minute', () => {
    const mine = mineAlarm('MineLatency');
    expect(signalOf(mine)).toEqual(signalOf(library('latency-p99-warning')));
    expect(mine).toMatchObject({ MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Period: 60 });
  });

  test('metricRequestCount over 5 minutes is the request count inside the MON-01 error-rate alarm', () => {
    const mine = mineAlarm('MineRequests');
    const requests = library('error-rate-warning').Metrics.find((m: any) => m.Id === 'requests').MetricStat;
    expect({ Namespace: mine.Namespace, MetricName: mine.MetricName, Dimensions: mine.Dimensions, Stat: mine.Statistic, Period: mine.Period })
      .toEqual({ ...requests.Metric, Stat: requests.Stat, Period: requests.Period });
    expect(requests).toMatchObject({ Metric: { MetricName: 'RequestCount' }, Stat: 'Sum', Period: 300 });
  });

  test('metricRunningTaskCount is the RunningTaskCount the tenant dashboard graphs: Container Insights, average per minute', () => {
    const mine = mineAlarm('MineTasks');
    expect(mine).toMatchObject({
      Namespace: 'ECS/ContainerInsights',
      MetricName: 'RunningTaskCount',
      Statistic: 'Average',
      Period: 60,
      Dimensions: [
        { Name: 'ClusterName', Value: readsParameter(template, sharedParameter('ClusterName')) },
        { Name: 'ServiceName', Value: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceService/), 'Name'] } },
      ],
    });
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    const serviceName = JSON.stringify(mine.Dimensions[1].Value);
    expect(body).toContain('[\\"ECS/ContainerInsights\\",\\"RunningTaskCount\\",\\"ClusterName\\",\\"');
    expect(body).toContain(serviceName);
  });

  test('options override the defaults: statistic and period', () => {
    const mine = mineAlarm('MineMax');
    expect(mine).toMatchObject({ MetricName: 'HTTPCode_Target_5XX_Count', Statistic: 'Maximum', Period: 300 });
  });
});

describe('SecureTenantService metric*() with blue/green: both target groups, as its alarms combine them', () => {
  const { platform } = platformStack();
  const service = tenant(platform, 'acme', { deployment: TenantDeployment.blueGreen() });
  alarmOn(service, service.metricHttp5xxCount(), 'Mine5xx');
  alarmOn(service, service.metricTargetResponseTime(), 'MineLatency');
  const template = Template.fromStack(Stack.of(service));
  const library = (suffix: string) => alarmNamed(template, `Tenant-acme-service-${suffix}`);

  test('the 5XX count sums blue and green, the response time takes the larger, exactly as the library\'s alarms', () => {
    const fivexx = alarmNamed(template, 'Mine5xx');
    expect(fivexx.Metrics).toEqual(library('http5xx').Metrics);
    expect(fivexx.Metrics[0].Expression).toBe('FILL(httpcodetarget5xxcount_0, 0) + FILL(httpcodetarget5xxcount_1, 0)');
    const latency = alarmNamed(template, 'MineLatency');
    expect(latency.Metrics).toEqual(library('latency-p99-warning').Metrics);
    expect(latency.Metrics[0].Expression).toBe('MAX([targetresponsetime_0, targetresponsetime_1])');
  });
});

describe('SecureTenantService connections', () => {
  test('NET-04: only the ALB shard reaches the tasks until connections allows more, on the container port by default', () => {
    const { platform } = platformStack();
    const service = tenant(platform, 'acme', { containerPort: 3000 });
    const unchanged = tenant(platform, 'other', { containerPort: 3000 });
    const stack = Stack.of(service);
    service.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.20.0.0/16'), 'office VPN');
    const monitoring = new ec2.SecurityGroup(stack, 'Monitoring', { vpc: service.service.cluster.vpc });
    service.connections.allowFrom(monitoring, ec2.Port.tcp(9090), 'metrics scraper');
    const ingressOf = (s: SecureTenantService) => Object.values(Template.fromStack(Stack.of(s))
      .findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Tenant ') } }))[0].Properties.SecurityGroupIngress;
    const fromShardOf = (s: SecureTenantService) => expect.objectContaining({
      FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: readsParameter(Template.fromStack(Stack.of(s)), sharedParameter('Shard1SecurityGroupId')),
    });

    expect(ingressOf(unchanged)).toEqual([fromShardOf(unchanged)]);
    expect(ingressOf(service)).toEqual([fromShardOf(service), expect.objectContaining({ CidrIp: '10.20.0.0/16', FromPort: 3000, ToPort: 3000, Description: 'office VPN' })]);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Monitoring'), 'GroupId'] },
      FromPort: 9090,
      ToPort: 9090,
      IpProtocol: 'tcp',
      Description: 'metrics scraper',
    });
  });
});

describe('SecureTenantService.grantDatabaseConnect', () => {
  test('DB-05: another principal may connect as this tenant\'s role only: rds-db:connect on dbuser:*/tenant_acme (any instance id, so a restore keeps it)', () => {
    const { platform } = platformStack();
    const db = database(platform);
    const service = tenant(platform, 'acme', { database: db });
    const stack = Stack.of(service);
    const migrations = new iam.Role(stack, 'Migrations', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    service.grantDatabaseConnect(migrations);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Migrations') }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:ap-northeast-1:123456789012:dbuser:*/tenant_acme']] },
        }],
      },
    });
  });

  test('a tenant without a database, or with password authentication, says what it needs', () => {
    const { platform } = platformStack();
    const db = database(platform);
    const role = (s: SecureTenantService) => new iam.Role(Stack.of(s), 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    const plain = tenant(platform, 'plain');
    expect(() => plain.grantDatabaseConnect(role(plain))).toThrow(/Tenant-plain\/Service: grantDatabaseConnect needs the tenant's database/);
    const password = tenant(platform, 'pw', { database: db, databaseAuthentication: TenantDatabaseAuthentication.PASSWORD });
    expect(() => password.grantDatabaseConnect(role(password))).toThrow(/needs databaseAuthentication IAM, got PASSWORD; grant read of databaseIdentity.passwordSecret instead/);
  });
});
