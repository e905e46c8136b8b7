import { ResourceLookup } from '../resource-lookup';
import { RunbookCommand } from '../runbook-command';

/** `command` with the lookups of `available` it uses (`$NAME` or `${NAME...}`), so a section can share one set of lookups. */
export function commandUsing(command: string, available: { [variable: string]: ResourceLookup }): RunbookCommand {
  return RunbookCommand.withLookups(command,
    Object.fromEntries(Object.entries(available).filter(([name]) => new RegExp(`\\$\\{?${name}\\b`).test(command))));
}
