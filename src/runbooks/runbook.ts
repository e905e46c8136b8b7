import { Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { RunbookCatalog } from './runbook-catalog';
import { checkLink, checkSection, RunbookLink, RunbookSection } from './runbook-section';

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
