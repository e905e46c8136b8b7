import * as fs from 'fs';
import * as path from 'path';
import { TopologyGraph } from './deployment-topology';
import { renderLocale } from './render/index-page';
import { RUNBOOK_FOLDER, RUNBOOK_INDEX_FILE, RunbookIndexJson } from './runbook-files';
import { RunbookContent, RunbookSectionKind } from './runbook-section';
import { RunbookLocale } from '../core/runbook-locale';

/**
 * Writes `runbooks` and the index drawing `topology` into `<outdir>/runbooks/`: one folder per locale of
 * `locales` (the app's runbook locales) with a file per stack and `README.md`, and `index.json`. The
 * folder is replaced as a whole once everything rendered: a removed stack leaves no stale runbook
 * behind, and a rendering error leaves the previous folder as it was.
 */
export function writeRunbooks(outdir: string, runbooks: readonly RunbookContent[], topology: TopologyGraph, locales: readonly RunbookLocale[]): void {
  const names = new Map<string, string>();
  for (const r of runbooks) {
    const clash = r.fileName.toLowerCase() === 'readme.md' ? 'the index' : names.get(r.fileName);
    if (clash) throw new Error(`runbook of stack ${r.stack.node.path} would be written to ${r.fileName}, as is ${clash}; rename the stack`);
    names.set(r.fileName, `the runbook of stack ${r.stack.node.path}`);
  }
  // Each file is written as soon as it is rendered, into a staging folder that replaces the runbooks
  // only when all rendered: holding every rendered file until the end kept ~90 MB alive at 400 tenants.
  const root = path.join(outdir, RUNBOOK_FOLDER);
  const staging = `${root}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    writeFiles(staging, runbooks, topology, locales);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.renameSync(staging, root);
}

/** Renders and writes the locale folders and `index.json` into `folder`, one file at a time. */
function writeFiles(folder: string, runbooks: readonly RunbookContent[], topology: TopologyGraph, locales: readonly RunbookLocale[]): void {
  for (const locale of locales) {
    fs.mkdirSync(path.join(folder, locale), { recursive: true });
    for (const [file, markdown] of renderLocale(runbooks, topology, locale, locales)) fs.writeFileSync(path.join(folder, locale, file), markdown);
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
  fs.writeFileSync(path.join(folder, RUNBOOK_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
}
