import { RegionRecoveryFacts, ResourceAssessment } from './achievable-recovery';
import { checkObjectives } from './dr-plan-checks';
import { ProtectedResourceRecovery } from './dr-plan-props';
import { ProtectedEntry } from './protected-resources';
import { RecoveryObjectives } from './recovery-objectives';
import { RegionFailover } from './region-failover';
import { RegionFailoverOptions } from './region-failover-options';
import { destroyedByStackChange } from './stateful-resources';
import { PropValidation } from '../../core/validation';
import { DrRunbookFacts } from '../runbooks/dr-facts';

/** The facts of a DrPlan's runbook sections that do not come from its protected resources. */
export type DrPlanFacts = Omit<DrRunbookFacts, 'databases' | 'buckets' | 'tables' | 'failovers' | 'assessments'>;

/**
 * What one DrPlan protects — resources and region failovers — and what follows from it: the
 * achievable recovery of each resource (DR-01), the synth-time problems (DR-01, DR-02, DR-06), and
 * the facts its runbook sections name (DR-05).
 */
export class ProtectedRegister {
  private readonly entries: ProtectedEntry[] = [];
  private readonly failovers: Array<{ readonly construct: RegionFailover; readonly options: RegionFailoverOptions }> = [];

  public constructor(private readonly regionFacts: (automaticDnsFailover: boolean) => RegionRecoveryFacts) {}

  /** Whether anything is protected. */
  public get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Reports to `check` what is wrong with protecting the resource at `path`: its `objectives` (DR-01), or that it is protected already. */
  public checkNew(check: PropValidation, path: string, objectives: RecoveryObjectives): void {
    checkObjectives(check, objectives);
    if (this.entries.some(e => e.path === path)) check.report('resource', path, 'is already protected by this DrPlan');
  }

  public add(entry: ProtectedEntry): void {
    this.entries.push(entry);
  }

  public addFailover(construct: RegionFailover, options: RegionFailoverOptions): void {
    this.failovers.push({ construct, options });
  }

  /** The achievable recovery of every resource, per disruption type. */
  public assessments(): ResourceAssessment[] {
    const region = this.regionFacts(this.failovers.length > 0);
    return this.entries.map(entry => entry.assess(region));
  }

  /** The public view of `assessments`. */
  public recoveries(): ProtectedResourceRecovery[] {
    return this.assessments().map(a => ({
      resource: a.path,
      description: a.label,
      recoveries: a.rows.map(row => ({
        disruption: row.disruption,
        achievableRpo: row.achievableRpo,
        achievableRto: row.achievableRto,
        mechanism: row.mechanism,
        objectiveRpo: row.objectiveRpo,
        objectiveRto: row.objectiveRto,
        problems: row.problems,
      })),
    }));
  }

  /** Resources a stack change could destroy (DR-06), resource problems, and objectives that cannot be met (DR-01). */
  public problems(): string[] {
    const errors: string[] = [];
    for (const entry of this.entries) {
      const destroyed = destroyedByStackChange(entry.cfn);
      if (destroyed) {
        errors.push(`${entry.label} (${entry.path}) could be destroyed by a stack change: ${destroyed}. ` +
          'Use RemovalPolicy.RETAIN (or SNAPSHOT for a database), never DESTROY, on protected resources (DR-06).');
      }
      errors.push(...entry.validate());
    }
    for (const assessment of this.assessments()) {
      for (const row of assessment.rows) errors.push(...row.problems);
    }
    return errors;
  }

  /** Everything the runbook sections name: `plan`'s own facts and those of what it protects. */
  public runbookFacts(plan: DrPlanFacts): DrRunbookFacts {
    return {
      ...plan,
      databases: this.entries.flatMap(e => e.kind === 'database' ? [e.runbook()] : []),
      buckets: this.entries.flatMap(e => e.kind === 'bucket' ? [e.runbook()] : []),
      tables: this.entries.flatMap(e => e.kind === 'table' ? [e.runbook()] : []),
      failovers: this.failovers.map(f => ({
        recordName: f.construct.domainName,
        healthCheckDomainName: f.options.healthCheckDomainName,
      })),
      assessments: this.assessments(),
    };
  }
}
