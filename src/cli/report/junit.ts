import { Finding, ValidationResults } from './findings';

/**
 * JUnit XML for CI test tabs: a test suite per plugin and a test case per rule × resource. Errors
 * fail; warnings pass with the message in their output; acknowledged findings are skipped with
 * the reason. A plugin's own summary is a passing test case, so a clean run still shows the plugin.
 * Streamed a test case at a time.
 */
export function* renderJunit(results: ValidationResults): Iterable<string> {
  const suites = results.plugins.map(run => {
    let failures = 0;
    let skipped = 0;
    let tests = run.summary ? 1 : 0;
    for (const f of results.findings) {
      if (f.plugin !== run.plugin) continue;
      tests++;
      if (f.acknowledged) skipped++;
      else if (f.severity === 'error') failures++;
    }
    return { run, tests, failures, skipped };
  });
  const total = (count: (suite: typeof suites[number]) => number) => suites.reduce((sum, suite) => sum + count(suite), 0);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="CDK validation" tests="${total(s => s.tests)}" failures="${total(s => s.failures)}" errors="0" skipped="${total(s => s.skipped)}">\n`;
  for (const suite of suites) {
    const plugin = suite.run.plugin;
    yield `  <testsuite name="${xml(plugin)}" tests="${suite.tests}" failures="${suite.failures}" errors="0" skipped="${suite.skipped}">\n`;
    for (const f of results.findings) {
      if (f.plugin === plugin) yield `${testCase(f)}\n`;
    }
    if (suite.run.summary) yield `    <testcase classname="${xml(plugin)}" name="${xml(`${plugin} summary`)}"><system-out>${xml(suite.run.summary)}</system-out></testcase>\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
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
