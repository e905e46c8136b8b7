/**
 * Checks over the runbooks synthesis writes into a cloud assembly (`<assembly>/runbooks/{ja,en}`),
 * reusable by any test that synthesizes an app: placeholders in commands, anchors, and alarms whose
 * description links to no runbook section (MON-08).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_LOCALES } from '../../src/core/runbook-locale';
import { findPlaceholders } from '../../src/runbooks/placeholders';
import { RUNBOOK_FOLDER } from '../../src/runbooks/runbook-files';

/** A placeholder found in a runbook command. */
export interface RunbookPlaceholder {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** Every fenced `bash` block of `markdown`, with the line its first command is on. */
export function shellBlocks(markdown: string): Array<{ line: number; script: string }> {
  const blocks: Array<{ line: number; script: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```bash') continue;
    const indent = lines[i].indexOf('`');
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j].trim() !== '```'; j++) body.push(lines[j].slice(indent));
    blocks.push({ line: i + 2, script: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** Every Markdown file under `dir`, recursively. */
export function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** Placeholders in the commands of every runbook under `dir`. */
export function runbookPlaceholders(dir: string): RunbookPlaceholder[] {
  return markdownFiles(dir).flatMap(file => shellBlocks(fs.readFileSync(file, 'utf8')).flatMap(block =>
    findPlaceholders(block.script).map(f => ({ file: path.relative(dir, file), line: block.line + f.line - 1, text: f.text, reason: f.reason }))));
}

/** The section anchors (`<a id="...">`) of a runbook file. */
export function anchorsOf(file: string): Set<string> {
  return new Set([...fs.readFileSync(file, 'utf8').matchAll(/<a id="([^"]+)"><\/a>/g)].map(m => m[1]));
}

/**
 * The rendered section `anchor` of a runbook's Markdown: from its anchor to the next section or
 * group heading. Throws when the runbook has no such section.
 */
export function sectionOf(markdown: string, anchor: string): string {
  const start = markdown.indexOf(`<a id="${anchor}"></a>`);
  if (start < 0) throw new Error(`the runbook has no section "${anchor}"`);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/\n<a id="|\n## /);
  return end < 0 ? markdown.slice(start) : markdown.slice(start, start + 1 + end);
}

/** The numbered steps of a rendered section, as their first lines read. */
export function stepsOf(section: string): string[] {
  return [...section.matchAll(/^\d+\. (.*)$/gm)].map(m => m[1]);
}

/** Every CloudFormation template in `assemblyDir`, nested assemblies included. */
export function templateFiles(assemblyDir: string): string[] {
  return fs.readdirSync(assemblyDir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(assemblyDir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('assembly-') ? templateFiles(full) : [];
    return entry.name.endsWith('.template.json') ? [full] : [];
  });
}

/**
 * Alarms (metric and composite) in the synthesized templates whose description has no
 * `Runbook: <link>`, or whose link points to a section missing from the runbook of either locale.
 * Returns one line per problem, naming the template and the alarm's logical id.
 */
export function alarmsWithoutRunbookSection(assemblyDir: string): string[] {
  return templateResources(assemblyDir, ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'])
    .flatMap(({ where, resource }) => runbookLinkProblems(assemblyDir, where, resource.Properties?.AlarmDescription));
}

/**
 * The same for Datadog (MON-08): monitors, composites and synthetics tests whose message, and SLOs
 * whose description, has no `Runbook: <link>` to a section of both locales.
 */
export function datadogMonitorsWithoutRunbookSection(assemblyDir: string): string[] {
  const types = ['Custom::DatadogMonitor', 'Custom::DatadogSyntheticsApiTest', 'Custom::DatadogSlo'];
  return templateResources(assemblyDir, types).flatMap(({ where, resource }) => {
    const body = JSON.parse(resource.Properties.Definition).body;
    return runbookLinkProblems(assemblyDir, where, resource.Type === 'Custom::DatadogSlo' ? body.description : body.message);
  });
}

function templateResources(assemblyDir: string, types: string[]): Array<{ where: string; resource: any }> {
  return templateFiles(assemblyDir).flatMap(file => Object.entries<any>(JSON.parse(fs.readFileSync(file, 'utf8')).Resources ?? {})
    .filter(([, resource]) => types.includes(resource.Type))
    .map(([logicalId, resource]) => ({ where: `${path.basename(file)} ${logicalId}`, resource })));
}

/** Problems with the `Runbook: <link>` of `text`: missing, or pointing to no section of a locale. */
function runbookLinkProblems(assemblyDir: string, where: string, text: unknown): string[] {
  const link = typeof text === 'string' ? /Runbook: (\S+)/.exec(text)?.[1] : undefined;
  const target = link && /(?:^|\/)(ja|en)\/([^/#]+\.md)#([a-z0-9-]+)$/.exec(link);
  if (!target) return [`${where}: description has no "Runbook: <link>" (${JSON.stringify(text)})`];
  return ALL_LOCALES.flatMap(locale => {
    const runbook = path.join(assemblyDir, RUNBOOK_FOLDER, locale, target[2]);
    return fs.existsSync(runbook) && anchorsOf(runbook).has(target[3])
      ? [] : [`${where}: ${link} has no section "${target[3]}" in ${path.relative(assemblyDir, runbook)}`];
  });
}
