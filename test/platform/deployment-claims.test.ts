import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { TenantDeployment } from '../../src';
import { AutomaticAction, DEPLOYMENT_BEHAVIOURS, DeploymentBehaviour } from '../../src/runbooks/sections/deployment-behaviours';
import { database, platformStack, tenant } from '../support/platform';
import { tempDir } from '../support/runbook-fixtures';
import { sectionOf } from '../support/runbooks';

const OPERATOR: Record<string, string> = { '>': 'GreaterThanThreshold', '>=': 'GreaterThanOrEqualToThreshold', '<': 'LessThanThreshold' };

type Resource = { Type: string; Properties: any };

/** Metric names an alarm reads, directly or through metric math. */
function metricNames(alarm: any): string[] {
  if (alarm.MetricName) return [alarm.MetricName];
  return (alarm.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);
}

/** Seconds the alarm must breach before it acts. */
function breachSeconds(alarm: any): number {
  const period = alarm.Period ?? Math.max(...alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period));
  return period * (alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods);
}

function backsThreshold(alarm: any, b: DeploymentBehaviour): boolean {
  const threshold = b.unit === 'ms' ? b.threshold / 1000 : b.threshold;
  return alarm.Threshold === threshold && alarm.ComparisonOperator === OPERATOR[b.comparison] && breachSeconds(alarm) === b.minutes * 60;
}

describe('every automatic behaviour the deployment runbook states is backed by the tenant template', () => {
  const outdir = tempDir('claims-');
  const app = new App({ outdir });
  const { platform } = platformStack({}, app);
  const rolling = tenant(platform, 'acme', { database: database(platform) });
  const blueGreen = tenant(platform, 'bravo', { deployment: TenantDeployment.blueGreen() });
  app.synth();
  const en = fs.readFileSync(path.join(outdir, 'runbooks', 'en', 'Shared.md'), 'utf8');
  const ja = fs.readFileSync(path.join(outdir, 'runbooks', 'ja', 'Shared.md'), 'utf8');

  test('the rollback section lists exactly the behaviours, in both locales', () => {
    const rows = sectionOf(en, 'deployment-rollback').split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Metric'));
    expect(rows).toHaveLength(DEPLOYMENT_BEHAVIOURS.length);
    DEPLOYMENT_BEHAVIOURS.forEach((b, i) => {
      expect(rows[i]).toContain(b.condition.en);
      expect(rows[i]).toContain(b.actionText.en);
      expect(sectionOf(ja, 'deployment-rollback')).toContain(b.actionText.ja);
    });
    expect(sectionOf(en, 'deployment-rollback')).toContain('none is deleted after 24 hours');
  });

  test('the failed-deployment rule of a tenant stack raises no unresolved-environment warning (its topic is read from the platform\'s SSM parameter)', () => {
    for (const service of [rolling, blueGreen]) {
      Annotations.fromStack(Stack.of(service)).hasNoWarning('*', Match.stringLikeRegexp('unresolved environment'));
    }
  });

  test('the platform\'s warning topic lets EventBridge rules of this account publish, and no other source', () => {
    const shared = Template.fromStack(Stack.of(platform));
    const [warningTopicId] = Object.keys(shared.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Shared warning alarms' } }));
    const policy = Object.values(shared.findResources('AWS::SNS::TopicPolicy')).find(p => p.Properties.Topics.some((t: any) => t.Ref === warningTopicId))!;
    const statement = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'EventBridgeRulesOfThisAccountPublish');
    expect(statement).toEqual({
      Sid: 'EventBridgeRulesOfThisAccountPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: warningTopicId },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:ap-northeast-1:123456789012:rule/*']] } },
      },
    });
  });

  test('OPS-03: the rolling tenant\'s runbook runs the platform\'s documents on its own service, as a role limited to the platform\'s cluster; no tenant has documents of its own', () => {
    const shared = Template.fromStack(Stack.of(platform));
    const documents = Object.values<any>(shared.findResources('AWS::SSM::Document')).map(d => d.Properties.Name);
    const runs = (tenantId: string) => [...fs.readFileSync(path.join(outdir, 'runbooks', 'en', `Tenant-${tenantId}.md`), 'utf8')
      .matchAll(/start-automation-execution --document-name (\S+) --parameters "ClusterName=\$CLUSTER,ServiceName=\$\{SERVICE##\*\/\}(,DryRun=\w+)?"/g)]
      .map(m => `${m[1]}${m[2] ?? ''}`);
    expect(runs('acme')).toEqual(expect.arrayContaining([
      `${documents.find(n => n.endsWith('-RollbackService'))},DryRun=true`,
      `${documents.find(n => n.endsWith('-RollbackService'))},DryRun=false`,
      documents.find(n => n.endsWith('-ForceNewDeployment')),
    ]));
    // CodeDeploy owns the blue/green tenant's deployments: its runbook runs no document.
    expect(runs('bravo')).toEqual([]);
    const [clusterId] = Object.keys(shared.findResources('AWS::ECS::Cluster'));
    const changes = Object.values<any>(shared.findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).filter((st: any) => [st.Action].flat().includes('ecs:UpdateService'));
    expect(changes).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:ap-northeast-1:123456789012:service/', { Ref: clusterId }, '/*']] },
    })]);
    for (const service of [rolling, blueGreen]) {
      const template = Template.fromStack(Stack.of(service));
      template.resourceCountIs('AWS::SSM::Document', 0);
      // The rolling tenant keeps its replaced task definition revisions for the rollback document.
      if (service === rolling) template.hasResource('AWS::ECS::TaskDefinition', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  for (const [kind, service] of [['rolling', rolling], ['blue/green', blueGreen]] as const) {
    const stack = Stack.of(service);
    const resources: Record<string, Resource> = stack.resolve(Template.fromStack(stack).toJSON().Resources);
    const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([logicalId, r]) => ({ logicalId, ...r.Properties }));

    for (const b of DEPLOYMENT_BEHAVIOURS) {
      test(`${kind} ${service.tenantId}: ${b.id} (${b.action})`, () => {
        switch (b.action) {
          case AutomaticAction.ROLLBACK: {
            const names: string[] = kind === 'rolling'
              ? (() => {
                const config = ofType('AWS::ECS::Service')[0][1].Properties.DeploymentConfiguration;
                expect(config.Alarms).toMatchObject({ Enable: true, Rollback: true });
                return config.Alarms.AlarmNames;
              })()
              : (() => {
                const group = ofType('AWS::CodeDeploy::DeploymentGroup')[0][1].Properties;
                expect(group.AlarmConfiguration.Enabled).toBe(true);
                expect(group.AutoRollbackConfiguration.Events).toContain('DEPLOYMENT_STOP_ON_ALARM');
                // CodeDeploy names its alarms by Ref; the factory's alarms have physical names.
                return group.AlarmConfiguration.Alarms.map((a: any) => (a.Name.Ref ? resources[a.Name.Ref].Properties.AlarmName : a.Name));
              })();
            const backing = alarms.filter(a => names.includes(a.AlarmName) && metricNames(a).includes(b.signal) && backsThreshold(a, b));
            expect(backing).toHaveLength(1);
            break;
          }
          case AutomaticAction.SCALE_OUT: {
            const policies = ofType('AWS::ApplicationAutoScaling::ScalingPolicy').filter(([, p]) => p.Properties.PolicyType === 'StepScaling');
            const backing = alarms.filter(a => a.MetricName === b.signal && backsThreshold(a, b) &&
              policies.some(([id, p]) => a.AlarmActions.some((x: any) => x.Ref === id) &&
                p.Properties.StepScalingPolicyConfiguration.StepAdjustments
                  .some((s: any) => s.ScalingAdjustment > 0 && s.MetricIntervalLowerBound === 0)));
            expect(backing).toHaveLength(1);
            // The alarm links its runbook section, which is the scale-out section or links it (an alarm of
            // MON-01 that watches exactly the same condition runs the policy too).
            const [, file, anchor] = /Runbook: (\S+)#(\S+)$/.exec(backing[0].AlarmDescription)!;
            expect(anchor === `tenant-${service.tenantId}-scale-out` ||
              sectionOf(fs.readFileSync(path.join(outdir, file), 'utf8'), anchor).includes(`#tenant-${service.tenantId}-scale-out`)).toBe(true);
            break;
          }
          case AutomaticAction.NOTIFY: {
            const rules = ofType('AWS::Events::Rule').map(([, r]) => r.Properties).filter(r => JSON.stringify(r.EventPattern).includes(kind === 'rolling' ? b.signal : '"FAILURE"'));
            expect(rules).toHaveLength(1);
            const [target] = rules[0].Targets;
            expect(JSON.stringify(target.Arn)).toContain('TopicWarningArn');
            // EventBridge publishes as its service principal, admitted by the platform's topic policy: no role per tenant.
            expect(target.RoleArn).toBeUndefined();
            const message = JSON.stringify(target.InputTransformer);
            expect(message).toContain(`Tenant ${service.tenantId}`);
            expect(message).toMatch(/Task definition revision deployed by the stack: .*TaskDefinition/);
            expect(message).toMatch(new RegExp(`Runbook: runbooks/en/Tenant-${service.tenantId}\\.md#tenant-${service.tenantId}-rollback`));
            break;
          }
        }
      });
    }
  }
});
