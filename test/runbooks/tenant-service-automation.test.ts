import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TenantServiceAutomation } from '../../src';
import { platformFixture, tempDir, tenantFixture } from '../support/runbook-fixtures';

function automationApp(props: { documentNamePrefix?: string } = {}) {
  const outdir = tempDir('automation-');
  const app = new App({ outdir });
  const platform = platformFixture(app);
  const tenant = tenantFixture(app, platform, 'acme', 10);
  const automation = new TenantServiceAutomation(platform.stack, 'Automation', { cluster: platform.cluster, ...props });
  TenantServiceAutomation.retainRevisions(tenant.service);
  return { app, outdir, platform, tenant, automation };
}

/**
 * Checks an Automation document the way SSM would reject it: schema version, unique step names,
 * known actions, `{{ }}` references to declared parameters or earlier step outputs, branch targets
 * and document outputs that exist. Returns the problems.
 */
function automationProblems(doc: any): string[] {
  const problems: string[] = [];
  if (doc.schemaVersion !== '0.3') problems.push(`schemaVersion ${doc.schemaVersion}`);
  const parameters = Object.keys(doc.parameters ?? {});
  const steps: any[] = doc.mainSteps ?? [];
  if (steps.length === 0) problems.push('no mainSteps');
  const names = steps.map(s => s.name);
  if (new Set(names).size !== names.length) problems.push(`duplicate step names ${names}`);
  const actions = ['aws:executeScript', 'aws:executeAwsApi', 'aws:branch', 'aws:sleep', 'aws:waitForAwsResourceProperty'];
  const outputsSoFar: string[] = [];
  for (const step of steps) {
    if (!actions.includes(step.action)) problems.push(`${step.name}: unknown action ${step.action}`);
    for (const [, ref] of JSON.stringify(step.inputs).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
      if (!parameters.includes(ref) && !outputsSoFar.includes(ref)) problems.push(`${step.name}: {{ ${ref} }} is neither a parameter nor an earlier output`);
    }
    for (const target of [...(step.inputs.Choices ?? []).map((c: any) => c.NextStep), step.inputs.Default].filter(Boolean)) {
      if (!names.includes(target)) problems.push(`${step.name}: branch to missing step ${target}`);
    }
    for (const output of step.outputs ?? []) outputsSoFar.push(`${step.name}.${output.Name}`);
  }
  for (const output of doc.outputs ?? []) if (!outputsSoFar.includes(output)) problems.push(`document output ${output} is not a step output`);
  if (!/^\{\{\s*AutomationAssumeRole\s*\}\}$/.test(doc.assumeRole)) problems.push('assumeRole is not the AutomationAssumeRole parameter');
  return problems;
}

test('OPS-03: both SSM Automation documents are valid schema 0.3 Automation documents', () => {
  const { platform, tenant } = automationApp();
  expect(Template.fromStack(tenant.stack).findResources('AWS::SSM::Document')).toEqual({});
  const documents = Template.fromStack(platform.stack).findResources('AWS::SSM::Document');
  expect(Object.keys(documents)).toHaveLength(2);
  for (const resource of Object.values<any>(documents)) {
    expect(resource.Properties.DocumentType).toBe('Automation');
    expect(resource.Properties.UpdateMethod).toBe('NewVersion');
    expect(automationProblems(resource.Properties.Content)).toEqual([]);
  }
});

test('the rollback document defaults to a dry run and to the real cluster and role, and takes the service as a parameter', () => {
  const { platform } = automationApp();
  const rollback = Object.values<any>(Template.fromStack(platform.stack).findResources('AWS::SSM::Document'))
    .find(r => r.Properties.Name === 'Shared-Automation-RollbackService')!.Properties.Content;
  expect(rollback.parameters.DryRun).toEqual(expect.objectContaining({ type: 'Boolean', default: true }));
  expect(rollback.parameters.ClusterName.default).toEqual({ Ref: expect.stringMatching(/^Cluster/) });
  expect(rollback.parameters.ServiceName.default).toBeUndefined();
  // ECS service names: letters, digits, "-" and "_" (what the runbook's shorthand --parameters list can carry).
  expect(new RegExp(rollback.parameters.ServiceName.allowedPattern).test('acme-web_1')).toBe(true);
  expect(new RegExp(rollback.parameters.ServiceName.allowedPattern).test('a,DryRun=false')).toBe(false);
  expect(rollback.parameters.AutomationAssumeRole.default).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AutomationRole/), 'Arn'] });
  const branch = rollback.mainSteps.find((s: any) => s.action === 'aws:branch');
  expect(branch.inputs).toEqual({ Choices: [{ NextStep: 'RollBack', Variable: '{{ DryRun }}', BooleanEquals: false }], Default: 'DryRunComplete' });
  const dryRunEnd = rollback.mainSteps.find((s: any) => s.name === 'DryRunComplete');
  expect(dryRunEnd.isEnd).toBe(true);
  expect(rollback.mainSteps.findIndex((s: any) => s.name === 'RollBack')).toBeGreaterThan(rollback.mainSteps.indexOf(dryRunEnd));
});

test('earlier task definition revisions are kept ACTIVE so there is something to roll back to', () => {
  const { tenant } = automationApp();
  Template.fromStack(tenant.stack).hasResource('AWS::ECS::TaskDefinition', { UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' });
});

test('the automation role may change only services of its own cluster', () => {
  const { platform } = automationApp();
  const template = Template.fromStack(platform.stack);
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:ap-northeast-1:123456789012:automation-execution/*']] } },
        },
      }],
    },
  });
  const policy = Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .find(p => p.Properties.Roles.some((r: any) => /^AutomationRole/.test(r.Ref)))!;
  const [clusterId] = Object.keys(template.findResources('AWS::ECS::Cluster'));
  // Another cluster's service (of another platform) is outside arn:...:service/<this cluster>/*.
  expect(policy.Properties.PolicyDocument.Statement).toEqual([
    {
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:ap-northeast-1:123456789012:service/', { Ref: clusterId }, '/*']] },
    },
    { Action: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions'], Effect: 'Allow', Resource: '*' },
  ]);
});

test('AwsSolutions: the automation leaves no unacknowledged finding', () => {
  const { app, outdir } = automationApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (e) {
    // The raw fixture around the automation has findings of its own; only ours matter here.
    expect(String(e)).toMatch(/ValidationFailed/);
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const ours = report.pluginReports.flatMap((r: any) => r.violations)
    .filter((v: any) => v.severity === 'error')
    .flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName} ${c.constructPath}`))
    .filter((s: string) => s.includes('/Automation/'));
  expect(ours).toEqual([]);
});

test('document names are checked at synth', () => {
  expect(() => automationApp({ documentNamePrefix: 'AWS-Tenant' })).toThrow(/"AWS-Tenant-RollbackService", which must match .* not start with aws/);
  expect(() => automationApp({ documentNamePrefix: 'tenant acme' })).toThrow(/documentNamePrefix "tenant acme"/);
  expect(automationApp({ documentNamePrefix: 'acme' }).automation.forceNewDeploymentDocumentName).toBe('acme-ForceNewDeployment');
});
