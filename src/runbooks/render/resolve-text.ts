import { Stack, Token } from 'aws-cdk-lib';

/**
 * `text` with its synth-time tokens (lazy values, stack names) resolved in `stack`. A text that still
 * holds a deploy-time value (a `Ref`, a `GetAtt`) cannot be printed, so it is an error naming
 * `where`: such values belong in a command, through a `ResourceLookup`.
 */
export function resolveText(stack: Stack, text: string, where: string): string {
  if (!Token.isUnresolved(text)) return text;
  const resolved = stack.resolve(text);
  if (typeof resolved !== 'string') {
    throw new Error(`${where} contains a value only known after deploy (${JSON.stringify(resolved)}); ` +
      'use RunbookCommand.withLookups with a ResourceLookup instead');
  }
  return resolved;
}
