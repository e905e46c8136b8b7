import * as fs from 'fs';
import * as path from 'path';
import { DesiredResource, parseDefinition } from '../model/desired-resource';

/** CloudFormation type prefix of the custom resources written by the Datadog constructs. */
export const RESOURCE_TYPE_PREFIX = 'Custom::Datadog';

/** The Datadog resources an app declares, read offline from its cloud assembly. */
export interface DesiredState {
  readonly resources: DesiredResource[];
  /** Every stack of the assembly, lower-cased as in the stack tag: the scope of deletions. */
  readonly stacks: Set<string>;
}

/**
 * Reads the `Definition` property of every Datadog custom resource in the templates of the cloud
 * assembly at `dir` (a `cdk.out`), nested assemblies (stages) included.
 */
export function readDesiredState(dir: string): DesiredState {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${dir} is not a cloud assembly (no manifest.json); run "cdk synth" first`);
  }
  const state: DesiredState = { resources: [], stacks: new Set() };
  collect(dir, state);
  return state;
}

function collect(dir: string, state: DesiredState): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      collect(path.join(dir, artifact.properties.directoryName), state);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const stackName: string = artifact.properties?.stackName ?? artifactId;
    state.stacks.add(stackName.toLowerCase());
    const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (typeof resource.Type !== 'string' || !resource.Type.startsWith(RESOURCE_TYPE_PREFIX)) continue;
      const definition = resource.Properties?.Definition;
      if (typeof definition !== 'string') {
        throw new Error(`${stackName}/${logicalId} (${resource.Type}): its definition contains deploy-time values ` +
          `(${Object.keys(definition ?? {}).join(', ') || 'none'}) and cannot be read offline; keep tokens out of Datadog props`);
      }
      state.resources.push(parseDefinition(definition));
    }
  }
}
