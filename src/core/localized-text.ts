import { Token } from 'aws-cdk-lib';
import { ALL_LOCALES } from './runbook-locale';

/**
 * A text in every runbook locale. Both are required: a runbook section that exists in one language
 * only is a synth error (OPS-06).
 */
export interface LocalizedText {
  /** The Japanese text, as the operating team would write it. */
  readonly ja: string;
  /** The English text. */
  readonly en: string;
}

/**
 * Throws unless `text` has a non-empty string for every locale. `where` names the text in the error
 * (e.g. `section "scale-out" step 2 text`).
 */
export function checkLocalizedText(where: string, text: LocalizedText | undefined): void {
  if (text === null || typeof text !== 'object') {
    throw new Error(`${where} must be a LocalizedText { ja, en }, got ${JSON.stringify(text)}`);
  }
  const missing = ALL_LOCALES.filter(locale => {
    const value: unknown = text[locale];
    return typeof value !== 'string' || (!Token.isUnresolved(value) && value.trim().length === 0);
  });
  if (missing.length > 0) {
    throw new Error(`${where} has no ${missing.join(' and ')} text (every runbook text needs ${ALL_LOCALES.join(' and ')}): ${JSON.stringify(text)}`);
  }
}

