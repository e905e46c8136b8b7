/**
 * Where synthesis writes runbooks in the cloud assembly, and the shape of their index — shared by
 * the writer and the `tenant-platform runbooks` command (which must not load aws-cdk-lib).
 */

/** The folder of the cloud assembly runbooks are written to: `runbooks/<locale>/*.md`. */
export const RUNBOOK_FOLDER = 'runbooks';

/** Name of the file listing every runbook section, next to the locale folders. */
export const RUNBOOK_INDEX_FILE = 'index.json';

/** The shape of `runbooks/index.json`. */
export interface RunbookIndexJson {
  readonly version: 1;
  /** The locales written, each a folder (`ja`, `en`). */
  readonly locales: string[];
  readonly runbooks: Array<{
    readonly stackName: string;
    readonly stackPath: string;
    readonly file: string;
    readonly sections: Array<{ readonly anchor: string; readonly kind: string; readonly title: { readonly ja?: string; readonly en?: string } }>;
  }>;
}
