import * as fs from 'fs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { UnresolvedValue } from './rule';

/** A resource as it will appear in the synthesized template, tokens resolved. */
export interface ResourceTemplate {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

let runCache: WeakMap<object, Map<string | object, unknown>> | undefined;

/**
 * Runs `fn` (one validation run) with `memoized` values kept, so the rules of the run resolve each
 * resource and index the app once. Outside a run nothing is kept: the tree may change between runs.
 */
export function withRunCache<T>(fn: () => T): T {
  const outer = runCache;
  runCache = new WeakMap();
  try {
    return fn();
  } finally {
    runCache = outer;
  }
}

/** A synthesized template of the app being validated: the stack's construct path and the template file. */
export interface SynthesizedTemplate {
  readonly stackConstructPath: string;
  readonly templatePath: string;
}

let synthesized: Map<string, string> | undefined;

/**
 * Runs `fn` (a validation plugin's `validate`) with the templates CDK synthesized for it: within it,
 * `templateOf` reads a resource from its stack's template instead of resolving the construct again
 * (the tree is final once synthesized, so both are the same; reading is cheaper by far).
 */
export function withSynthesizedTemplates<T>(templates: readonly SynthesizedTemplate[], fn: () => T): T {
  const outer = synthesized;
  synthesized = new Map(templates.map(t => [t.stackConstructPath, t.templatePath]));
  try {
    return fn();
  } finally {
    synthesized = outer;
  }
}

/**
 * `compute()`, memoized per `owner` and `kind` for the current validation run. `kind` names what is
 * memoized, or is the object it depends on besides `owner` (e.g. the stack a value is resolved in).
 */
export function memoized<T>(owner: object, kind: string | object, compute: () => T): T {
  if (!runCache) return compute();
  let entries = runCache.get(owner);
  if (!entries) {
    entries = new Map();
    runCache.set(owner, entries);
  }
  const cached = entries.get(kind);
  if (cached !== undefined || entries.has(kind)) return cached as T;
  const value = compute();
  entries.set(kind, value);
  return value;
}

/**
 * The resource as CloudFormation will see it: the CfnResource's rendered properties with escape-hatch
 * overrides applied, resolved in its stack (`Stack.of(node).resolve`, as cdk-nag resolves tokens).
 * Values that are still unknown at synth time remain CloudFormation intrinsics (`{ Ref: ... }`).
 */
export function templateOf(node: CfnResource): ResourceTemplate {
  return memoized(node, 'template', () => {
    const resource = synthesizedResource(node)
      ?? Object.values((Stack.of(node).resolve(node._toCloudFormation()) as { Resources: Record<string, any> }).Resources)[0];
    return { ...resource, Properties: resource.Properties ?? {} };
  });
}

/** `node` as written in the synthesized template of its stack, when a validation provides one. */
function synthesizedResource(node: CfnResource): any {
  return synthesizedTemplateOf(Stack.of(node))?.Resources?.[logicalIdOf(node)];
}

/** The synthesized template of `stack`, read once per validation run, when the validation provides one. */
export function synthesizedTemplateOf(stack: Stack): { Resources?: Record<string, any>; Parameters?: Record<string, any> } | undefined {
  const templatePath = synthesized?.get(stack.node.path);
  if (templatePath === undefined) return undefined;
  return memoized(stack, 'synthesizedTemplate', () => JSON.parse(fs.readFileSync(templatePath, 'utf8')));
}

/** The logical id of `resource` in its stack, resolved once per validation run. */
export function logicalIdOf(resource: CfnResource): string {
  return memoized(resource, 'logicalId', () => Stack.of(resource).resolve(resource.logicalId) as string);
}

/** The resolved CloudFormation properties of `node`. */
export function propertiesOf(node: CfnResource): Record<string, any> {
  return templateOf(node).Properties;
}

/** Whether `value` is a CloudFormation intrinsic (`Ref`, `Fn::*`, `Condition`), i.e. not known at synth. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/** `value` if it is known at synth (not an intrinsic), else throws `UnresolvedValue` for `property`. */
export function known<T>(value: T, property: string): T {
  if (isIntrinsic(value)) throw new UnresolvedValue(property, value);
  return value;
}

/** A primitive known at synth (string, number, boolean or undefined), else throws `UnresolvedValue`. */
export function primitive(value: unknown, property: string): string | number | boolean | undefined {
  if (value !== undefined && value !== null && typeof value === 'object') throw new UnresolvedValue(property, value);
  return value as string | number | boolean | undefined;
}

/** A CloudFormation boolean (`true` or `"true"`), `undefined` when absent. */
export function booleanOf(value: unknown, property: string): boolean | undefined {
  const v = primitive(value, property);
  if (v === undefined) return undefined;
  return v === true || String(v).toLowerCase() === 'true';
}

/** A CloudFormation number (`30` or `"30"`), `undefined` when absent. */
export function numberOf(value: unknown, property: string): number | undefined {
  const v = primitive(value, property);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (Number.isNaN(n)) throw new UnresolvedValue(property, value);
  return n;
}

/** A CloudFormation string, `undefined` when absent. */
export function stringOf(value: unknown, property: string): string | undefined {
  const v = primitive(value, property);
  return v === undefined ? undefined : String(v);
}

/** A list known at synth (absent = empty), else throws `UnresolvedValue`. */
export function listOf(value: unknown, property: string): any[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UnresolvedValue(property, value);
  return value;
}
