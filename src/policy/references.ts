import { CfnOutput, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { UnresolvedValue } from './rule';
import { logicalIdOf, memoized, propertiesOf, synthesizedTemplateOf } from './template';

/** Every construct of the app of `scope`, listed once per validation run. */
function appConstructs(scope: IConstruct): IConstruct[] {
  const root = scope.node.root;
  return memoized(root, 'constructs', () => root.node.findAll());
}

/**
 * Every `CfnResource` of the app `scope` belongs to (all stacks and stages), optionally only the
 * given CloudFormation types. Relational rules look here for the resources that relate to theirs.
 */
export function appResources(scope: IConstruct, ...types: string[]): CfnResource[] {
  const root = scope.node.root;
  const all = memoized(root, 'resources', () => appConstructs(root).filter(CfnResource.isCfnResource));
  if (types.length === 0) return all;
  // One list per set of types and validation run (so that `referrers` can index it once), in app order.
  const byType = memoized(root, 'resourcesByType', () => {
    const map = new Map<string, CfnResource[]>();
    for (const r of all) {
      const list = map.get(r.cfnResourceType);
      if (list) list.push(r);
      else map.set(r.cfnResourceType, [r]);
    }
    return map;
  });
  if (types.length === 1) return byType.get(types[0]) ?? NO_RESOURCES;
  return memoized(root, `resources:${[...types].sort().join(',')}`, () => {
    const wanted = new Set(types);
    return all.filter(r => wanted.has(r.cfnResourceType));
  });
}

/**
 * The resources of the app that `value` (resolved in `stack`) refers to: through `Ref`,
 * `Fn::GetAtt`, `Fn::Sub`, `Fn::ImportValue` of an export of another stack of the app, and `Ref` of
 * an `AWS::SSM::Parameter::Value<String>` parameter or a `{{resolve:ssm:...}}` dynamic reference
 * naming an `AWS::SSM::Parameter` of the app, however deep inside joins and lists. Other literal
 * strings refer to nothing in the app.
 *
 * Throws `UnresolvedValue` for `property` when a reference leads out of the app: a parameter, an
 * import no stack exports, a condition.
 */
export function referencedResources(stack: Stack, value: unknown, property: string): CfnResource[] {
  const references = value !== null && typeof value === 'object'
    // Properties come from the memoized templates, so the same value is walked once per run.
    ? memoized(value, stack, () => followReferences(stack, value))
    : typeof value === 'string' && value.includes('{{resolve:ssm:')
      ? followReferences(stack, value) // a dynamic reference, e.g. one subnet id of a list
      : NO_RESOURCES; // a literal refers to nothing in the app
  if (references === UNRESOLVED) throw new UnresolvedValue(property, value);
  return references;
}

const NO_RESOURCES: CfnResource[] = [];
const UNRESOLVED = Symbol('unresolved');
/** Ends a walk that left the app. */
class LeadsOut extends Error {}

/** The resources `value` refers to, or `UNRESOLVED` when a reference leads out of the app. */
function followReferences(stack: Stack, value: unknown): CfnResource[] | typeof UNRESOLVED {
  const found: CfnResource[] = [];

  const byName = (within: Stack, name: string) => {
    if (name.startsWith('AWS::')) return; // pseudo parameter
    const resource = resourcesByLogicalId(within).get(name);
    if (resource) {
      found.push(resource);
      return;
    }
    // CloudFormation resolves an SSM-typed parameter to the parameter its default names at deploy time.
    const parameterName = ssmParameterNameOf(within, name);
    const published = parameterName === undefined ? undefined : appSsmParameters(within).get(parameterName);
    if (!published) throw new LeadsOut(); // a parameter, or something outside the template
    walk(published.stack, published.value);
  };

  const walk = (within: Stack, v: unknown): void => {
    if (typeof v === 'string') {
      // A dynamic reference `{{resolve:ssm:<name>}}` resolves, like an SSM-typed parameter, to that parameter's value.
      for (const [, parameterName] of v.matchAll(/\{\{resolve:ssm:([^}:]+)\}\}/g)) {
        const published = appSsmParameters(within).get(parameterName);
        if (!published) throw new LeadsOut();
        walk(published.stack, published.value);
      }
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach(item => walk(within, item));
      return;
    }
    const obj = v as Record<string, unknown>;
    if ('Ref' in obj) return byName(within, String(obj.Ref));
    if ('Fn::GetAtt' in obj) {
      const att = obj['Fn::GetAtt'];
      return byName(within, Array.isArray(att) ? String(att[0]) : String(att).split('.')[0]);
    }
    if ('Fn::Sub' in obj) {
      const sub = obj['Fn::Sub'];
      const [text, vars] = Array.isArray(sub) ? [String(sub[0]), sub[1] as Record<string, unknown>] : [String(sub), {}];
      for (const [, name] of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const head = name.split('.')[0];
        if (!(head in (vars ?? {}))) byName(within, head);
      }
      return walk(within, vars);
    }
    if ('Fn::ImportValue' in obj) {
      const name = obj['Fn::ImportValue'];
      const exported = typeof name === 'string' ? appExports(within).get(name) : undefined;
      if (!exported) throw new LeadsOut();
      return walk(exported.stack, exported.value);
    }
    if ('Fn::If' in obj || 'Condition' in obj) throw new LeadsOut();
    Object.values(obj).forEach(item => walk(within, item));
  };

  try {
    walk(stack, value);
  } catch (e) {
    if (e instanceof LeadsOut) return UNRESOLVED;
    throw e;
  }
  return found;
}

/** Whether `value` (a property of `from`) refers to `target`. Throws `UnresolvedValue` like `referencedResources`. */
export function refersTo(from: CfnResource, value: unknown, property: string, target: CfnResource): boolean {
  return referencedResources(Stack.of(from), value, property).includes(target);
}

/** The candidates that refer to a target, and the first candidate reference that could not be followed. */
export interface Referrers {
  readonly matches: CfnResource[];
  readonly unresolved?: UnresolvedValue;
}

/**
 * The `candidates` whose property `property` (read by `valueOf` from their resolved properties)
 * refers to `target`. A candidate whose reference cannot be followed is remembered in `unresolved`
 * instead of being counted as "not a referrer".
 *
 * Within a validation run the candidates are indexed once per list, `property` and `valueOf`
 * (which must be a pure function of the properties), so asking for every target costs one pass.
 */
export function referrers(
  target: CfnResource,
  candidates: CfnResource[],
  property: string,
  valueOf: (properties: Record<string, any>) => unknown,
): Referrers {
  const index = memoized(candidates, `referrers:${property}:${valueOf}`, () => referrerIndex(candidates, property, valueOf));
  return { matches: index.byTarget.get(target) ?? [], unresolved: index.unresolved };
}

/** Every candidate under each resource it refers to (in candidate order), and the first reference that could not be followed. */
function referrerIndex(candidates: CfnResource[], property: string, valueOf: (properties: Record<string, any>) => unknown) {
  const byTarget = new Map<CfnResource, CfnResource[]>();
  let unresolved: UnresolvedValue | undefined;
  for (const candidate of candidates) {
    try {
      for (const target of new Set(referencedResources(Stack.of(candidate), valueOf(propertiesOf(candidate)), property))) {
        const list = byTarget.get(target);
        if (list) list.push(candidate);
        else byTarget.set(target, [candidate]);
      }
    } catch (e) {
      if (!(e instanceof UnresolvedValue)) throw e;
      unresolved ??= e;
    }
  }
  return { byTarget, unresolved };
}

/**
 * The matches of `found`; when there are none but a candidate could not be resolved, throws its
 * `UnresolvedValue` (the relation may exist, so the rule must not pass and must not fail).
 */
export function matchesOrUnresolved(found: Referrers): CfnResource[] {
  if (found.matches.length === 0 && found.unresolved) throw found.unresolved;
  return found.matches;
}

/**
 * The one resource of the given types that `value` (a property of `from`) designates. A literal
 * name or id (a resource outside the app) and a reference out of the app throw `UnresolvedValue`:
 * the rule cannot inspect what it does not see.
 */
export function designatedResource(from: CfnResource, value: unknown, property: string, ...types: string[]): CfnResource {
  const match = referencedResources(Stack.of(from), value, property).find(r => types.includes(r.cfnResourceType));
  if (!match) throw new UnresolvedValue(property, value);
  return match;
}

function resourcesByLogicalId(stack: Stack): Map<string, CfnResource> {
  // One pass over the app for all its stacks: one pass per stack would be quadratic in stacks.
  const root = stack.node.root;
  const byStack = memoized(root, 'byStackAndLogicalId', () => {
    const map = new Map<Stack, Map<string, CfnResource>>();
    for (const r of appResources(root)) {
      const owner = Stack.of(r);
      let resources = map.get(owner);
      if (!resources) map.set(owner, resources = new Map());
      resources.set(logicalIdOf(r), r);
    }
    return map;
  });
  return byStack.get(stack) ?? new Map();
}

/** The SSM parameter name that the template parameter `logicalId` of `stack` reads, if it is SSM-typed with a literal default. */
function ssmParameterNameOf(stack: Stack, logicalId: string): string | undefined {
  const template = synthesizedTemplateOf(stack);
  if (template) {
    const parameter = template.Parameters?.[logicalId];
    return isSsmTyped(parameter?.Type) && typeof parameter.Default === 'string' ? parameter.Default : undefined;
  }
  const parameters = memoized(stack, 'ssmTypedParameters', () => {
    const map = new Map<string, string>();
    for (const p of stack.node.findAll().filter((c): c is CfnParameter => c instanceof CfnParameter)) {
      if (Stack.of(p) !== stack || !isSsmTyped(p.type)) continue;
      const name = stack.resolve(p.default);
      if (typeof name === 'string') map.set(stack.resolve(p.logicalId), name);
    }
    return map;
  });
  return parameters.get(logicalId);
}

/** Whether a template parameter of `type` reads an SSM parameter (`AWS::SSM::Parameter::Value<...>`). */
function isSsmTyped(type: unknown): boolean {
  return typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<');
}

/** The `AWS::SSM::Parameter` resources of every stack of the app, by literal parameter name. */
function appSsmParameters(scope: IConstruct): Map<string, { stack: Stack; value: unknown }> {
  const root = scope.node.root;
  return memoized(root, 'ssmParameters', () => {
    const map = new Map<string, { stack: Stack; value: unknown }>();
    for (const parameter of appResources(root, 'AWS::SSM::Parameter')) {
      const properties = propertiesOf(parameter);
      if (typeof properties.Name === 'string') map.set(properties.Name, { stack: Stack.of(parameter), value: properties.Value });
    }
    return map;
  });
}

/** The exports of every stack of the app, by export name. */
function appExports(scope: IConstruct): Map<string, { stack: Stack; value: unknown }> {
  const root = scope.node.root;
  return memoized(root, 'exports', () => {
    const map = new Map<string, { stack: Stack; value: unknown }>();
    for (const output of appConstructs(root).filter((c): c is CfnOutput => c instanceof CfnOutput)) {
      const stack = Stack.of(output);
      const name = output.exportName === undefined ? undefined : stack.resolve(output.exportName);
      if (typeof name === 'string') map.set(name, { stack, value: stack.resolve(output.value) });
    }
    return map;
  });
}

