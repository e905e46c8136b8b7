import { attachCustomSynthesis, Lazy } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { DeploymentTopology } from './deployment-topology';
import { Runbook } from './runbook';
import { RUNBOOK_FOLDER } from './runbook-files';
import { ALL_LOCALES, checkLocales, RUNBOOK_LOCALES_CONTEXT, RunbookLocale } from './runbook-locale';
import { ANCHOR } from './runbook-section';
import { writeRunbooks } from './runbook-writer';

const CATALOG_ID = 'TenantPlatformRunbooks';
const CATALOG_SYMBOL = Symbol.for('cdk-tenant-platform.RunbookCatalog');

/** Context key that sets the runbook base URL when no construct does (`cdk synth -c ...`). */
export const RUNBOOK_BASE_URL_CONTEXT = 'cdk-tenant-platform:runbookBaseUrl';

/** Where runbook links point. */
export interface RunbookCatalogSettings {
  /**
   * The address the runbooks are published at (a wiki or the repository's `docs/runbooks`); links
   * become `<baseUrl>/<locale>/<stack>.md#<anchor>`.
   * @default - the context value `cdk-tenant-platform:runbookBaseUrl`, else links relative to the
   * cloud assembly: `runbooks/<locale>/<stack>.md#<anchor>`
   */
  readonly baseUrl?: string;
  /**
   * The locale alarm descriptions link to; one of `locales`.
   * @default RunbookLocale.EN when the app renders English, else the first of `locales`
   */
  readonly linkLocale?: RunbookLocale;
  /**
   * The locales runbooks are rendered in (OPS-06). `[RunbookLocale.EN]` for an English-only team:
   * runbook texts then need only `en`. Set it before adding sections, which are checked against it.
   * @default - the context value `cdk-tenant-platform:runbookLocales` (`en`, `ja` or `ja,en`), else both
   */
  readonly locales?: RunbookLocale[];
}

/**
 * All runbooks of an app, and the deployment topology drawn in their index. There is one per app;
 * at synth it writes `runbooks/<locale>/<stack>.md` and `runbooks/<locale>/README.md` into the
 * cloud assembly for each of its `locales` (ja and en by default), plus `runbooks/index.json`
 * listing every section.
 */
export class RunbookCatalog extends Construct {
  /** The catalog of `scope`'s app, created on first use. */
  public static of(scope: IConstruct): RunbookCatalog {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(CATALOG_ID);
    if (existing === undefined) return new RunbookCatalog(root, CATALOG_ID);
    if (!(CATALOG_SYMBOL in existing)) {
      throw new Error(`${existing.node.path}: the id "${CATALOG_ID}" is reserved for the app's runbook catalog`);
    }
    return existing as unknown as RunbookCatalog;
  }

  /** Facts about the deployment that constructs register, drawn as a Mermaid diagram in the index. */
  public readonly topology = new DeploymentTopology();
  private settings: RunbookCatalogSettings = {};
  private readonly links: Array<{ runbook: Runbook; anchor: string }> = [];

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    Object.defineProperty(this, CATALOG_SYMBOL, { value: true });
    this.node.addValidation({ validate: () => this.validate() });
    attachCustomSynthesis(this, { onSynthesize: session => writeRunbooks(session.outdir, this) });
  }

  /**
   * Sets where links point. Settings given twice must agree, so two constructs cannot silently
   * publish links to different places.
   */
  public configure(settings: RunbookCatalogSettings): void {
    if (settings.baseUrl !== undefined) checkBaseUrl('runbook baseUrl', settings.baseUrl);
    if (settings.linkLocale !== undefined && !ALL_LOCALES.includes(settings.linkLocale)) {
      throw new Error(`runbook linkLocale "${settings.linkLocale}" must be one of ${ALL_LOCALES.join(', ')}`);
    }
    const locales = settings.locales === undefined ? undefined : checkLocales('runbook locales', settings.locales);
    for (const key of ['baseUrl', 'linkLocale', 'locales'] as const) {
      const before = this.settings[key]?.toString();
      const after = (key === 'locales' ? locales : settings[key])?.toString();
      if (before !== undefined && after !== undefined && before !== after) {
        throw new Error(`runbook ${key} is already "${before}"; cannot change it to "${after}"`);
      }
    }
    this.settings = { ...this.settings, ...definedOnly({ ...settings, locales }) };
  }

  /** Every runbook in the app (all stages), in tree order. */
  public get runbooks(): Runbook[] {
    return this.node.root.node.findAll().filter(Runbook.isRunbook);
  }

  /** The locales runbooks are rendered in: the configured ones, the context value, or both. */
  public get locales(): RunbookLocale[] {
    if (this.settings.locales) return [...this.settings.locales];
    const fromContext: unknown = this.node.tryGetContext(RUNBOOK_LOCALES_CONTEXT);
    return fromContext === undefined ? [...ALL_LOCALES] : checkLocales(`context ${RUNBOOK_LOCALES_CONTEXT}`, fromContext);
  }

  /** The base of every link: the configured URL, the context value, or the relative folder. */
  public get baseUrl(): string {
    const fromContext: unknown = this.node.tryGetContext(RUNBOOK_BASE_URL_CONTEXT);
    if (this.settings.baseUrl === undefined && fromContext !== undefined) checkBaseUrl(`context ${RUNBOOK_BASE_URL_CONTEXT}`, fromContext);
    const base = this.settings.baseUrl ?? (fromContext as string | undefined) ?? RUNBOOK_FOLDER;
    return base.replace(/\/+$/, '');
  }

  /**
   * The link to `anchor` in `runbook`, resolved at synth so settings may still change until then.
   *
   * @internal
   */
  public _linkFor(runbook: Runbook, anchor: string): string {
    if (!ANCHOR.test(anchor)) throw new Error(`runbook link anchor "${anchor}" must match ${ANCHOR}`);
    this.links.push({ runbook, anchor });
    return Lazy.string({
      produce: () => `${this.baseUrl}/${this.linkLocale}/${runbook.fileName}#${anchor}`,
    });
  }

  private get linkLocale(): RunbookLocale {
    const locales = this.locales;
    return this.settings.linkLocale ?? (locales.includes(RunbookLocale.EN) ? RunbookLocale.EN : locales[0]);
  }

  private validate(): string[] {
    const locales = this.locales;
    const linkLocale = this.settings.linkLocale;
    const problems = linkLocale !== undefined && !locales.includes(linkLocale)
      ? [`runbook linkLocale "${linkLocale}" is not rendered: the app's runbook locales are ${locales.join(', ')}`] : [];
    return problems.concat(this.links
      .filter(link => !link.runbook.hasSection(link.anchor))
      .map(link => `a runbook link points to section "${link.anchor}" of stack ${link.runbook.stack.stackName}, ` +
        'but no such section was added (every alarm needs its runbook section, MON-08)'));
  }
}

function checkBaseUrl(what: string, value: unknown): void {
  if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} must be an http(s) address`);
  }
}

function definedOnly(settings: RunbookCatalogSettings): RunbookCatalogSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

