import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MaintenanceWeekday, MaintenanceWindow, MonitoredDatabase, Runbook } from '../../../src';
import { datadogPlatform } from '../../support/datadog-platform';
import { ENV, tenant } from '../../support/platform';

/** The stack's two maintenance schedules, by target action. */
function schedules(template: Template): Record<'disableAlarmActions' | 'enableAlarmActions', any> {
  return Object.fromEntries(Object.values(template.findResources('AWS::Scheduler::Schedule')).map(s => {
    const arn = JSON.stringify(s.Properties.Target.Arn);
    return [arn.includes('disableAlarmActions') ? 'disableAlarmActions' : 'enableAlarmActions', s.Properties];
  })) as any;
}

/** The alarm names a schedule's input lists (the API request `{"AlarmNames": [...]}`). */
function mutedNames(template: Template): string[] {
  const { disableAlarmActions, enableAlarmActions } = schedules(template);
  expect(enableAlarmActions.Target.Input).toEqual(disableAlarmActions.Target.Input);
  return JSON.parse(disableAlarmActions.Target.Input).AlarmNames;
}

/** Whether an alarm's only actions are scaling policies of the template (step scaling: it scales, it notifies no one). */
function onlyScales(template: Template, alarm: any): boolean {
  const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
  return alarm.Properties.AlarmActions.every((a: any) => a.Ref !== undefined && a.Ref in policies);
}

/** Metric and composite alarms with actions (tenant alarms notify through composites, MON-03), the schedule's own alarm and step-scaling alarms aside. */
function notifyingAlarmNames(template: Template): string[] {
  return [...Object.values(template.findResources('AWS::CloudWatch::Alarm')), ...Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))]
    .filter(a => (a.Properties.AlarmActions ?? []).length > 0 && !onlyScales(template, a) && !a.Properties.AlarmName.endsWith('maintenance-alarm-actions-schedule-failed'))
    .map(a => a.Properties.AlarmName);
}

describe('MON-07: alarm actions muted during the maintenance window', () => {
  const { platform, stack: shared } = datadogPlatform();
  const service = tenant(platform, 'acme');
  // Alarms other constructs add to the tenant's stack after the tenant: a composite alarm that notifies, and a silent metric alarm.
  const tenantStack = Stack.of(service);
  const topic = sns.Topic.fromTopicArn(tenantStack, 'Extra', 'arn:aws:sns:ap-northeast-1:123456789012:extra');
  const composite = new cloudwatch.CompositeAlarm(tenantStack, 'LateComposite', {
    compositeAlarmName: 'Tenant-acme-late-composite',
    alarmRule: cloudwatch.AlarmRule.anyOf(...service.alarms.slice(0, 2)),
  });
  composite.addAlarmAction(new cw_actions.SnsAction(topic));
  new cloudwatch.Alarm(tenantStack, 'Silent', {
    alarmName: 'Tenant-acme-silent', metric: service.service.metricCpuUtilization(), threshold: 99, evaluationPeriods: 1,
  });
  const template = Template.fromStack(tenantStack);
  const sharedTemplate = Template.fromStack(shared);

  test('MON-07: each stack disables its alarm actions when the window opens and enables them when it closes, in the window\'s time zone', () => {
    const { disableAlarmActions, enableAlarmActions } = schedules(template);
    expect(disableAlarmActions).toMatchObject({
      ScheduleExpression: 'cron(0 2 ? * SUN#2 *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:cloudwatch:disableAlarmActions']] } },
    });
    expect(enableAlarmActions).toMatchObject({
      ScheduleExpression: 'cron(0 4 ? * SUN#2 *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: { Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:cloudwatch:enableAlarmActions']] } },
    });
    expect(mutedNames(sharedTemplate).sort()).toEqual(notifyingAlarmNames(sharedTemplate).sort());
  });

  test('MON-07: the alarm list is computed at synth: alarms other constructs add later are muted, alarms without actions are not', () => {
    const names = mutedNames(template);
    expect(names).toContain('Tenant-acme-late-composite');
    expect(names).not.toContain('Tenant-acme-silent');
    expect(names.sort()).toEqual(notifyingAlarmNames(template).sort());
  });

  test('MON-07: ECS deployment alarms are muted too and still roll deployments back (ECS reads their state, not their actions)', () => {
    const deployment = Object.values(template.findResources('AWS::ECS::Service'))[0].Properties.DeploymentConfiguration.Alarms;
    expect(deployment).toMatchObject({ Enable: true, Rollback: true });
    expect(mutedNames(template)).toEqual(expect.arrayContaining(deployment.AlarmNames));
  });

  test('MON-07: step scale-out alarms are not muted: the memory and CPU scale-out of the runbook keeps working during the window', () => {
    const scaling = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([, a]) => (a.Properties.AlarmActions ?? []).length > 0 && onlyScales(template, a));
    expect(scaling.map(([, a]) => a.Properties.MetricName).sort()).toEqual(['CPUUtilization', 'MemoryUtilization']);
    const muted = JSON.stringify(Object.values(schedules(template)).map(s => s.Target.Input));
    for (const [logicalId] of scaling) expect(muted).not.toContain(logicalId);
  });

  test('MON-07: the schedules\' role may only switch the actions of this stack\'s alarms, and only Scheduler of this account may assume it', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: 'MON-07: mutes the alarm actions of stack Tenant-acme during the maintenance window' } });
    const [roleId, role] = Object.entries(roles)[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter(p => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(policies).toHaveLength(1);
    const [statement] = policies[0].Properties.PolicyDocument.Statement;
    expect(statement.Action).toEqual(['cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions']);
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:ap-northeast-1:123456789012:alarm:${name}`]] });
    expect(statement.Resource).toEqual(mutedNames(template).map(arn));
    for (const s of Object.values(schedules(template))) expect(s.Target.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('MON-07: every stack\'s schedules share the platform\'s group, whose one critical alarm says when any of them gave up, and is never muted itself', () => {
    const groups = Object.values(sharedTemplate.findResources('AWS::Scheduler::ScheduleGroup'));
    expect(groups).toHaveLength(1);
    const groupName = groups[0].Properties.Name;
    expect(template.findResources('AWS::Scheduler::ScheduleGroup')).toEqual({});
    for (const s of Object.values(schedules(sharedTemplate))) expect(s.GroupName).toEqual(groupName);
    for (const s of Object.values(schedules(template))) expect(s.GroupName).toEqual({ 'Fn::ImportValue': 'Shared-Platform-MaintenanceScheduleGroup' });
    expect(Object.values(sharedTemplate.toJSON().Outputs).find((o: any) => o.Export?.Name === 'Shared-Platform-MaintenanceScheduleGroup'))
      .toMatchObject({ Value: groupName });
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties.AlarmName)).not.toContain('Tenant-acme-maintenance-alarm-actions-schedule-failed');
    const watchdog = Object.values(sharedTemplate.findResources('AWS::CloudWatch::Alarm'))
      .find(a => a.Properties.AlarmName === 'Shared-maintenance-alarm-actions-schedule-failed')!.Properties;
    expect(watchdog).toMatchObject({
      Namespace: 'AWS/Scheduler',
      MetricName: 'InvocationDroppedCount',
      Dimensions: [{ Name: 'ScheduleGroup', Value: groupName }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(watchdog.AlarmDescription).toMatch(/^CRITICAL \[MON-07\] .*Runbook: \S+#alarm-maintenance-alarm-actions-schedule-failed$/);
    expect(watchdog.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^PlatformAlarmsCritical/) }]);
    expect(mutedNames(sharedTemplate)).not.toContain('Shared-maintenance-alarm-actions-schedule-failed');
    expect(Object.values(schedules(template))[0].Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 20 });
  });

  test('MON-07: the runbook of every stack says how to check, end early and re-mute the window, with this stack\'s schedules', () => {
    for (const stack of [tenantStack, shared]) {
      const section = Runbook.of(stack).sections.find(s => s.anchor === 'maintenance-window')!;
      expect(section.requirements).toEqual(['MON-07']);
      const commands = section.steps.flatMap(s => s.commands ?? []).map(c => c.command);
      expect(commands).toContain('aws cloudwatch enable-alarm-actions --cli-input-json "$(aws scheduler get-schedule --group-name "$GROUP" --name "$ENABLE" --query Target.Input --output text)"');
      expect(commands).toContain('aws cloudwatch disable-alarm-actions --cli-input-json "$(aws scheduler get-schedule --group-name "$GROUP" --name "$DISABLE" --query Target.Input --output text)"');
      expect(section.summary!.map(s => s.en).join(' ')).toMatch(/ECS deployment alarms still roll deployments back/);
    }
  });
});

describe('MON-07: one set of schedules per stack, for that stack\'s alarms', () => {
  test('a database in its own stack mutes its own alarms; the platform stack mutes only the platform\'s', () => {
    const app = new App();
    const { platform, stack: shared } = datadogPlatform({}, app);
    const databaseStack = new Stack(app, 'Data', { env: ENV });
    new MonitoredDatabase(databaseStack, 'Database', { platform });
    const data = Template.fromStack(databaseStack);
    expect(mutedNames(data).length).toBeGreaterThan(5);
    expect(mutedNames(data).every(n => n.startsWith('Data-database-'))).toBe(true);
    expect(mutedNames(Template.fromStack(shared)).every(n => n.startsWith('Shared-'))).toBe(true);
  });

  test('a custom window gives its crons and time zone', () => {
    const window = MaintenanceWindow.monthly({ week: 1, weekday: MaintenanceWeekday.SATURDAY, startTime: '22:00', duration: Duration.minutes(90), timezone: 'UTC' });
    const { platform } = datadogPlatform({ maintenanceWindow: window });
    const { disableAlarmActions, enableAlarmActions } = schedules(Template.fromStack(Stack.of(tenant(platform, 'acme'))));
    expect([disableAlarmActions.ScheduleExpression, enableAlarmActions.ScheduleExpression]).toEqual(['cron(0 22 ? * SAT#1 *)', 'cron(30 23 ? * SAT#1 *)']);
    expect(enableAlarmActions.ScheduleExpressionTimezone).toBe('UTC');
  });

  test('a stack with more than 100 alarms with actions fails at synth (the DisableAlarmActions limit)', () => {
    const { platform } = datadogPlatform();
    const service = tenant(platform, 'crowded');
    const action = new cw_actions.SnsAction(sns.Topic.fromTopicArn(service, 'Topic', 'arn:aws:sns:ap-northeast-1:123456789012:info'));
    // The tenant has 8 alarms with actions of its own: 4 MON-01 warnings, its critical composite and the
    // ECS-03 alarms that notify; its 2 step-scaling alarms only scale and are not muted.
    for (let i = 0; i < 95; i++) {
      new cloudwatch.Alarm(service, `Extra${i}`, { metric: service.service.metricCpuUtilization(), threshold: i, evaluationPeriods: 1 }).addAlarmAction(action);
    }
    expect(() => Template.fromStack(Stack.of(service)))
      .toThrow(/stack Tenant-crowded has 104 alarms with actions; its maintenance schedules mute at most 100 \(the DisableAlarmActions limit\): split the stack/);
  });
});
