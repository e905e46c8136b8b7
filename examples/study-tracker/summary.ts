// Printed by `npm run example` after `cdk synth`: what was synthesized, what it costs, and where to find it.
import * as fs from 'fs';
import * as path from 'path';
import { renderCostReport, studyTrackerCosts, total } from './cost-estimate';

const out = path.join(__dirname, 'cdk.out');
const root = path.resolve(__dirname, '..', '..');
const relative = (p: string) => path.relative(root, p);
const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));

console.log(`\nstudy-tracker example synthesized into ${relative(out)}`);
for (const [name, artifact] of Object.entries<any>(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack')) {
  const resources = Object.values<any>(JSON.parse(fs.readFileSync(path.join(out, artifact.properties.templateFile), 'utf8')).Resources ?? {});
  const alarms = resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm').length;
  console.log(`  ${name.padEnd(40)} ${artifact.environment.replace('aws://', '').padEnd(28)} ${String(resources.length).padStart(3)} resources, ${alarms} alarms`);
}

const reportFile = path.join(out, 'validation-report.json');
const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
const findings = (report.pluginReports ?? []).map((p: any) => `${p.pluginName}: ${p.violations.filter((v: any) => v.severity !== 'info').length} findings`);
console.log(`\nPolicy validation: ${findings.length ? findings.join(', ') : 'no findings'} (every acknowledgement carries its reason in ${relative(reportFile)})`);

const costs = studyTrackerCosts(out);
const costFile = path.join(out, 'cost-estimate.md');
fs.writeFileSync(costFile, renderCostReport(costs));
console.log('\nMonthly fixed cost against seed 004\'s budgets (SRV-04):');
for (const c of costs) console.log(`  ${c.name.padEnd(28)} $${total(c.fixed).toFixed(2).padStart(6)} fixed, budget $${c.budgetUsd.toFixed(2)}`);
console.log(`Cost tables, cheaper options and list prices: ${relative(costFile)}`);
// DR-01: each DrPlan's objectives report, written at synth: achievable RPO/RTO per disruption against seed 004's targets.
const drDir = path.join(out, 'dr');
const drReports = fs.existsSync(drDir) ? fs.readdirSync(drDir).filter(f => f.endsWith('.objectives.json')).sort() : [];
const figure = (d: { text: string } | null, none: string) => d?.text ?? none;
for (const file of drReports) {
  const dr = JSON.parse(fs.readFileSync(path.join(drDir, file), 'utf8'));
  console.log(`\nRecovery objectives of ${dr.drPlan} (copies: ${dr.copyToRegion ?? 'none'}), from ${relative(path.join(drDir, file.replace(/\.json$/, '.md')))}:`);
  for (const resource of dr.resources) {
    console.log(`  ${resource.label}`);
    for (const r of resource.recoveries) {
      const objective = r.objectiveRpo || r.objectiveRto
        ? `objective ${figure(r.objectiveRpo, '—')} / ${figure(r.objectiveRto, '—')}: ${r.met ? 'met' : 'NOT met'}`
        : 'no objective declared';
      console.log(`    ${r.disruption.padEnd(17)} RPO ${figure(r.achievableRpo, 'not recoverable').padEnd(15)} RTO ${figure(r.achievableRto, 'not recoverable').padEnd(22)} ${objective}`);
    }
  }
}
console.log(`\nRunbooks (ja/en): ${relative(path.join(out, 'runbooks'))}`);
