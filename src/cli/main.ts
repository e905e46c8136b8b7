import { Command, CommandIo, UsageError } from './command';
import { datadogCommand } from './commands/datadog';
import { reportCommand } from './commands/report';
import { runbooksCommand } from './commands/runbooks';
import { EXIT_USAGE, exitCodesText } from './exit-codes';
import { packageVersion } from './package-info';

/** Subcommands of `tenant-platform`, by name. */
const COMMANDS: Record<string, Command> = {
  datadog: datadogCommand(),
  report: reportCommand,
  runbooks: runbooksCommand,
};

/**
 * Runs `tenant-platform <command> ...args` and returns the exit code. Results go to `io.out`,
 * usage, progress and errors to `io.err`. A usage error or bad input is one line naming the flag or
 * file; a stack trace is printed only for an unexpected error with `TENANT_PLATFORM_DEBUG=1`.
 */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = args[0] !== undefined ? COMMANDS[args[0]] : undefined;
    return command ? command.run(['--help'], io) : (io.out(usage()), 0);
  }
  if (name === '--version' || name === '-V') {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  if (name === undefined) {
    io.err(usage());
    return EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`tenant-platform: unknown ${name.startsWith('-') ? 'option' : 'command'} "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see tenant-platform --help)\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tenant-platform ${name}: ${e.message} (see tenant-platform ${name} --help)\n`);
    } else {
      const message = e instanceof Error ? e.message : String(e);
      io.err(`tenant-platform ${name}: ${io.env.TENANT_PLATFORM_DEBUG ? (e as Error).stack ?? message : message.split('\n')[0]}\n`);
    }
    return command.usageExitCode;
  }
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map(n => n.length));
  return [
    'Usage: tenant-platform <command> [options]',
    '',
    'Reports, runbooks and Datadog monitors-as-code for apps built with cdk-tenant-platform.',
    'Every command reads a synthesized cloud assembly (--app, default cdk.out).',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -V, --version  print the version',
    '  -h, --help     show this help; tenant-platform <command> --help shows the command\'s options and examples',
    '',
    'Exit codes:',
    exitCodesText().trimEnd(),
    '',
    'Results go to stdout, progress and errors to stderr. Set TENANT_PLATFORM_DEBUG=1 for stack traces of unexpected errors.',
    '',
  ].join('\n');
}
