import * as fs from 'fs';
import * as path from 'path';
import { AssemblyIndex, ResourceLocation } from './assembly';
import { SourceLocation, sourceLocationOf } from './source-location';
import { UsageError } from '../command';
import { displayPath, readJsonFile } from '../json-file';

/** The file CDK writes into the cloud assembly after running validation plugins. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/** How severe a finding is, normalized across plugins (`fatal` counts as error, a custom severity as warning). */
export type Severity = 'error' | 'warning' | 'info';

/** One violating construct of one rule of one plugin, as the report formats present it. */
export interface Finding {
  /** The plugin (pack) that reported it, e.g. `TenantPlatform`, `AwsSolutions`, `CloudFormation Validate`. */
  readonly plugin: string;
  /** The reported rule name, with a granular finding if any: `TenantPlatform-RDS11[FreeStorageSpace]`. */
  readonly ruleName: string;
  /** The rule the finding belongs to: the rule name without the granular part, made unique across plugins. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly description: string;
  readonly fix?: string;
  /** Requirement IDs the rule enforces (from the rule metadata), e.g. `DB-04`. */
  readonly requirements?: string;
  /** Where the rule is documented. */
  readonly documentation?: string;
  /** The construct path, e.g. `Shared/Db/Resource` (empty for app-level entries). */
  readonly constructPath: string;
  /** The template and logical id of the resource, when the assembly knows them. */
  readonly location?: ResourceLocation;
  /** The user's code that created the construct, when the report carries its creation trace. */
  readonly source?: SourceLocation;
  /** Set when the finding was acknowledged: the reason given. */
  readonly acknowledged?: { readonly id: string; readonly reason: string };
}

/** A plugin that ran: its name, its conclusion and its own summary (e.g. `TenantPlatform-Summary`). */
export interface PluginRun {
  readonly plugin: string;
  readonly conclusion: string;
  readonly summary?: string;
  /** Why the plugin itself failed, when it crashed instead of reporting. */
  readonly failure?: string;
}

/** Everything the report formats need. */
export interface ValidationResults {
  /** The cloud assembly directory. */
  readonly assemblyDir: string;
  readonly findings: Finding[];
  /** Plugins listed in the report. CDK omits plugins that found nothing. */
  readonly plugins: PluginRun[];
}

/** Rule names that are a plugin's account of its run, not findings. */
const SUMMARY_RULE = /-Summary$/;

/** Where to read the report and how to name files in messages. */
export interface ReadOptions {
  /** Directory that messages name files relative to. */
  readonly cwd: string;
  /** Source directories of this library, skipped when looking for the user's frame in creation traces. */
  readonly libraryDirs?: readonly string[];
}

/**
 * Reads `<assemblyDir>/validation-report.json` and the assembly manifest into findings with
 * template and source locations. A missing report is a `UsageError`: CDK writes one whenever any
 * validation plugin runs (even when all pass), so a missing report means no plugin ran and nothing
 * is proven; so is a file that is not JSON or not a CDK validation report.
 */
export function readValidationResults(assemblyDir: string, options: ReadOptions): ValidationResults {
  const file = path.join(assemblyDir, VALIDATION_REPORT_FILE);
  const name = displayPath(file, options.cwd);
  if (!fs.existsSync(file)) {
    throw new UsageError(`${name} does not exist. CDK writes it whenever a validation plugin runs, even when every check passes, ` +
      'so no plugin ran for this assembly: register the packs with Validations.of(app).addPlugins(new TenantPlatformChecks(app), ...) and synthesize again.');
  }
  const report = readJsonFile(file, options.cwd) as any;
  if (report === null || typeof report !== 'object' || Array.isArray(report) || !Array.isArray(report.pluginReports)) {
    throw new UsageError(`${name}: is not a CDK validation report (no "pluginReports" list); cdk synth writes one when validation plugins are registered`);
  }
  const bad = report.pluginReports.findIndex((r: any) => r === null || typeof r !== 'object' || typeof r.pluginName !== 'string' ||
    (r.violations !== undefined && !Array.isArray(r.violations)) || (r.suppressedViolations !== undefined && !Array.isArray(r.suppressedViolations)));
  if (bad >= 0) throw new UsageError(`${name}: pluginReports[${bad}] is not a plugin report (needs "pluginName" and a "violations" list)`);
  const assembly = AssemblyIndex.load(assemblyDir, options.cwd);
  const libraryDirs = options.libraryDirs ?? [];
  const findings: Finding[] = [];
  const plugins: PluginRun[] = [];
  for (const pluginReport of report.pluginReports) {
    const plugin = String(pluginReport.pluginName);
    const summaries: string[] = [];
    const read = (violation: any, acknowledged: boolean) => {
      if (SUMMARY_RULE.test(violation.ruleName) && violation.severity === 'info') {
        summaries.push(violation.description);
        return;
      }
      for (const construct of Array.isArray(violation.violatingConstructs) ? violation.violatingConstructs : []) {
        findings.push(toFinding(plugin, violation, construct, assembly, acknowledged, libraryDirs));
      }
    };
    (pluginReport.violations ?? []).forEach((v: any) => read(v, false));
    (pluginReport.suppressedViolations ?? []).forEach((v: any) => read(v, true));
    const failure = pluginReport.conclusion === 'failure' && (pluginReport.violations ?? []).length === 0 ? pluginReport.metadata?.error : undefined;
    plugins.push({ plugin, conclusion: String(pluginReport.conclusion), summary: summaries.join(' ') || undefined, failure });
    if (failure) {
      findings.push({ plugin, ruleName: `${plugin}-PluginFailure`, ruleId: `${plugin}-PluginFailure`, severity: 'error', description: String(failure), constructPath: '' });
    }
  }
  return { assemblyDir, findings, plugins };
}

function toFinding(
  plugin: string, violation: any, construct: any, assembly: AssemblyIndex, acknowledged: boolean, libraryDirs: readonly string[],
): Finding {
  const ruleName = String(violation.ruleName);
  const base = ruleName.replace(/\[.*\]$/, '');
  const cfn = construct.cloudFormationResource;
  return {
    plugin,
    ruleName,
    // cdk-nag rule names carry their pack (AwsSolutions-S1); others (CloudFormation Validate's W3010) get the plugin as namespace.
    ruleId: base.startsWith(`${plugin}-`) ? base : `${plugin.replace(/ /g, '-')}::${base}`,
    severity: severityOf(violation.severity),
    description: String(violation.description ?? ''),
    fix: violation.suggestedFix,
    requirements: violation.ruleMetadata?.requirements,
    documentation: violation.ruleMetadata?.documentation,
    constructPath: String(construct.constructPath ?? ''),
    location: cfn?.templatePath && cfn?.logicalId
      ? assembly.locate(cfn.templatePath, cfn.logicalId)
      : assembly.resourceAt(String(construct.constructPath ?? '')),
    source: sourceLocationOf(construct.stackTraces, libraryDirs),
    acknowledged: acknowledged ? { id: String(violation.acknowledgedId ?? ruleName), reason: String(violation.reason ?? '') } : undefined,
  };
}

function severityOf(severity: unknown): Severity {
  switch (String(severity ?? 'error').toLowerCase()) {
    case 'fatal':
    case 'error': return 'error';
    case 'info': return 'info';
    default: return 'warning';
  }
}

/** The findings that still count: not acknowledged. */
export function openFindings(results: ValidationResults): Finding[] {
  return results.findings.filter(f => !f.acknowledged);
}

/** Whether an error remains (the command then exits non-zero). */
export function errorsRemain(results: ValidationResults): boolean {
  return openFindings(results).some(f => f.severity === 'error');
}
