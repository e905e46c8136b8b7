import { Construct } from 'constructs';

/**
 * What a platform has imported into each consuming scope, memoised so that a scope never creates
 * the same construct (and construct id) twice.
 */
export class ScopedImports {
  private readonly imports = new WeakMap<Construct, Map<string, unknown>>();

  /** The import `key` in `scope`, made by `make` the first time. */
  public in<T>(scope: Construct, key: string, make: () => T): T {
    let forScope = this.imports.get(scope);
    if (!forScope) this.imports.set(scope, forScope = new Map());
    if (!forScope.has(key)) forScope.set(key, make());
    return forScope.get(key) as T;
  }
}
