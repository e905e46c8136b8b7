import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildTenantPipeline, fleet, MAX_TENANTS_PER_WAVE, pipelineConfig, tenantWaves } from '../../examples/tenant-pipeline/pipeline';
import { readsParameter } from '../support/platform';

/** Synthesizes the example as `npm run example` does: 100 tenants in waves to 3, 10, 50 and 100. */
function synthesize() {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-pipeline-')) });
  const stack = buildTenantPipeline(app, pipelineConfig());
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return { stack, assembly, report };
}

describe('examples/tenant-pipeline', () => {
  const { stack, assembly, report } = synthesize();
  const stageStacks = assembly.nestedAssemblies.flatMap(a => a.nestedAssembly.stacks);
  const pipeline = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
  const stages: any[] = pipeline.Stages;
  const stage = (name: string) => {
    const found = stages.find(s => s.Name === name);
    if (!found) throw new Error(`no stage ${name} in ${stages.map(s => s.Name).join(', ')}`);
    return found;
  };
  const deployedStacks = (name: string): string[] => stage(name).Actions
    .filter((a: any) => a.ActionTypeId.Category === 'Deploy').map((a: any) => a.Configuration.StackName);

  test('the shared stage deploys first, then four waves of tenants, waves 2 to 4 each behind a manual approval stage', () => {
    expect(stages.map(s => s.Name)).toEqual([
      'Source', 'Build', 'UpdatePipeline', 'Assets', 'Shared',
      'Wave1-Tenants1To3',
      'Approve-Wave2-Tenants4To10', 'Wave2-Tenants4To10',
      'Approve-Wave3-Tenants11To50', 'Wave3-Tenants11To50',
      'Approve-Wave4-Tenants51To100', 'Wave4-Tenants51To100',
    ]);
    expect(deployedStacks('Shared')).toEqual(['TenantPipeline-Shared']);
    for (const name of ['Approve-Wave2-Tenants4To10', 'Approve-Wave3-Tenants11To50', 'Approve-Wave4-Tenants51To100']) {
      expect(stage(name).Actions.map((a: any) => [a.ActionTypeId.Category, a.ActionTypeId.Provider])).toEqual([['Approval', 'Manual']]);
    }
    // The pilot wave needs no approval: nothing between the shared stage and its deployment.
    expect(stages.filter(s => s.Actions.some((a: any) => a.ActionTypeId.Category === 'Approval')).map(s => s.Name)).not.toContain('Wave1-Tenants1To3');
  });

  test('the fleet reaches 3, 10, 50 and 100 tenants, each wave\'s stacks in parallel: one CodePipeline stage, one run order', () => {
    const waves = ['Wave1-Tenants1To3', 'Wave2-Tenants4To10', 'Wave3-Tenants11To50', 'Wave4-Tenants51To100'];
    const sizes = waves.map(name => deployedStacks(name).length);
    expect(sizes).toEqual([3, 7, 40, 50]);
    expect(sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b))).toEqual([3, 10, 50, 100]);
    expect(waves.flatMap(deployedStacks)).toEqual(fleet(100).map(t => `TenantPipeline-${t.tenantId}`));
    for (const name of waves) {
      expect(new Set(stage(name).Actions.map((a: any) => a.RunOrder))).toEqual(new Set([1]));
    }
    // CodePipeline runs at most 50 actions in a stage; a bigger wave would be split into stages that run one after the other.
    expect(Math.max(...stages.map(s => s.Actions.length))).toBe(MAX_TENANTS_PER_WAVE);
  });

  test('TenantPlatformChecks and AwsSolutionsChecks check every stack the pipeline deploys: zero errors, the one warning the missing cross-region database copy (TenantPlatform-BAK4)', () => {
    const violations = report.pluginReports.flatMap((p: any) => p.violations.map((v: any) => ({ ...v, plugin: p.pluginName })));
    expect(violations.filter((v: any) => v.severity === 'error')).toEqual([]);
    const pack = report.pluginReports.find((p: any) => p.pluginName === 'TenantPlatform');
    const summary = pack.violations.find((v: any) => v.ruleName === 'TenantPlatform-Summary').description;
    const checked = Number(/checked (\d+) CloudFormation resources/.exec(summary)![1]);
    // The pipeline stack, the shared stack and 100 tenant stacks are all in the count.
    const resources = [...assembly.stacks, ...stageStacks]
      .reduce((n, artifact) => n + Object.keys(artifact.template.Resources).length, 0);
    expect(assembly.nestedAssemblies.length).toBe(101);
    expect(checked).toBe(resources);
    expect(summary).toMatch(/with the PRODUCTION profile: 0 errors, 1 warning/);
    expect(violations.filter((v: any) => v.severity === 'warning').map((v: any) => v.ruleName)).toEqual(['TenantPlatform-BAK4']);
  });

  test('a tenant stack of a wave is a SecureTenantService that finds the shared platform by its SSM parameter names, read at deploy time', () => {
    const tenantStack = stageStacks.find(s => s.stackName === 'TenantPipeline-tenant-042')!;
    const template = Template.fromJSON(tenantStack.template);
    template.resourceCountIs('AWS::ECS::Service', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: readsParameter(template, '/cdk-tenant-platform/TenantPipeline-Shared-Platform/Shard1ListenerArn'),
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['tenant-042.saas.example.com'] } }],
    });
  });
});

test('AwsSolutionsChecks runs on the pipeline stack: a careless public bucket added to it fails the synth', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-pipeline-')) });
  const stack = buildTenantPipeline(app, pipelineConfig({ tenants: fleet(2), waveTargets: [1, 2] }));
  new s3.CfnBucket(stack, 'CarelessBucket');
  expect(() => app.synth()).toThrow(/AwsSolutions::AwsSolutions-S10/);
});

describe('tenantWaves', () => {
  test('splits the fleet at the targets; the pilot wave goes without approval', () => {
    const waves = tenantWaves(pipelineConfig());
    expect(waves.map(w => [w.name, w.tenants.length, w.approval])).toEqual([
      ['Wave1-Tenants1To3', 3, false], ['Wave2-Tenants4To10', 7, true], ['Wave3-Tenants11To50', 40, true], ['Wave4-Tenants51To100', 50, true],
    ]);
  });

  test('refuses, all at once, targets that do not ascend, a wave CodePipeline could not run in parallel, and a last target short of the fleet', () => {
    expect(() => tenantWaves(pipelineConfig({ waveTargets: [3, 3, 70, 90] }))).toThrow(
      'tenant pipeline: waveTargets[1] 3 must be an integer above 3; ' +
      'waveTargets[2] 70 adds 67 tenants; a CodePipeline stage runs at most 50 actions, so add a wave; ' +
      'waveTargets [3, 3, 70, 90] must end at the fleet size, 100');
  });
});
