import { Construct } from 'constructs';

/**
 * Throws one error listing every problem of a Datadog construct's props, prefixed with the
 * construct path, so `cdk synth` fails before anything reaches Datadog (MON-04).
 */
export function throwIfProblems(scope: Construct, problems: readonly string[]): void {
  if (problems.length) {
    throw new Error(`${scope.node.path}: ${problems.join('; ')}`);
  }
}

/** Problems with a list of Datadog tags (`key:value`, no spaces or commas, at most 200 characters). */
export function tagProblems(tags: readonly string[] | undefined): string[] {
  return (tags ?? [])
    .filter(tag => !/^[A-Za-z][\w\-./:]{0,199}$/.test(tag))
    .map(tag => `tag "${tag}" must start with a letter and contain only letters, digits, _ - . / : (at most 200 characters)`);
}
