import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import {
  DatadogCompositeMonitor, DatadogDowntime, DatadogDowntimeSchedule, DatadogMonitor, DatadogMonitorType, DatadogSite, DatadogSlo,
  DatadogSyntheticsApiTest, EnvironmentProfiles, PlatformEnvironment,
} from '../../../src';
import { parseDefinition } from '../../../src/monitoring/datadog/model/desired-resource';
import { addMonitors } from '../../support/datadog-app';
import { datadogStack } from '../../support/datadog-fixtures';

const cpuProps = (critical = 85) => ({
  type: DatadogMonitorType.METRIC_ALERT,
  name: 'CPU high',
  query: `avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform} > ${critical}`,
  message: 'CPU is high @slack-ops',
  thresholds: { critical },
});

function definitions(stack: Stack) {
  return Object.values(Template.fromStack(stack).findResources('Custom::DatadogMonitor'))
    .map((r: any) => parseDefinition(r.Properties.Definition));
}

describe('MON-04: monitor definitions are validated at synth, naming the construct path', () => {
  test.each([
    ['a warning above critical for ">"', { thresholds: { critical: 85, warning: 90 } }, /PlatformMonitors\/Cpu: options.thresholds.warning 90 must be below critical 85 for ">"/],
    ['a warning below critical for "<"', {
      query: 'avg(last_5m):avg:aws.ecs.runningtaskcount{service:web} < 2', thresholds: { critical: 2, warning: 1 },
    }, /options.thresholds.warning 1 must be above critical 2 for "<"/],
    ['a critical recovery beyond critical', { thresholds: { critical: 85, criticalRecovery: 90 } }, /critical_recovery 90 must be below critical 85/],
    ['a warning recovery without a warning', { thresholds: { critical: 85, warningRecovery: 60 } }, /warning_recovery needs a warning threshold/],
    ['a critical threshold that differs from the query', { thresholds: { critical: 80 } }, /critical 80 must equal the query threshold 85/],
    ['a threshold query without thresholds', { thresholds: undefined }, /options.thresholds.critical is required/],
    ['a metric query without an evaluation window', { query: 'avg:aws.ecs.cpuutilization{*} > 85' }, /must start with a time aggregation such as "avg\(last_5m\):"/],
    ['a metric query with an unclosed brace', { query: 'avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform > 85' }, /has an unclosed "\{"/],
    ['an empty message', { message: ' ' }, /message is required/],
    ['a priority outside 1..5', { priority: 6 }, /priority 6 must be an integer from 1 \(highest\) to 5/],
    ['a tag with a space', { tags: ['team platform'] }, /tag "team platform" must start with a letter/],
  ])('%s', (_, overrides, error) => {
    const { stack, connection } = datadogStack();
    expect(() => new DatadogMonitor(stack, 'Cpu', { connection, ...cpuProps(), ...overrides } as any)).toThrow(error);
  });

  test('a log query needs a window and a comparison; a service check needs .last(N)', () => {
    const { stack, connection } = datadogStack();
    expect(() => new DatadogMonitor(stack, 'Logs', {
      connection, type: DatadogMonitorType.LOG_ALERT, name: 'errors', message: 'm', query: 'logs("status:error").index("*").rollup("count")',
    })).toThrow(/must name an evaluation window such as \.last\("5m"\).*must end with a comparison/);
    expect(() => new DatadogMonitor(stack, 'Check', {
      connection, type: DatadogMonitorType.SERVICE_CHECK, name: 'http', message: 'm', query: '"http.can_connect".over("*").count_by_status()',
    })).toThrow(/must count the last N checks with \.last\(N\)/);
  });
});

describe('MON-04: composite expressions are validated at synth', () => {
  function composite(expression: string, count = 2) {
    const { stack, connection } = datadogStack();
    const monitors = Object.fromEntries(Array.from({ length: count }, (_, i) =>
      [`m${i}`, new DatadogMonitor(stack, `M${i}`, { connection, ...cpuProps(80 + i) })]));
    return () => new DatadogCompositeMonitor(stack, 'Composite', { connection, name: 'c', message: 'm', expression, monitors });
  }

  test.each([
    ['m0 && && m1', /PlatformMonitors\/Composite: expression: expected a monitor reference, "!" or "\(" but found "&&" at column 7/],
    ['(m0 || m1', /expected "\)" but found the end of the expression/],
    ['m0 m1', /expected "&&", "\|\|" or the end of the expression but found "m1"/],
    ['m0 & m1', /found "&" at column 4/],
    ['m0 && !mx', /names "mx", which is not in monitors \(m0, m1\)/],
    ['m0', /monitors "m1" is not used in expression "m0"/],
  ])('"%s" is rejected', (expression, error) => {
    expect(composite(expression)).toThrow(error);
  });

  test('more than 10 monitors are rejected', () => {
    const expression = Array.from({ length: 11 }, (_, i) => `m${i}`).join(' || ');
    expect(composite(expression, 11)).toThrow(/references 11 monitors; Datadog allows at most 10/);
  });

  test('a composite of composites and a monitor of another app fail synth with the paths', () => {
    const { stack, connection } = datadogStack();
    const { cpu, tenantErrors: [errors] } = addMonitors(stack, connection);
    const inner = stack.node.findChild('tenant0SymptomOnly') as DatadogCompositeMonitor;
    new DatadogCompositeMonitor(stack, 'Outer', { connection, name: 'o', message: 'm', expression: 'inner || cpu', monitors: { inner, cpu } });
    expect(() => Template.fromStack(stack)).toThrow(/monitors.inner \(PlatformMonitors\/tenant0SymptomOnly\) is a composite monitor/);

    const other = datadogStack('Elsewhere');
    expect(() => new DatadogCompositeMonitor(other.stack, 'Foreign', { connection: other.connection, name: 'f', message: 'm', expression: 'errors', monitors: { errors } }))
      .toThrow(/Elsewhere\/Foreign: monitors.errors \(PlatformMonitors\/tenant0Errors\) belongs to another app/);
  });

  test('valid boolean syntax with !, && , || and parentheses renders canonically with deploy-time ids', () => {
    const { stack, connection } = datadogStack();
    const a = new DatadogMonitor(stack, 'A', { connection, ...cpuProps(81) });
    const b = new DatadogMonitor(stack, 'B', { connection, ...cpuProps(82) });
    const c = new DatadogMonitor(stack, 'C', { connection, ...cpuProps(83) });
    new DatadogCompositeMonitor(stack, 'Composite', {
      connection, name: 'c', message: 'm', expression: ' a&&!( b||c ) ', monitors: { a, b, c },
    });
    const template = Template.fromStack(stack);
    const rendered = definitions(stack).find(d => d.body.type === 'composite')!;
    expect(rendered.body.query).toBe('{{ref:0}} && !({{ref:1}} || {{ref:2}})');
    const ids = ['A', 'B', 'C'].map(id => stack.getLogicalId((stack.node.findChild(id).node.findChild('Resource').node.defaultChild) as any));
    template.hasResourceProperties('Custom::DatadogMonitor', {
      ReferencedMonitorIds: ids.map(id => ({ 'Fn::GetAtt': [stack.resolve(id), 'MonitorId'] })),
    });
  });
});

test('every Datadog resource carries identity tags from the stack name and construct path', () => {
  const { stack, connection } = datadogStack();
  addMonitors(stack, connection);
  const defs = definitions(stack);
  expect(defs.map(d => d.identity.path).sort()).toEqual([
    'PlatformMonitors/ClusterCpu', 'PlatformMonitors/tenant0Errors', 'PlatformMonitors/tenant0SymptomOnly',
  ]);
  for (const d of defs) {
    expect(d.body.tags).toEqual(expect.arrayContaining([
      'managed-by:cdk-tenant-platform', `cdk-tenant-platform-id:${d.identity.id}`, 'cdk-tenant-platform-stack:platformmonitors',
    ]));
  }
  // The same construct path in the same stack always has the same identity.
  const again = datadogStack();
  addMonitors(again.stack, again.connection);
  expect(definitions(again.stack).map(d => d.identity.id).sort()).toEqual(defs.map(d => d.identity.id).sort());
});

test('one provider Lambda serves every Datadog resource of a stack and may read the credentials secret', () => {
  const { stack, connection } = datadogStack();
  addMonitors(stack, connection, { tenants: 3 });
  const template = Template.fromStack(stack);
  expect(Object.keys(template.findResources('Custom::DatadogMonitor'))).toHaveLength(7);
  template.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^cdk-tenant-platform: creates') }, 1);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
  });
  template.hasResourceProperties('Custom::DatadogMonitor', { ApiUrl: 'https://api.datadoghq.com', CredentialsSecretArn: { Ref: Match.anyValue() } });
});

test('the site decides the API URL; an egress proxy can be given as a full URL', () => {
  const { stack, connection } = datadogStack();
  new DatadogMonitor(stack, 'Eu', { connection: { ...connection, site: DatadogSite.AP1 }, ...cpuProps() });
  Template.fromStack(stack).hasResourceProperties('Custom::DatadogMonitor', { ApiUrl: 'https://api.ap1.datadoghq.com' });
  expect(DatadogSite.of('us3.datadoghq.com').apiUrl).toBe('https://api.us3.datadoghq.com');
  expect(DatadogSite.fromApiUrl('https://dd-proxy.internal:8443/').apiUrl).toBe('https://dd-proxy.internal:8443');
  expect(() => DatadogSite.of('https://datadoghq.com')).toThrow(/must be a host name such as datadoghq.com/);
  // The URL goes into runbook and CLI commands: shell syntax, quotes and spaces are refused at synth.
  for (const hostile of ['https://dd-proxy.internal/$(id)', 'https://dd-proxy.internal/`id`', 'https://dd-proxy.internal/a"b', 'https://dd proxy', 'https://x/;id']) {
    expect(() => DatadogSite.fromApiUrl(hostile)).toThrow(/Datadog API URL ".*" must match .* \(an absolute http\(s\) URL of a host, optional port and plain path/);
  }
  expect(() => DatadogMonitorType.of('composite')).toThrow(/made with DatadogCompositeMonitor/);
});

function nagReport(build: (app: App) => void) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'datadog-nag-'));
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  build(app);
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const violations = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8')).pluginReports.flatMap((p: any) => p.violations)
    : [];
  // The project's policy is AwsSolutions; of HIPAA only the NET-01 rule (Lambda inside a VPC) is checked here.
  const errors: string[] = violations
    .filter((v: any) => v.severity === 'error' && /^(AwsSolutions-|HIPAA\.Security-LambdaInsideVPC)/.test(v.ruleName))
    .map((v: any): string => `${v.ruleName} ${v.violatingConstructs.map((c: any) => c.constructPath)}`);
  return { app, outdir, error, errors };
}

test('NET-01: without a VPC the provider\'s findings are acknowledged inside the construct with reasons', () => {
  const { app, errors } = nagReport(a => {
    const { stack, connection } = datadogStack('PlatformMonitors', a);
    addMonitors(stack, connection);
  });
  expect(errors.filter(e => /DatadogProvider/.test(e))).toEqual([]);
  const provider = app.node.findAll().find(c => c.node.path.endsWith('TenantPlatformDatadogProvider'))!;
  const acknowledged = provider.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.entries(m.data as Record<string, string>));
  expect(acknowledged.map(([id]) => id.replace(/^.*?::/, ''))).toEqual(expect.arrayContaining([
    'HIPAA.Security-LambdaInsideVPC', 'AwsSolutions-L1',
  ]));
  for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
});

test('NET-01: with a VPC the provider Lambdas run in its private subnets and need no VPC acknowledgement', () => {
  const { app, outdir, errors } = nagReport(a => {
    const { stack, connection } = datadogStack('PlatformMonitors', a);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    addMonitors(stack, { ...connection, vpc });
  });
  expect(errors.filter(e => /DatadogProvider/.test(e))).toEqual([]);
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'PlatformMonitors.template.json'), 'utf8'));
  const functions = Template.fromJSON(template).findResources('AWS::Lambda::Function');
  const datadogFunctions = Object.entries<any>(functions).filter(([id]) => id.startsWith('TenantPlatformDatadogProvider'));
  expect(datadogFunctions.length).toBeGreaterThanOrEqual(2);
  for (const [, fn] of datadogFunctions) {
    expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toMatch(/PrivateSubnet/);
  }
  const provider = app.node.findAll().find(c => c.node.path.endsWith('TenantPlatformDatadogProvider'))!;
  const ids = provider.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap(m => Object.keys(m.data));
  expect(ids.some(id => id.includes('LambdaInsideVPC'))).toBe(false);
});

test('connections of one stack must agree on the VPC (one provider serves the stack)', () => {
  const { stack, connection } = datadogStack();
  new DatadogMonitor(stack, 'A', { connection, ...cpuProps() });
  const vpc = new ec2.Vpc(stack, 'Vpc');
  expect(() => new DatadogMonitor(stack, 'B', { connection: { ...connection, vpc }, ...cpuProps() }))
    .toThrow(/PlatformMonitors\/B: every Datadog connection of stack PlatformMonitors must use the same vpc/);
});

test('MON-05 and MON-07: SLO, synthetics test and downtime props are validated', () => {
  const { stack, connection } = datadogStack();
  const { cpu } = addMonitors(stack, connection);
  expect(() => new DatadogSlo(stack, 'Slo', { connection, name: 'x', monitors: [cpu], numerator: 'a' }))
    .toThrow(/give either monitors \(a monitor SLO\) or numerator and denominator/);
  expect(() => new DatadogSlo(stack, 'Slo2', { connection, name: 'x', monitors: [cpu], target: 99.9, warning: 99 }))
    .toThrow(/warning 99 must be above target 99.9/);
  expect(() => new DatadogSyntheticsApiTest(stack, 'Health', { connection, name: 'h', message: 'm', url: 'acme.example.com/health' }))
    .toThrow(/url "acme.example.com\/health" must be an absolute http\(s\) URL/);
  const schedule = DatadogDowntimeSchedule.recurring({ rrule: 'FREQ=MONTHLY;BYDAY=2SU;DTSTART=20260101', start: '2026-12-13 02:00', duration: Duration.seconds(90), timezone: 'Asia/Tokio' });
  expect(() => new DatadogDowntime(stack, 'Window', { connection, schedule, monitor: cpu }))
    .toThrow(/schedule: start "2026-12-13 02:00" must be a local date-time.*timezone "Asia\/Tokio" is not an IANA time zone.*must not contain DTSTART.*duration 1 minute 30 seconds must be whole minutes/);
  const ok = DatadogDowntimeSchedule.recurring({ rrule: 'FREQ=MONTHLY;BYDAY=2SU', start: '2026-12-13T02:00', duration: Duration.hours(2), timezone: 'Asia/Tokyo' });
  expect(() => new DatadogDowntime(stack, 'Both', { connection, schedule: ok, monitor: cpu, monitorTags: ['service:db'] }))
    .toThrow(/give either monitor or monitorTags/);
});

test('LOG-02: the provider\'s log groups keep production retention and use the connection\'s KMS key', () => {
  const { stack, connection } = datadogStack();
  const key = new kms.Key(stack, 'Key');
  new DatadogMonitor(stack, 'Cpu', { connection: { ...connection, logEncryptionKey: key }, ...cpuProps() });
  const logGroups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
  expect(Object.keys(logGroups).filter(id => id.startsWith('TenantPlatformDatadogProvider'))).toHaveLength(2);
  for (const group of Object.values<any>(logGroups)) {
    expect(group.Properties.RetentionInDays).toBe(EnvironmentProfiles.of(PlatformEnvironment.PRODUCTION).logRetention);
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [stack.resolve(stack.getLogicalId(key.node.defaultChild as kms.CfnKey)), 'Arn'] });
    expect(group.DeletionPolicy).toBe('Retain');
  }
});

test('MON-07: a one-time downtime is sent as UTC instants (the v2 schema wants a zero offset), daylight saving included', () => {
  const { stack, connection } = datadogStack();
  const monitorTags = ['team:platform'];
  new DatadogDowntime(stack, 'Tokyo', { connection, monitorTags, schedule: DatadogDowntimeSchedule.oneTime({ start: '2026-12-20T01:00', end: '2026-12-20T03:00', timezone: 'Asia/Tokyo' }) });
  new DatadogDowntime(stack, 'NewYork', { connection, monitorTags, schedule: DatadogDowntimeSchedule.oneTime({ start: '2026-07-01T00:00', end: '2026-07-01T00:30:30', timezone: 'America/New_York' }) });
  const schedules = Object.values<any>(Template.fromStack(stack).findResources('Custom::DatadogDowntime'))
    .map(r => JSON.parse(r.Properties.Definition).body.schedule);
  expect(schedules).toEqual([
    { start: '2026-12-19T16:00:00+00:00', end: '2026-12-19T18:00:00+00:00' },
    { start: '2026-07-01T04:00:00+00:00', end: '2026-07-01T04:30:30+00:00' },
  ]);
});
