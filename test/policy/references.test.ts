import { App, CfnOutput, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Node } from 'constructs';
import { TenantPlatformChecks } from '../../src';
import { appResources, referencedResources, referrers } from '../../src/policy/references';
import { propertiesOf, withRunCache, withSynthesizedTemplates } from '../../src/policy/template';
import { newStack } from '../support/policy';

/** `alarms` metric alarms in `stack` and one composite alarm that names them all. */
function alarmsAndComposite(stack: Stack, alarms: number) {
  const metric = new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization' });
  const children = Array.from({ length: alarms }, (_, i) => new cloudwatch.Alarm(stack, `Alarm${i}`, { metric, threshold: 80, evaluationPeriods: 1 }));
  new cloudwatch.CompositeAlarm(stack, 'Composite', { alarmRule: cloudwatch.AlarmRule.anyOf(...children) });
  return appResources(stack, 'AWS::CloudWatch::Alarm');
}

describe('the reference index of a validation run', () => {
  test('referrers reads each candidate once per run, whatever the number of targets', () => {
    const stack = newStack();
    const alarms = alarmsAndComposite(stack, 30);
    const valueOf = jest.fn((p: Record<string, any>) => p.AlarmRule);
    const found = withRunCache(() => alarms.map(alarm =>
      referrers(alarm, appResources(alarm, 'AWS::CloudWatch::CompositeAlarm'), 'AlarmRule', valueOf).matches.length));
    expect(found).toEqual(alarms.map(() => 1));
    expect(valueOf).toHaveBeenCalledTimes(1); // one composite, indexed once for 30 alarms
  });

  test('outside a run nothing is kept: each question reads the candidates again', () => {
    const stack = newStack();
    const alarms = alarmsAndComposite(stack, 3);
    const valueOf = jest.fn((p: Record<string, any>) => p.AlarmRule);
    for (const alarm of alarms) referrers(alarm, appResources(alarm, 'AWS::CloudWatch::CompositeAlarm'), 'AlarmRule', valueOf);
    expect(valueOf).toHaveBeenCalledTimes(3);
  });

  test('a value is walked once per run and answers the same list', () => {
    const stack = newStack();
    alarmsAndComposite(stack, 2);
    const [composite] = appResources(stack, 'AWS::CloudWatch::CompositeAlarm');
    withRunCache(() => {
      const rule = propertiesOf(composite).AlarmRule;
      const first = referencedResources(stack, rule, 'AlarmRule');
      expect(first.map(r => r.cfnResourceType)).toEqual(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Alarm']);
      expect(referencedResources(stack, rule, 'AlarmRule')).toBe(first);
    });
  });

  test('a dynamic reference {{resolve:ssm:...}} on its own, e.g. one subnet id of a list, leads to what the app publishes under that name', () => {
    const shared = newStack();
    const alarms = alarmsAndComposite(shared, 1);
    new ssm.StringParameter(shared, 'Published', { parameterName: '/platform/AlarmArn', stringValue: (alarms[0] as any).attrArn });
    const reader = new Stack(shared.node.root, 'Reader');
    for (const value of ['{{resolve:ssm:/platform/AlarmArn}}', ['{{resolve:ssm:/platform/AlarmArn}}']]) {
      expect(referencedResources(reader, value, 'Value').map(r => r.cfnResourceType)).toEqual(['AWS::CloudWatch::Alarm']);
    }
    expect(() => referencedResources(reader, '{{resolve:ssm:/nobody/publishes}}', 'Value')).toThrow(/Value is not known at synth time/);
    expect(referencedResources(reader, 'subnet-0123', 'Value')).toEqual([]);
  });

  test('in a synthesized run, an SSM-typed template parameter is read from the template, without walking its stack again', () => {
    const shared = newStack();
    const [alarm] = alarmsAndComposite(shared, 1);
    new ssm.StringParameter(shared, 'Published', { parameterName: '/platform/AlarmArn', stringValue: (alarm as cloudwatch.CfnAlarm).attrArn });
    const app = shared.node.root as App;
    const reader = new Stack(app, 'Reader');
    const composite = new cloudwatch.CfnCompositeAlarm(reader, 'Reader', {
      alarmRule: `ALARM("${ssm.StringParameter.valueForStringParameter(reader, '/platform/AlarmArn')}")`,
    });
    const assembly = app.synth();
    const templates = assembly.stacks.map(s => ({ stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath }));
    const findAll = jest.spyOn(Node.prototype, 'findAll');
    try {
      const found = withSynthesizedTemplates(templates, () => withRunCache(() => referencedResources(reader, propertiesOf(composite).AlarmRule, 'AlarmRule')));
      expect(found).toEqual([alarm]);
      expect(findAll).toHaveBeenCalledTimes(1); // the app's resources, listed once
    } finally {
      findAll.mockRestore();
    }
  });

  test('an unresolvable reference is reported for every property that asks', () => {
    const stack = newStack();
    const value = { 'Fn::ImportValue': 'NotExportedByAnyStack' };
    withRunCache(() => {
      expect(() => referencedResources(stack, value, 'First')).toThrow(/First is not known at synth time/);
      expect(() => referencedResources(stack, value, 'Second')).toThrow(/Second is not known at synth time/);
    });
  });
});

/** Runs `TenantPlatformChecks` on `app` as CDK's validation does, with the templates just synthesized. */
function validateSynthesized(app: App) {
  const assembly = app.synth();
  return () => new TenantPlatformChecks(app).validate({
    appConstruct: app,
    templatePaths: assembly.stacks.map(s => s.templateFullPath),
    stackTemplates: assembly.stacks.map(s => ({
      stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: s.environment.account, region: s.environment.region,
    })),
  });
}

describe('TenantPlatformChecks in a validation run', () => {
  test('walks the app\'s construct tree once and resolves each resource\'s logical id once, whatever the number of rules', () => {
    const stack = newStack();
    alarmsAndComposite(stack, 5);
    new ssm.StringParameter(stack, 'Published', { parameterName: '/platform/Value', stringValue: 'v' });
    const app = stack.node.root as App;
    // A composite in another stack naming an alarm through an export: the exports are indexed too.
    const [alarm] = appResources(stack, 'AWS::CloudWatch::Alarm') as cloudwatch.CfnAlarm[];
    new CfnOutput(stack, 'AlarmArn', { value: alarm.attrArn, exportName: 'AlarmArn' });
    new cloudwatch.CfnCompositeAlarm(new Stack(app, 'Reader'), 'Imported', { alarmRule: `ALARM("${Fn.importValue('AlarmArn')}")` });
    const validate = validateSynthesized(app);
    const logicalIds = new Set(appResources(app).map(r => r.logicalId));
    const findAll = jest.spyOn(app.node, 'findAll');
    const resolve = jest.spyOn(Stack.prototype, 'resolve');
    try {
      validate();
      expect(findAll).toHaveBeenCalledTimes(1);
      const resolutions = resolve.mock.calls.filter(([value]) => logicalIds.has(value));
      expect(resolutions.length).toBeGreaterThan(0);
      expect(resolutions.length).toBe(new Set(resolutions.map(([value]) => value)).size);
    } finally {
      findAll.mockRestore();
      resolve.mockRestore();
    }
  });

  test('reads every resource from the synthesized templates instead of rendering the construct again', () => {
    const stack = newStack();
    alarmsAndComposite(stack, 5);
    const app = stack.node.root as App;
    const assembly = app.synth();
    const render = jest.spyOn(CfnResource.prototype, '_toCloudFormation');
    try {
      const report = new TenantPlatformChecks(app).validate({
        appConstruct: app,
        templatePaths: assembly.stacks.map(s => s.templateFullPath),
        stackTemplates: assembly.stacks.map(s => ({
          stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: s.environment.account, region: s.environment.region,
        })),
      });
      expect(report.violations.find(v => v.ruleName === 'TenantPlatform-Summary')?.description).toMatch(/checked 6 CloudFormation resources/);
      expect(render).not.toHaveBeenCalled();
    } finally {
      render.mockRestore();
    }
  });
});
