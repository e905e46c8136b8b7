// Printed by `npm run example` after `cdk synth`: what was synthesized and where to find it.
import * as fs from 'fs';
import * as path from 'path';

const out = path.join(__dirname, 'cdk.out');
const root = path.resolve(__dirname, '..', '..');
const relative = (p: string) => path.relative(root, p);
const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));

console.log(`\nsaas-platform example synthesized into ${relative(out)}`);
for (const [name, artifact] of Object.entries<any>(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack') continue;
  const template = JSON.parse(fs.readFileSync(path.join(out, artifact.properties.templateFile), 'utf8'));
  const resources = Object.values<any>(template.Resources ?? {});
  const alarms = resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm').length;
  console.log(`  ${name.padEnd(32)} ${String(resources.length).padStart(4)} resources, ${String(alarms).padStart(3)} alarms  ${relative(path.join(out, artifact.properties.templateFile))}`);
}

const reportFile = path.join(out, 'validation-report.json');
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  // Info entries are a pack's account of its run (TenantPlatform-Summary), not findings.
  const counts = (report.pluginReports ?? []).map((p: any) => `${p.pluginName}: ${p.violations.filter((v: any) => v.severity !== 'info').length} findings`);
  console.log(`\nPolicy validation report: ${relative(reportFile)}${counts.length ? ` (${counts.join(', ')})` : ' (no findings)'}`);
}
