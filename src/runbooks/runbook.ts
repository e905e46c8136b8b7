import { attachCustomSynthesis, Lazy, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import {
  TopologyConnection, TopologyConnectionProps, TopologyNode, TopologyNodeKind, TopologyNodeProps,
} from './deployment-topology';
import { RUNBOOK_FOLDER } from './runbook-files';
import { ANCHOR, checkLink, checkSection, RunbookLink, RunbookSection } from './runbook-section';
import { writeRunbooks } from './runbook-writer';
import { checkLocalizedText } from '../core/localized-text';
import { ALL_LOCALES, checkLocales, RUNBOOK_LOCALES_CONTEXT, RunbookLocale } from '../core/runbook-locale';

// Runbook, RunbookCatalog and DeploymentTopology name each other in their public API (a runbook's
// links go through the app's catalog, the catalog lists the runbooks and holds the topology), so
// they live in one module: split, they would import each other.

const RUNBOOK_ID = 'TenantPlatformRunbook';
const RUNBOOK_SYMBOL = Symbol.for('cdk-tenant-platform.Runbook');

/**
 * The runbook of one stack: the sections its constructs contribute. Rendered at synth into
 * `cdk.out/runbooks/<locale>/<stack>.md` for each of the app's runbook locales (OPS-01, OPS-06).
 *
 * ```ts
 * Runbook.of(this).addSection({ anchor: 'tenant-acme-scale-out', title: { ja: '...', en: '...' }, ... });
 * ```
 */
export class Runbook extends Construct {
  /** The runbook of `scope`'s stack, created on first use. */
  public static of(scope: IConstruct): Runbook {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(RUNBOOK_ID);
    if (existing === undefined) return new Runbook(stack, RUNBOOK_ID);
    if (!Runbook.isRunbook(existing)) {
      throw new Error(`${existing.node.path}: the id "${RUNBOOK_ID}" is reserved for the stack's runbook`);
    }
    return existing;
  }

  /**
   * The link to section `anchor` of the runbook of `scope`'s stack, as alarm descriptions write it
   * (`Runbook: <link>`, MON-08). The section must be added before synth, or synth fails.
   *
   * The link starts with the catalog's base URL (`RunbookCatalog.configure({ baseUrl })` or the
   * context key `cdk-tenant-platform:runbookBaseUrl`), else it is relative to the cloud assembly:
   * `runbooks/en/<stack>.md#<anchor>`.
   */
  public static linkFor(scope: IConstruct, anchor: string): string {
    return RunbookCatalog.of(scope)._linkFor(Runbook.of(scope), anchor);
  }

  /** Whether `x` is a `Runbook` (works across copies of this library). */
  public static isRunbook(x: unknown): x is Runbook {
    return typeof x === 'object' && x !== null && RUNBOOK_SYMBOL in x;
  }

  /** The stack this runbook describes. */
  public readonly stack: Stack;
  /** The file name of this runbook in each locale folder, e.g. `Shared.md`. */
  public readonly fileName: string;
  private readonly added: RunbookSection[] = [];

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    Object.defineProperty(this, RUNBOOK_SYMBOL, { value: true });
    this.stack = stack;
    this.fileName = `${stack.node.path.replace(/\//g, '-').replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
    // The catalog writes every runbook of the app at synth.
    RunbookCatalog.of(this);
  }

  /** Adds `section`; its anchor must be new in this runbook and every text present in every locale. */
  public addSection(section: RunbookSection): void {
    checkSection(section, RunbookCatalog.of(this).locales);
    if (this.hasSection(section.anchor)) {
      throw new Error(`${this.node.path}: a section with anchor "${section.anchor}" already exists in the runbook of stack ${this.stack.stackName}`);
    }
    this.added.push(section);
  }

  /**
   * Adds `link` to the links of section `sectionAnchor`, which must have been added already. For a
   * contributor that comes later and extends an earlier section: a `DrPlan` points the platform's
   * monthly and quarterly tasks to its own restore-test and drill sections.
   */
  public addLink(sectionAnchor: string, link: RunbookLink): void {
    const index = this.added.findIndex(s => s.anchor === sectionAnchor);
    if (index < 0) {
      throw new Error(`${this.node.path}: cannot add a link to section "${sectionAnchor}": the runbook of stack ${this.stack.stackName} has no such section`);
    }
    const section = this.added[index];
    checkLink(`runbook section "${sectionAnchor}" links[${section.links?.length ?? 0}]`, link, RunbookCatalog.of(this).locales);
    this.added[index] = { ...section, links: [...section.links ?? [], link] };
  }

  /** Whether a section with `anchor` has been added. */
  public hasSection(anchor: string): boolean {
    return this.added.some(s => s.anchor === anchor);
  }

  /** The sections added so far, in order. */
  public get sections(): RunbookSection[] {
    return [...this.added];
  }
}

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
    attachCustomSynthesis(this, { onSynthesize: session => writeRunbooks(session.outdir, this.runbooks, this.topology, this.locales) });
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

/**
 * Facts about the deployment that constructs register as they are built — the platform, its ALB
 * shards, tenants, databases and the backup flow — so the runbook index can draw the deployment as
 * a Mermaid diagram. Get the app's topology with `DeploymentTopology.of(scope)`.
 */
export class DeploymentTopology {
  /** The topology of `scope`'s app. */
  public static of(scope: IConstruct): DeploymentTopology {
    return RunbookCatalog.of(scope).topology;
  }

  private readonly registered: TopologyNode[] = [];
  private readonly connected: TopologyConnection[] = [];

  /** Registers `construct` as a component; each construct once. */
  public addNode(construct: IConstruct, props: TopologyNodeProps): void {
    checkLocalizedText(`topology node ${construct.node.path} label`, props.label, RunbookCatalog.of(construct).locales);
    if (!Object.values(TopologyNodeKind).includes(props.kind)) {
      throw new Error(`topology node ${construct.node.path} kind "${props.kind}" must be one of ${Object.values(TopologyNodeKind).join(', ')}`);
    }
    if (this.find(construct)) throw new Error(`topology node ${construct.node.path} is already registered`);
    this.registered.push({ ...props, construct });
  }

  /** Connects two registered components (either may be registered later, before synth). */
  public connect(source: IConstruct, target: IConstruct, props: TopologyConnectionProps = {}): void {
    if (props.label) checkLocalizedText(`topology connection ${source.node.path} -> ${target.node.path} label`, props.label, RunbookCatalog.of(source).locales);
    this.connected.push({ ...props, source, target });
  }

  /** The registered components, in registration order. */
  public get nodes(): TopologyNode[] {
    return [...this.registered];
  }

  /** The connections; throws if one names a construct that was never registered. */
  public get connections(): TopologyConnection[] {
    for (const c of this.connected) {
      for (const end of [c.source, c.target]) {
        if (!this.find(end)) {
          throw new Error(`topology connection ${c.source.node.path} -> ${c.target.node.path}: ${end.node.path} is not a registered node (DeploymentTopology.addNode)`);
        }
      }
    }
    return [...this.connected];
  }

  private find(construct: IConstruct): TopologyNode | undefined {
    return this.registered.find(n => n.construct === construct);
  }
}
