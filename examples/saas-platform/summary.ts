// Printed by `npm run example` after `cdk synth`: what was synthesized and where to find it.
import * as fs from 'fs';
import * as path from 'path';
import { ALARM_PRICES, alarmCostOf, DASHBOARD_PRICE } from './alarm-cost';
import { countDatadogByStack, describeCounts } from './datadog-counts';

const out = path.join(__dirname, 'cdk.out');
const root = path.resolve(__dirname, '..', '..');
const relative = (p: string) => path.relative(root, p);
const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));

console.log(`\nsaas-platform example synthesized into ${relative(out)}`);
const stacks = Object.entries<any>(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');
const width = Math.max(...stacks.map(([name]) => name.length)) + 2;
const usd = (x: number) => `$${x.toFixed(2)}`;
for (const [name, artifact] of stacks) {
  const template = JSON.parse(fs.readFileSync(path.join(out, artifact.properties.templateFile), 'utf8'));
  const resources = Object.values<any>(template.Resources ?? {});
  const cost = alarmCostOf(template.Resources ?? {});
  const composites = `${String(cost.compositeAlarms).padStart(2)} composite alarm${cost.compositeAlarms === 1 ? ' ' : 's'}`;
  console.log(`  ${name.padEnd(width)} ${String(resources.length).padStart(4)} resources, ${String(cost.metricAlarms).padStart(3)} alarms, ` +
    `${composites}, ${usd(cost.perAlarm)}/month of CloudWatch alarms ` +
    `(${usd(cost.perAlarmMetric)} counting each metric of a metric-math alarm), ` +
    `${cost.dashboards} dashboard${cost.dashboards === 1 ? '' : 's'} (${usd(cost.dashboards * DASHBOARD_PRICE)})  ${relative(path.join(out, artifact.properties.templateFile))}`);
}
console.log(`  (CloudWatch list prices, ap-northeast-1: metric alarm $${ALARM_PRICES.standard.toFixed(2)}, high-resolution $${ALARM_PRICES.highResolution.toFixed(2)}, ` +
  `composite $${ALARM_PRICES.composite.toFixed(2)}, dashboard $${DASHBOARD_PRICE.toFixed(2)} a month; see README "Alarm spend")`);

const reportFile = path.join(out, 'validation-report.json');
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  // Info entries are a pack's account of its run (TenantPlatform-Summary), not findings.
  const counts = (report.pluginReports ?? []).map((p: any) => {
    const findings = p.violations.filter((v: any) => v.severity !== 'info').length;
    return `${p.pluginName}: ${findings} finding${findings === 1 ? '' : 's'}`;
  });
  console.log(`\nPolicy validation report: ${relative(reportFile)}${counts.length ? ` (${counts.join(', ')})` : ' (no findings)'}`);
}

const runbooks = path.join(out, 'runbooks');
const runbookIndex = path.join(runbooks, 'index.json');
if (fs.existsSync(runbookIndex)) {
  const index = JSON.parse(fs.readFileSync(runbookIndex, 'utf8'));
  console.log(`\nRunbooks (OPS-01..06): ${relative(path.join(runbooks, 'ja', 'README.md'))} (日本語), ${relative(path.join(runbooks, 'en', 'README.md'))} (English)`);
  for (const r of index.runbooks) {
    const byKind = (kind: string) => r.sections.filter((s: any) => s.kind === kind).length;
    console.log(`  ${r.stackName.padEnd(32)} ${String(r.sections.length).padStart(3)} sections (${byKind('policy')} operating rules, ` +
      `${byKind('procedure')} procedures, ${byKind('alarm')} alarms)  ${relative(path.join(runbooks, 'en', r.file))}`);
  }
  console.log(`Copy them into docs/: node assets/cli/tenant-platform/tenant-platform.js runbooks --app ${relative(out)} --out docs/runbooks`);
}

const drDir = path.join(out, 'dr');
if (fs.existsSync(drDir)) {
  console.log('\nRecovery objectives (achievable RPO/RTO per disruption, checked at synth):');
  for (const file of fs.readdirSync(drDir).filter(f => f.endsWith('.objectives.md')).sort()) {
    console.log(`  ${relative(path.join(drDir, file))}  (Japanese: ${file.replace(/\.md$/, '.ja.md')}, data: ${file.replace(/\.md$/, '.json')})`);
  }
}

// MON-03: the Datadog monitoring hierarchy the app declares, by level (what `tenant-platform datadog apply` deploys).
const datadog = countDatadogByStack(out);
console.log(`\nDatadog monitors by level (MON-03..07): ${describeCounts(datadog.total)}`);
for (const [stack, counts] of datadog.stacks) console.log(`  ${stack.padEnd(32)} ${describeCounts(counts)}`);
console.log(`Deploy them with the stacks, or check and apply from CI: node assets/cli/tenant-platform/tenant-platform.js datadog plan --app ${relative(out)}`);
