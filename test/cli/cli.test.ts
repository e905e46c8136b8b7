import * as fs from 'fs';
import * as path from 'path';
import { cli, cliProcess, tempDir } from './support';
import { EXIT_CODE_TABLE, exitCodesMarkdown } from '../../src/cli/exit-codes';

const VERSION = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
const dir = tempDir();

describe('tenant-platform without a command', () => {
  test('no arguments: usage on stderr, nothing on stdout, exit 2', async () => {
    const result = await cli(dir);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toMatch(/^Usage: tenant-platform <command> \[options\]/);
  });

  test('--help lists every command and the exit-code table on stdout, exit 0', async () => {
    const result = await cli(dir, '--help');
    expect(result.code).toBe(0);
    for (const command of ['datadog', 'report', 'runbooks']) expect(result.out).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const row of EXIT_CODE_TABLE) expect(result.out).toContain(`  ${row.command}:`);
  });

  test('--version prints the package version', async () => {
    expect(await cli(dir, '--version')).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    expect((await cli(dir, '-V')).out).toBe(`${VERSION}\n`);
  });

  test('an unknown command or option is one line, exit 2', async () => {
    expect(await cli(dir, 'deploy')).toEqual({ code: 2, out: '', err: 'tenant-platform: unknown command "deploy"; commands: datadog, report, runbooks (see tenant-platform --help)\n' });
    expect((await cli(dir, '--bogus')).err).toBe('tenant-platform: unknown option "--bogus"; commands: datadog, report, runbooks (see tenant-platform --help)\n');
  });
});

describe.each(['report', 'runbooks', 'datadog'])('tenant-platform %s', command => {
  test('--help shows options with --app defaulting to cdk.out, examples and exit codes, exit 0', async () => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const result = await cli(dir, ...argv);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(new RegExp(`^Usage: tenant-platform ${command} `));
      const options = result.out.slice(result.out.indexOf('Options:'), result.out.indexOf('Examples:')).replace(/\s+/g, ' ');
      expect(options).toMatch(/--app <DIR> (?:(?! --).)*\(default: cdk\.out\)/);
      expect(result.out).toMatch(new RegExp(`\\nExamples:\\n  tenant-platform ${command} `));
      expect(result.out).toMatch(new RegExp(`\\nExit codes:\\n  ${command}`));
    }
  });

  test('an unknown flag is one line naming it, with the command\'s usage exit code', async () => {
    const result = await cli(dir, command, ...command === 'datadog' ? ['plan'] : [], '--bogus');
    expect(result.err).toBe(`tenant-platform ${command}: unknown option '--bogus' (see tenant-platform ${command} --help)\n`);
    expect(result.code).toBe(command === 'datadog' ? 1 : 2);
  });

  test('a flag without its value names the flag', async () => {
    const result = await cli(dir, command, ...command === 'datadog' ? ['plan'] : [], '--app');
    expect(result.err).toBe(`tenant-platform ${command}: option '--app <DIR>' argument missing (see tenant-platform ${command} --help)\n`);
  });
});

test('the README states the exit codes exactly as the CLI does', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(exitCodesMarkdown());
});

test('the bundled CLI: results on stdout, usage on stderr, real exit codes and no stack trace for a user error', () => {
  expect(cliProcess(dir, ['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  const none = cliProcess(dir, []);
  expect(none.code).toBe(2);
  expect(none.out).toBe('');
  const bogus = cliProcess(dir, ['report', '--bogus']);
  expect(bogus).toEqual({ code: 2, out: '', err: "tenant-platform report: unknown option '--bogus' (see tenant-platform report --help)\n" });
  const plan = cliProcess(dir, ['datadog', 'plan', '--bogus']);
  expect(plan).toEqual({ code: 1, out: '', err: "tenant-platform datadog: unknown option '--bogus' (see tenant-platform datadog --help)\n" });
});
