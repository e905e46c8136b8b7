/**
 * Checks over the runbooks synthesis writes into a cloud assembly (`<assembly>/runbooks/{ja,en}`),
 * reusable by any test that synthesizes an app: placeholders in commands, anchors, and alarms whose
 * description links to no runbook section (MON-08).
 */
import * as fs from 'fs';
import * as path from 'path';
import { findPlaceholders } from '../../src/runbooks/placeholders';
import { RUNBOOK_FOLDER } from '../../src/runbooks/runbook-files';
import { ALL_LOCALES } from '../../src/runbooks/runbook-locale';

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
  const problems: string[] = [];
  for (const file of templateFiles(assemblyDir)) {
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudWatch::Alarm' && resource.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
      const where = `${path.basename(file)} ${logicalId}`;
      const description = resource.Properties?.AlarmDescription;
      const link = typeof description === 'string' ? /Runbook: (\S+)/.exec(description)?.[1] : undefined;
      const target = link && /(?:^|\/)(ja|en)\/([^/#]+\.md)#([a-z0-9-]+)$/.exec(link);
      if (!target) {
        problems.push(`${where}: description has no "Runbook: <link>" (${JSON.stringify(description)})`);
        continue;
      }
      for (const locale of ALL_LOCALES) {
        const runbook = path.join(assemblyDir, RUNBOOK_FOLDER, locale, target[2]);
        if (!fs.existsSync(runbook) || !anchorsOf(runbook).has(target[3])) {
          problems.push(`${where}: ${link} has no section "${target[3]}" in ${path.relative(assemblyDir, runbook)}`);
        }
      }
    }
  }
  return problems;
}
