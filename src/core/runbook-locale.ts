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

/** Every locale, in the order the runbooks are written; also the default choice of an app. */
export const ALL_LOCALES: readonly RunbookLocale[] = [RunbookLocale.JA, RunbookLocale.EN];

/**
 * Context key choosing the locales an app renders when no construct does: `en`, `ja` or `ja,en`
 * (`cdk synth -c cdk-tenant-platform:runbookLocales=en`, or `cdk.json`).
 */
export const RUNBOOK_LOCALES_CONTEXT = 'cdk-tenant-platform:runbookLocales';

/**
 * `locales` as a checked choice in `ALL_LOCALES` order: a non-empty list (or comma-separated string,
 * from context) of known locales. Throws naming `what`, the value and what is accepted.
 */
export function checkLocales(what: string, locales: unknown): RunbookLocale[] {
  const list = typeof locales === 'string' ? locales.split(',').map(l => l.trim()) : locales;
  const unknown = Array.isArray(list) ? list.filter(l => !ALL_LOCALES.includes(l)) : [];
  if (!Array.isArray(list) || list.length === 0 || unknown.length > 0) {
    throw new Error(`${what} ${JSON.stringify(locales)} must be a non-empty list of ${ALL_LOCALES.join(', ')}`);
  }
  return ALL_LOCALES.filter(l => list.includes(l));
}
