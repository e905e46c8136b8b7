/**
 * The languages runbooks are written in (OPS-06). The operating team works in Japanese; English is
 * for everyone else.
 */
export enum RunbookLocale {
  /** Japanese. */
  JA = 'ja',
  /** English. */
  EN = 'en',
}

/** Every locale, in the order the runbooks are written. */
export const ALL_LOCALES: readonly RunbookLocale[] = [RunbookLocale.JA, RunbookLocale.EN];
