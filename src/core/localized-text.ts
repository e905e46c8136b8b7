import { Token } from 'aws-cdk-lib';
import { ALL_LOCALES, RunbookLocale } from './runbook-locale';

/**
 * A text in the runbook locales the app renders: both by default, one when the app chooses so with
 * `RunbookCatalogSettings.locales` (or the context `cdk-tenant-platform:runbookLocales`), so an
 * English-only team writes `{ en }` only. A text missing a rendered locale is a synth error (OPS-06).
 */
export interface LocalizedText {
  /**
   * The Japanese text, as the operating team would write it.
   * @default - none; required when the app renders Japanese runbooks (the default)
   */
  readonly ja?: string;
  /**
   * The English text.
   * @default - none; required when the app renders English runbooks (the default)
   */
  readonly en?: string;
}

/**
 * Throws unless `text` has a non-empty string for every locale in `locales` (the app's choice).
 * `where` names the text in the error (e.g. `section "scale-out" step 2 text`).
 */
export function checkLocalizedText(where: string, text: LocalizedText | undefined, locales: readonly RunbookLocale[] = ALL_LOCALES): void {
  if (text === null || typeof text !== 'object') {
    throw new Error(`${where} must be a LocalizedText { ${locales.join(', ')} }, got ${JSON.stringify(text)}`);
  }
  const missing = locales.filter(locale => {
    const value: unknown = text[locale];
    return typeof value !== 'string' || (!Token.isUnresolved(value) && value.trim().length === 0);
  });
  if (missing.length > 0) {
    const hint = locales.length > 1 ? '; an app that renders one language sets RunbookCatalog locales or the context cdk-tenant-platform:runbookLocales' : '';
    throw new Error(`${where} has no ${missing.join(' and ')} text (every runbook text needs ${locales.join(' and ')}${hint}): ${JSON.stringify(text)}`);
  }
}

/** The text of `locale`; throws naming `where` when it is missing (the app renders `locale`). */
export function textIn(text: LocalizedText, locale: RunbookLocale, where = 'a runbook text'): string {
  const value = text[locale];
  if (typeof value !== 'string') throw new Error(`${where} has no ${locale} text, but the app renders ${locale} runbooks: ${JSON.stringify(text)}`);
  return value;
}
