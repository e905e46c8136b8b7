// Printed by `npm run example` after `cdk synth`: the pipeline's stages in order, what each deploys
// in parallel, where a person approves, and the policy validation of every stack it deploys.
import * as fs from 'fs';
import * as path from 'path';

const out = path.join(__dirname, 'cdk.out');
const root = path.resolve(__dirname, '..', '..');
const relative = (p: string) => path.relative(root, p);
const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
const pipelineArtifact = Object.values<any>(manifest.artifacts).find(a => a.type === 'aws:cloudformation:stack');
const templateFile = path.join(out, pipelineArtifact.properties.templateFile);
const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
const pipeline = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::CodePipeline::Pipeline');
const stages: any[] = pipeline.Properties.Stages;
const assemblies = Object.values<any>(manifest.artifacts).filter(a => a.type === 'cdk:cloud-assembly').length;

console.log(`\ntenant-pipeline example synthesized into ${relative(out)}: the pipeline stack and ${assemblies} stage assemblies ` +
  `(pipeline template ${(fs.statSync(templateFile).size / 1024).toFixed(0)} KiB, ${stages.length} of CodePipeline's 50 stages)`);
for (const stage of stages) {
  const actions: any[] = stage.Actions;
  const deploys = actions.filter(a => a.ActionTypeId.Category === 'Deploy');
  const approvals = actions.filter(a => a.ActionTypeId.Category === 'Approval');
  const runOrders = [...new Set(deploys.map(a => a.RunOrder ?? 1))];
  let what = actions.map(a => `${a.ActionTypeId.Provider} ${a.Name}`).join(', ');
  if (deploys.length > 0) what = `${String(deploys.length).padStart(3)} stack${deploys.length === 1 ? ' ' : 's'} in parallel (run order ${runOrders.join(', ')})`;
  else if (approvals.length > 0) what = `manual approval: ${approvals.map(a => a.Configuration?.CustomData).join(' ')}`;
  console.log(`  ${stage.Name.padEnd(28)} ${what}  [${actions.length} of 50 actions]`);
}

const reportFile = path.join(out, 'validation-report.json');
const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const count = (p: any, severity: string) => p.violations.filter((v: any) => v.severity === severity).length;
// A pack with nothing left to report (AwsSolutions, once every finding is acknowledged) writes no entry.
console.log(`\nPolicy validation of every stack: ${(report.pluginReports ?? [])
  .map((p: any) => `${p.pluginName}: ${plural(count(p, 'error'), 'error')}, ${plural(count(p, 'warning'), 'warning')}, ${(p.suppressedViolations ?? []).length} acknowledged`)
  .join('; ')}; packs without findings write no entry (${relative(reportFile)})`);
