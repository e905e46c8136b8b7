import * as fs from 'fs';
import * as path from 'path';
import { cli, cliProcess, tempDir, writeAssembly } from './support';
import { writeEntriesAtomically } from '../../src/cli/atomic-output';

const VALID = JSON.stringify({
  version: '1',
  title: 'Validation Report',
  pluginReports: [{ pluginName: 'TenantPlatform', conclusion: 'failure', violations: [{ ruleName: 'TenantPlatform-LOG1', description: 'LOG-01: short retention', severity: 'error', violatingConstructs: [{ constructPath: 'S/Logs/Resource' }] }] }],
});

describe('malformed input is one line naming the file and what is wrong, exit 2', () => {
  const cases: Array<[string, string, string]> = [
    ['truncated JSON', VALID.slice(0, 40), 'cdk.out/validation-report.json: is not valid JSON (Unterminated string in JSON at position 40)'],
    ['invalid JSON', '{ pluginReports: [] }', "cdk.out/validation-report.json: is not valid JSON (Expected property name or '}' in JSON at position 2)"],
    ['an empty file', '', 'cdk.out/validation-report.json: is empty, expected JSON'],
    ['a report of {}', '{}', 'cdk.out/validation-report.json: is not a CDK validation report (no "pluginReports" list); cdk synth writes one when validation plugins are registered'],
    ['a JSON list', '[]', 'cdk.out/validation-report.json: is not a CDK validation report (no "pluginReports" list)'],
    ['a plugin report without a name', '{"pluginReports":[{"violations":[]}]}', 'cdk.out/validation-report.json: pluginReports[0] is not a plugin report (needs "pluginName" and a "violations" list)'],
  ];
  test.each(cases)('%s', async (_name, content, message) => {
    const dir = tempDir();
    writeAssembly(path.join(dir, 'cdk.out'), content);
    const result = await cli(dir, 'report', '--format', 'csv');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toHaveLength(2);
    expect(result.err).toContain(`tenant-platform report: ${message}`);
    expect(fs.existsSync(path.join(dir, 'cdk.out', 'validation-report.csv'))).toBe(false);
  });

  test('an invalid manifest.json is named too', async () => {
    const dir = tempDir();
    writeAssembly(path.join(dir, 'cdk.out'), VALID);
    fs.writeFileSync(path.join(dir, 'cdk.out', 'manifest.json'), '{"version":');
    expect((await cli(dir, 'report', '-f', 'csv')).err).toBe('tenant-platform report: cdk.out/manifest.json: is not valid JSON (Unexpected end of JSON input) (see tenant-platform report --help)\n');
  });

  test('--out naming a file, or a path through a file', async () => {
    const dir = tempDir();
    writeAssembly(path.join(dir, 'cdk.out'), VALID);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep');
    expect(await cli(dir, 'report', '-f', 'csv', '--out', 'notes.txt')).toEqual({ code: 2, out: '', err: 'tenant-platform report: --out notes.txt is a file; --out takes a directory (see tenant-platform report --help)\n' });
    expect((await cli(dir, 'report', '-f', 'csv', '--out', 'notes.txt/reports')).err).toBe('tenant-platform report: --out notes.txt/reports cannot be created: notes.txt is a file (see tenant-platform report --help)\n');
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep');
  });

  test('the assembly given both as argument and --app', async () => {
    expect((await cli(tempDir(), 'report', 'a', '--app', 'b', '-f', 'csv')).err).toContain('the assembly is given twice: "a" and --app "b"');
  });
});

describe('atomic output', () => {
  test('a failure while building leaves every previous entry as it was and no staging folder', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'validation-report.csv'), 'previous csv');
    fs.writeFileSync(path.join(out, 'validation-report.md'), 'previous md');
    expect(() => writeEntriesAtomically({ dir: out, flag: '--out' }, out, staging => {
      fs.writeFileSync(path.join(staging, 'validation-report.csv'), 'new csv');
      throw new RangeError('Maximum call stack size exceeded');
    })).toThrow(RangeError);
    expect(fs.readdirSync(out).sort()).toEqual(['validation-report.csv', 'validation-report.md']);
    expect(fs.readFileSync(path.join(out, 'validation-report.csv'), 'utf8')).toBe('previous csv');
  });

  test('a successful run replaces only its entries', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'validation-report.csv'), 'previous csv');
    fs.writeFileSync(path.join(out, 'other.txt'), 'other');
    const written = writeEntriesAtomically({ dir: out, flag: '--out' }, out, staging => {
      fs.writeFileSync(path.join(staging, 'validation-report.csv'), 'new csv');
      return ['validation-report.csv'];
    });
    expect(written).toEqual([path.join(out, 'validation-report.csv')]);
    expect(fs.readdirSync(out).sort()).toEqual(['other.txt', 'validation-report.csv']);
    expect(fs.readFileSync(path.join(out, 'validation-report.csv'), 'utf8')).toBe('new csv');
  });
});

test('--json prints the summary as JSON on stdout and progress on stderr', async () => {
  const dir = tempDir();
  writeAssembly(path.join(dir, 'cdk.out'), VALID);
  const result = await cli(dir, 'report', '-f', 'csv,markdown', '--out', 'reports', '--json');
  expect(result.code).toBe(1);
  expect(JSON.parse(result.out)).toEqual({
    reports: { csv: path.join('reports', 'validation-report.csv'), markdown: path.join('reports', 'validation-report.md') },
    errors: 1,
    warnings: 0,
    info: 0,
    acknowledged: 0,
    plugins: ['TenantPlatform'],
    withSourceLocation: 0,
    exitCode: 1,
  });
  expect(result.err).toBe(`read 1 findings from ${path.join('cdk.out', 'validation-report.json')}\n`);
});

test('a 300,000-finding report writes every format in bounded memory and time (384 MiB heap, 120 s)', () => {
  const dir = tempDir();
  const app = path.join(dir, 'cdk.out');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: {} }));
  // 3,000 rules with 100 violating constructs each, written as a stream like the CLI writes its reports.
  const fd = fs.openSync(path.join(app, 'validation-report.json'), 'w');
  fs.writeSync(fd, '{"version":"1","title":"Validation Report","pluginReports":[{"pluginName":"TenantPlatform","conclusion":"failure","violations":[');
  for (let rule = 0; rule < 3000; rule++) {
    const constructs = Array.from({ length: 100 }, (_, c) => `{"constructPath":"Stack${c % 7}/R${rule}x${c}/Resource"}`).join(',');
    fs.writeSync(fd, `${rule ? ',' : ''}{"ruleName":"TenantPlatform-X${rule}","description":"finding ${rule}","severity":"${rule % 2 ? 'warning' : 'error'}","violatingConstructs":[${constructs}]}`);
  }
  fs.writeSync(fd, ']}]}');
  fs.closeSync(fd);

  const started = Date.now();
  const result = cliProcess(dir, ['report', '-f', 'sarif,junit,markdown,csv', '--out', 'reports'], 384);
  expect(result.err).toBe(`read 300000 findings from ${path.join('cdk.out', 'validation-report.json')}\n`);
  expect(result.code).toBe(1);
  expect(Date.now() - started).toBeLessThan(120_000);
  const reports = path.join(dir, 'reports');
  expect(fs.readdirSync(reports).sort()).toEqual(['validation-report.csv', 'validation-report.junit.xml', 'validation-report.md', 'validation-report.sarif']);
  const count = (file: string, needle: string) => occurrences(path.join(reports, file), needle);
  expect(count('validation-report.csv', '\n"TenantPlatform-X')).toBe(300_000);
  expect(count('validation-report.md', '\n| error |') + count('validation-report.md', '\n| warning |')).toBe(300_000);
  expect(count('validation-report.junit.xml', '<testcase ')).toBe(300_000);
  expect(count('validation-report.sarif', '\n        {"ruleId"')).toBe(300_000);
  expect(count('validation-report.sarif', '\n      ]\n    }\n  ]\n}\n')).toBe(1);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** How often `needle` occurs in `file`, read a megabyte at a time (the reports are hundreds of megabytes). */
function occurrences(file: string, needle: string): number {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1_048_576);
  let count = 0;
  let carry = '';
  try {
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
      const text = carry + buffer.toString('latin1', 0, read);
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
      carry = text.slice(Math.max(0, text.length - needle.length + 1));
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}
