import { Finding, ValidationResults } from './findings';

/**
 * JUnit XML for CI test tabs: a test suite per plugin and a test case per rule × resource. Errors
 * fail; warnings pass with the message in their output; acknowledged findings are skipped with
 * the reason. A plugin's own summary is a passing test case, so a clean run still shows the plugin.
 */
export function renderJunit(results: ValidationResults): string {
  const suites = results.plugins.map(run => {
    const findings = results.findings.filter(f => f.plugin === run.plugin);
    const cases = findings.map(testCase);
    if (run.summary) cases.push(`    <testcase classname="${xml(run.plugin)}" name="${xml(`${run.plugin} summary`)}"><system-out>${xml(run.summary)}</system-out></testcase>`);
    return {
      name: run.plugin,
      cases,
      failures: findings.filter(f => f.severity === 'error' && !f.acknowledged).length,
      skipped: findings.filter(f => f.acknowledged).length,
    };
  });
  const total = (count: (suite: typeof suites[number]) => number) => suites.reduce((sum, suite) => sum + count(suite), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="CDK validation" tests="${total(s => s.cases.length)}" failures="${total(s => s.failures)}" errors="0" skipped="${total(s => s.skipped)}">`,
    ...suites.flatMap(suite => [
      `  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}">`,
      ...suite.cases,
      '  </testsuite>',
    ]),
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(f: Finding): string {
  const where = f.location?.logicalId ? `${f.location.templateFile} ${f.location.logicalId}` : f.location?.templateFile ?? '';
  const text = [f.description, f.fix ? `Fix: ${f.fix}` : '', f.requirements ? `Requirement: ${f.requirements}` : '', where ? `Template: ${where}` : '']
    .filter(Boolean).join('\n');
  const open = `    <testcase classname="${xml(`${f.plugin}.${f.ruleId}`)}" name="${xml(`${f.ruleName} ${f.constructPath}`)}">`;
  if (f.acknowledged) return `${open}<skipped message="${xml(`Acknowledged: ${f.acknowledged.reason}`)}"/></testcase>`;
  if (f.severity === 'error') return `${open}<failure type="error" message="${xml(f.description)}">${xml(text)}</failure></testcase>`;
  return `${open}<system-out>${xml(`${f.severity.toUpperCase()}: ${text}`)}</system-out></testcase>`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
