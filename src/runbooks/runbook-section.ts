import { Stack } from 'aws-cdk-lib';
import { RunbookCommand } from './runbook-command';
import { checkLocalizedText as checkText, LocalizedText } from '../core/localized-text';
import { ALL_LOCALES, RunbookLocale } from '../core/runbook-locale';

/** What a section is for; sections are grouped by kind in the rendered runbook. */
export enum RunbookSectionKind {
  /** Rules every operator follows: incident levels, escalation, periodic work, checklists. */
  POLICY = 'policy',
  /** A task: add a tenant, roll back, scale out, troubleshoot. */
  PROCEDURE = 'procedure',
  /** What to do when one alarm fires (MON-08). */
  ALARM = 'alarm',
}

/** One ordered step of a section. */
export interface RunbookStep {
  /** What to do and why. */
  readonly text: LocalizedText;
  /**
   * The exact commands, run in order.
   * @default - no commands (a step done by a person or in a console)
   */
  readonly commands?: RunbookCommand[];
  /**
   * What the operator should see when the step worked.
   * @default - nothing stated
   */
  readonly expected?: LocalizedText;
  /**
   * Items to tick off, rendered as a checklist.
   * @default - no checklist
   */
  readonly checklist?: LocalizedText[];
}

/** One row of a `RunbookTable`. */
export interface RunbookTableRow {
  /** The cells, as many as the table has columns. */
  readonly cells: LocalizedText[];
}

/** A small table in a section (incident levels, alarm facts, rollout phases). */
export interface RunbookTable {
  /** Column headings. */
  readonly header: LocalizedText[];
  /** The rows. */
  readonly rows: RunbookTableRow[];
}

/**
 * A link from a section: either an external `url`, or the section `anchor` of a runbook in this
 * app (checked at synth, so links never dangle).
 */
export interface RunbookLink {
  /** The link text. */
  readonly text: LocalizedText;
  /**
   * An external address (https://...).
   * @default - none; `anchor` is required
   */
  readonly url?: string;
  /**
   * The anchor of a section in this app's runbooks.
   * @default - none; `url` is required
   */
  readonly anchor?: string;
  /**
   * The stack whose runbook holds `anchor`.
   * @default - the runbook the link is in
   */
  readonly stack?: Stack;
}

/**
 * One section of a runbook: a stable anchor (alarm descriptions link to it), when to use it, what
 * to do, and who to call.
 */
export interface RunbookSection {
  /** Stable anchor, unique in its runbook: lowercase letters, digits and hyphens, e.g. `tenant-acme-rollback`. */
  readonly anchor: string;
  /** The heading. */
  readonly title: LocalizedText;
  /** The alarm or event that sends an operator here. */
  readonly whenToUse: LocalizedText;
  /**
   * How the section is grouped.
   * @default RunbookSectionKind.PROCEDURE
   */
  readonly kind?: RunbookSectionKind;
  /**
   * Paragraphs shown before the table and the steps.
   * @default - none
   */
  readonly summary?: LocalizedText[];
  /**
   * A table shown before the steps.
   * @default - none
   */
  readonly table?: RunbookTable;
  /** The steps, in the order they are done. */
  readonly steps: RunbookStep[];
  /**
   * When and to whom to escalate.
   * @default - none stated
   */
  readonly escalation?: LocalizedText;
  /**
   * Related sections and documents.
   * @default - none
   */
  readonly links?: RunbookLink[];
  /**
   * Requirement IDs the section realises, e.g. `OPS-01`.
   * @default - none
   */
  readonly requirements?: string[];
}

/** What the renderers and the writer read of a runbook: its stack, file and sections. */
export interface RunbookContent {
  readonly stack: Stack;
  readonly fileName: string;
  readonly sections: RunbookSection[];
  hasSection(anchor: string): boolean;
}

/** Anchors: lowercase words joined by single hyphens, at most 100 characters. */
export const ANCHOR = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * `text` (a construct id or path, an identifier) as anchor words: lowercase letters and digits
 * joined by single hyphens, e.g. `PrimaryDb` → `primary-db`, `Shared/Uploads` → `shared-uploads`.
 */
export function anchorWords(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase().replace(/^-|-$/g, '');
}
const REQUIREMENT = /^[A-Z]{2,4}-\d{2}$/;
const URL = /^https?:\/\/\S+$/;

/** Throws unless `section` is complete in every locale of `locales` and well formed; errors name the part. */
export function checkSection(section: RunbookSection, locales: readonly RunbookLocale[] = ALL_LOCALES): void {
  const checkLocalizedText = (where: string, text: LocalizedText | undefined) => checkText(where, text, locales);
  const anchor = section?.anchor;
  if (typeof anchor !== 'string' || !ANCHOR.test(anchor) || anchor.length > 100) {
    throw new Error(`runbook section anchor ${JSON.stringify(anchor)} must match ${ANCHOR} and have at most 100 characters`);
  }
  const where = `runbook section "${anchor}"`;
  checkLocalizedText(`${where} title`, section.title);
  checkLocalizedText(`${where} whenToUse`, section.whenToUse);
  (section.summary ?? []).forEach((text, i) => checkLocalizedText(`${where} summary[${i}]`, text));
  if (section.table) checkTable(`${where} table`, section.table, locales);
  if (!Array.isArray(section.steps)) throw new Error(`${where} steps must be a list of RunbookStep`);
  if (section.steps.length === 0 && !section.table && !section.summary?.length) {
    throw new Error(`${where} says nothing: give it steps, a table or a summary`);
  }
  section.steps.forEach((step, i) => {
    const at = `${where} step ${i + 1}`;
    checkLocalizedText(`${at} text`, step?.text);
    if (step.expected) checkLocalizedText(`${at} expected`, step.expected);
    (step.checklist ?? []).forEach((item, j) => checkLocalizedText(`${at} checklist[${j}]`, item));
    (step.commands ?? []).forEach((command, j) => {
      if (!(command instanceof RunbookCommand)) throw new Error(`${at} commands[${j}] must be a RunbookCommand`);
    });
  });
  if (section.escalation) checkLocalizedText(`${where} escalation`, section.escalation);
  (section.links ?? []).forEach((link, i) => checkLink(`${where} links[${i}]`, link, locales));
  for (const id of section.requirements ?? []) {
    if (!REQUIREMENT.test(id)) throw new Error(`${where} requirement "${id}" must be a requirement ID such as OPS-01`);
  }
}

/** Throws unless `link` has a text in every locale of `locales` and exactly one well-formed target; `where` names it. */
export function checkLink(where: string, link: RunbookLink, locales: readonly RunbookLocale[] = ALL_LOCALES): void {
  checkText(`${where} text`, link?.text, locales);
  if ((link.url === undefined) === (link.anchor === undefined)) {
    throw new Error(`${where} must have exactly one of url and anchor`);
  }
  if (link.url !== undefined && !URL.test(link.url)) throw new Error(`${where} url "${link.url}" must be an http(s) address`);
  if (link.anchor !== undefined && !ANCHOR.test(link.anchor)) throw new Error(`${where} anchor "${link.anchor}" must match ${ANCHOR}`);
}

function checkTable(where: string, table: RunbookTable, locales: readonly RunbookLocale[]): void {
  const checkLocalizedText = (at: string, text: LocalizedText | undefined) => checkText(at, text, locales);
  if (!Array.isArray(table.header) || table.header.length === 0) throw new Error(`${where} needs a header`);
  table.header.forEach((cell, i) => checkLocalizedText(`${where} header[${i}]`, cell));
  table.rows.forEach((row, r) => {
    if (row.cells.length !== table.header.length) {
      throw new Error(`${where} row ${r + 1} has ${row.cells.length} cells, the header has ${table.header.length}`);
    }
    row.cells.forEach((cell, c) => checkLocalizedText(`${where} row ${r + 1} cell ${c + 1}`, cell));
  });
}
