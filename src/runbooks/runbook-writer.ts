import * as fs from 'fs';
import * as path from 'path';
import { TopologyGraph } from './deployment-topology';
import { renderLocale } from './render/index-page';
import { RUNBOOK_FOLDER, RUNBOOK_INDEX_FILE, RunbookIndexJson } from './runbook-files';
import { RunbookContent, RunbookSectionKind } from './runbook-section';
import { RunbookLocale } from '../core/runbook-locale';

/**
 * Writes `runbooks` and the index drawing `topology` into `<outdir>/runbooks/`: one folder per locale of
 * `locales` (the app's runbook locales) with a file per stack and `README.md`, and `index.json`. The folder is replaced, so a removed stack leaves
 * no stale runbook behind.
 */
export function writeRunbooks(outdir: string, runbooks: readonly RunbookContent[], topology: TopologyGraph, locales: readonly RunbookLocale[]): void {
  const names = new Map<string, string>();
  for (const r of runbooks) {
    const clash = r.fileName.toLowerCase() === 'readme.md' ? 'the index' : names.get(r.fileName);
    if (clash) throw new Error(`runbook of stack ${r.stack.node.path} would be written to ${r.fileName}, as is ${clash}; rename the stack`);
    names.set(r.fileName, `the runbook of stack ${r.stack.node.path}`);
  }
  // Render everything first: a rendering error must not leave half-written runbooks.
  const rendered = locales.map(locale => ({ locale, files: renderLocale(runbooks, topology, locale, locales) }));
  const root = path.join(outdir, RUNBOOK_FOLDER);
  fs.rmSync(root, { recursive: true, force: true });
  for (const { locale, files } of rendered) {
    fs.mkdirSync(path.join(root, locale), { recursive: true });
    for (const [file, markdown] of files) fs.writeFileSync(path.join(root, locale, file), markdown);
  }
  const index: RunbookIndexJson = {
    version: 1,
    locales: [...locales],
    runbooks: runbooks.map(r => ({
      stackName: r.stack.stackName,
      stackPath: r.stack.node.path,
      file: r.fileName,
      sections: r.sections.map(s => ({
        anchor: s.anchor,
        kind: s.kind ?? RunbookSectionKind.PROCEDURE,
        title: Object.fromEntries(locales.map(locale => [locale, r.stack.resolve(s.title[locale])])),
      })),
    })),
  };
  fs.writeFileSync(path.join(root, RUNBOOK_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
}
