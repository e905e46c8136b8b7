import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MonitoredDatabase } from '../../src';
import { database, platformStack } from '../support/platform';

const signalOf = ({ Namespace, MetricName, Dimensions, Statistic, Period }: any) => ({ Namespace, MetricName, Dimensions, Statistic, Period });

function alarmNamed(stack: Stack, name: string): any {
  const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).find(a => a.Properties.AlarmName === name);
  if (!alarm) throw new Error(`no alarm ${name}`);
  return alarm.Properties;
}

describe('MonitoredDatabase metric*(): the signals its DB-06 alarms watch', () => {
  const { platform, stack } = platformStack();
  const db = database(platform);
  const tenantStack = new Stack(stack.node.root, 'Tenant-acme', { env: stack.environment === undefined ? undefined : { account: stack.account, region: stack.region } });
  const mine = (metric: cloudwatch.Metric, id: string) => metric.createAlarm(tenantStack, id, { threshold: 1, evaluationPeriods: 1, alarmName: id });
  mine(db.metricCPUUtilization(), 'Mine-metricCPUUtilization');
  mine(db.metricDatabaseConnections(), 'Mine-metricDatabaseConnections');
  mine(db.metricFreeStorageSpace(), 'Mine-metricFreeStorageSpace');
  mine(db.metricFreeableMemory({ period: Duration.minutes(5) }), 'Memory');
  const library = (suffix: string) => alarmNamed(stack, `Shared-database-${suffix}`);

  test.each([
    ['metricCPUUtilization', 'cpu-warning', 'CPUUtilization', 'Average'],
    ['metricDatabaseConnections', 'connections-warning', 'DatabaseConnections', 'Maximum'],
    ['metricFreeStorageSpace', 'free-storage-warning', 'FreeStorageSpace', 'Minimum'],
  ] as const)('%s is the %s alarm\'s signal: AWS/RDS %s, %s per minute, by the literal instance identifier', (method, alarm, metricName, statistic) => {
    const created = alarmNamed(tenantStack, `Mine-${method}`);
    expect(signalOf(created)).toEqual(signalOf(library(alarm)));
    expect(signalOf(created)).toEqual({
      Namespace: 'AWS/RDS',
      MetricName: metricName,
      Statistic: statistic,
      Period: 60,
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'shared-database' }],
    });
  });

  test('an alarm in a tenant stack on the database\'s metrics adds no cross-stack reference, so the shared stack does not change', () => {
    // CDK names the exports it adds for a cross-stack reference ExportsOutput...; the database's own shared values are Export<key>.
    expect(Object.keys(Template.fromStack(stack).toJSON().Outputs ?? {}).filter(name => name.startsWith('ExportsOutput'))).toEqual([]);
    expect(alarmNamed(tenantStack, 'Memory')).toMatchObject({ MetricName: 'FreeableMemory', Statistic: 'Minimum', Period: 300 });
  });
});

describe('MonitoredDatabase connections', () => {
  test('NET-04: the database allows nothing until connections opens its default port 5432 to a peer', () => {
    const { platform, stack } = platformStack();
    const db = database(platform);
    const bastion = new ec2.SecurityGroup(stack, 'Bastion', { vpc: platform.vpc });
    new ec2.SecurityGroup(stack, 'Auditor', { vpc: platform.vpc });
    db.connections.allowDefaultPortFrom(bastion, 'operators');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bastion'), 'GroupId'] },
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseSecurityGroup'), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      Description: 'operators',
    });
    // A security group that was not allowed gets no rule.
    expect(template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Auditor'), 'GroupId'] } },
    })).toEqual({});
    expect(db.connections.defaultPort?.toString()).toBe('5432');
  });
});

describe('MonitoredDatabase.grantConnect', () => {
  const arn = (resourceId: unknown, user: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds-db:ap-northeast-1:123456789012:dbuser:', resourceId, `/${user}`]],
  });

  test('DB-05: rds-db:connect as one role on this instance only, in the same stack and from another stack', () => {
    const { platform, stack } = platformStack();
    const db = database(platform);
    const reporting = new iam.Role(stack, 'Reporting', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const grant = db.grantConnect(reporting, 'reporting');
    const other = new Stack(stack.node.root, 'Jobs', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    const job = new iam.Role(other, 'Job', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    db.grantConnect(job, 'tenant_acme');
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reporting') }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'rds-db:connect', Resource: arn({ 'Fn::GetAtt': [Match.stringLikeRegexp('^Database'), 'DbiResourceId'] }, 'reporting') }] },
    });
    Template.fromStack(other).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'rds-db:connect', Resource: arn({ 'Fn::ImportValue': 'Shared-Database-ResourceId' }, 'tenant_acme') }] },
    });
  });

  test('a wildcard or a path instead of one role name is refused, naming the value', () => {
    const { platform, stack } = platformStack();
    const db: MonitoredDatabase = database(platform);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => db.grantConnect(role, '*')).toThrow('Shared/Database: dbUser "*" must match');
    expect(() => db.grantConnect(role, 'tenant_*')).toThrow(/dbUser "tenant_\*" must match .* \(one PostgreSQL role name, without wildcards\)/);
    expect(() => db.grantConnect(role, 'a/b')).toThrow(/dbUser "a\/b"/);
  });
});
