import { Command, CommandIo, UsageError } from './command';
import { datadogCommand } from './commands/datadog';
import { reportCommand } from './commands/report';
import { runbooksCommand } from './commands/runbooks';

/** Subcommands of `tenant-platform`, by name. */
const COMMANDS: Record<string, Command> = {
  datadog: datadogCommand(),
  report: reportCommand,
  runbooks: runbooksCommand,
};

/** Runs `tenant-platform <command> ...args` and returns the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tenant-platform ${name}: ${e.message}\n`);
      return 1;
    }
    io.err(`tenant-platform ${name}: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

function usage(): string {
  const width = Math.max(0, ...Object.keys(COMMANDS).map(n => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['Usage: tenant-platform <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}
