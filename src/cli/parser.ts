import { Argument, Command as Commander, CommanderError, Option } from 'commander';
import { Command, CommandIo, UsageError } from './command';
import { exitCodesText } from './exit-codes';

/** A `--flag` of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** One-letter alias, e.g. `f` for `-f`. */
  readonly short?: string;
  /** Name of the value in the help, e.g. `DIR`. */
  readonly value?: string;
  /** Value when the flag is not given (shown in the help). */
  readonly default?: string;
  /** The flag may be repeated; its values are collected in order. */
  readonly multiple?: boolean;
  /** The accepted values. */
  readonly choices?: readonly string[];
}

/** A positional argument of a command. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
  readonly choices?: readonly string[];
}

/** Everything `--help` shows and the parser accepts for one command. */
export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** The command name, e.g. `report`. */
  readonly name: string;
  /** One line for `tenant-platform --help`. */
  readonly summary: string;
  /** Paragraphs for `tenant-platform <name> --help`. */
  readonly description: string;
  readonly arguments?: readonly ArgumentSpec[];
  readonly options: O;
  /** Example command lines, each with a comment. */
  readonly examples: readonly string[];
  /** Rows of the exit-code table that apply (see exit-codes.ts). */
  readonly exitCodeRows: readonly string[];
  /** The exit code of a usage error. */
  readonly usageExitCode: number;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean | undefined
  : S['multiple'] extends true ? string[] | undefined
    : S extends { readonly default: string } ? string : string | undefined;

/** The parsed flags of a command, typed after its options. */
export type OptionValues<O extends Record<string, OptionSpec>> = { -readonly [K in keyof O]: ValueOf<O[K]> };

/** What a command line parsed into. */
export interface ParsedArgs<O extends Record<string, OptionSpec>> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/** Thrown by `parseArgs` when `--help` was asked for: the text to print, exit 0. */
export class HelpRequested extends Error {
  constructor(public readonly text: string) {
    super('help requested');
  }
}

/**
 * Parses `args` (the words after the command name) with commander against `spec`: unknown flags,
 * missing values, values outside `choices` and extra arguments become a `UsageError` naming the
 * flag; `--help` throws `HelpRequested` with the help text, examples and exit codes.
 */
export function parseArgs<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, args: readonly string[]): ParsedArgs<O> {
  let help = '';
  const program = new Commander(`tenant-platform ${spec.name}`)
    .description(spec.description)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: text => { help += text; }, writeErr: text => { help += text; }, outputError: () => undefined })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addHelpText('after', helpFooter(spec));
  for (const arg of spec.arguments ?? []) {
    const argument = new Argument(arg.optional ? `[${arg.name}]` : `<${arg.name}>`, arg.description);
    program.addArgument(arg.choices ? argument.choices(arg.choices) : argument);
  }
  const attributes = new Map<string, string>();
  for (const [name, option] of Object.entries(spec.options)) {
    const flags = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` <${option.value ?? 'VALUE'}>` : ''}`;
    const commanderOption = new Option(flags, option.description + (option.default !== undefined ? ` (default: ${option.default})` : ''));
    if (option.choices) commanderOption.choices(option.choices);
    if (option.multiple) commanderOption.argParser((value: string, previous: string[] | undefined) => (previous ?? []).concat(value));
    program.addOption(commanderOption);
    attributes.set(name, commanderOption.attributeName());
  }
  try {
    program.parse([...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') throw new HelpRequested(help);
    throw new UsageError(e.message.replace(/^error: /, '').replace(/\n+/g, ' ').trim());
  }
  const parsed = program.opts();
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) values[name] = parsed[attributes.get(name)!] ?? option.default;
  return { values: values as OptionValues<O>, positionals: program.args };
}

/**
 * A command whose arguments are parsed by `parseArgs` before `handler` runs: help goes to stdout
 * (exit 0), usage errors are thrown for `main` to print in one line with the command's usage exit code.
 */
export function defineCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  handler: (parsed: ParsedArgs<O>, io: CommandIo) => Promise<number>,
): Command {
  return {
    summary: spec.summary,
    usageExitCode: spec.usageExitCode,
    async run(args, io) {
      let parsed: ParsedArgs<O>;
      try {
        parsed = parseArgs(spec, args);
      } catch (e) {
        if (!(e instanceof HelpRequested)) throw e;
        io.out(e.text);
        return 0;
      }
      return handler(parsed, io);
    },
  };
}

function helpFooter(spec: CommandSpec<any>): string {
  return [
    '',
    'Examples:',
    ...spec.examples.map(example => `  ${example}`),
    '',
    'Exit codes:',
    exitCodesText(spec.exitCodeRows).trimEnd(),
    '',
  ].join('\n');
}
