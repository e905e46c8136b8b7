import * as fs from 'fs';
import * as path from 'path';
import { readJsonFile } from '../json-file';

/** Where a resource is in the synthesized templates. */
export interface ResourceLocation {
  /** The template file, relative to the assembly directory (`assembly-Prod/ProdTenant.template.json`). */
  readonly templateFile: string;
  /** The logical id in that template, when the construct is a resource. */
  readonly logicalId?: string;
  /** The 1-based line of the resource in the template, when found. */
  readonly line?: number;
}

interface StackEntry {
  readonly path: string;
  readonly templateFile: string;
}

/**
 * Maps construct paths to templates and logical ids by reading the cloud assembly manifest
 * (`manifest.json`, nested stage assemblies and `*.metadata.json` files).
 */
export class AssemblyIndex {
  /** Reads the assembly in `dir`; messages name its files relative to `cwd`. */
  public static load(dir: string, cwd: string): AssemblyIndex {
    const index = new AssemblyIndex(dir, cwd);
    index.read('');
    return index;
  }

  private readonly stacks: StackEntry[] = [];
  private readonly logicalIds = new Map<string, { templateFile: string; logicalId: string }>();
  private readonly lines = new Map<string, Map<string, number>>();

  private constructor(private readonly dir: string, private readonly cwd: string) {}

  /** The resource at a construct path (or the stack template containing it). */
  public resourceAt(constructPath: string): ResourceLocation | undefined {
    const resource = this.logicalIds.get(constructPath);
    if (resource) return this.locate(resource.templateFile, resource.logicalId);
    const stack = this.stacks
      .filter(s => constructPath === s.path || constructPath.startsWith(`${s.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    return stack ? { templateFile: stack.templateFile } : undefined;
  }

  /** The location of a logical id in a template (relative to the assembly directory). */
  public locate(templateFile: string, logicalId: string): ResourceLocation {
    return { templateFile, logicalId, line: this.lineOf(templateFile, logicalId) };
  }

  private read(subdir: string): void {
    const manifest = readJsonFile(path.join(this.dir, subdir, 'manifest.json'), this.cwd) as any;
    for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly') {
        this.read(path.join(subdir, artifact.properties.directoryName));
      } else if (artifact.type === 'aws:cloudformation:stack') {
        this.readStack(subdir, artifact);
      }
    }
  }

  private readStack(subdir: string, artifact: any): void {
    const templateFile = toPosix(path.join(subdir, artifact.properties.templateFile));
    const metadata: Record<string, any[]> = artifact.additionalMetadataFile
      ? readJsonFile(path.join(this.dir, subdir, artifact.additionalMetadataFile), this.cwd) as Record<string, any[]>
      : artifact.metadata ?? {};
    let stackPath = artifact.displayName;
    for (const [key, entries] of Object.entries(metadata)) {
      const constructPath = key.replace(/^\//, '');
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:logicalId') this.logicalIds.set(constructPath, { templateFile, logicalId: String(entry.data) });
        if (entry.type === 'aws:cdk:templateFile') stackPath = constructPath;
      }
    }
    this.stacks.push({ path: stackPath, templateFile });
  }

  private lineOf(templateFile: string, logicalId: string): number | undefined {
    let lines = this.lines.get(templateFile);
    if (!lines) {
      lines = new Map();
      const file = path.join(this.dir, templateFile);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
      // Logical ids are the keys one level inside "Resources" (the first such key sets the indent).
      const resources = text.findIndex(line => line.trim() === '"Resources": {');
      let indent: number | undefined;
      for (let i = resources + 1; resources >= 0 && i < text.length; i++) {
        const m = /^(\s*)"([A-Za-z0-9]+)": \{$/.exec(text[i]);
        if (!m) continue;
        indent ??= m[1].length;
        if (m[1].length === indent) lines.set(m[2], i + 1);
      }
      this.lines.set(templateFile, lines);
    }
    return lines.get(logicalId);
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
