import * as path from 'path';
import { Finding, ValidationResults } from './findings';

/** The SARIF level of a finding. */
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per rule id (help text with the fix and the
 * requirement ID where known), one result per violating construct, located at the synthesized
 * template (`uri` relative to `baseDir`, the repository root in CI) and the resource's line (line 1
 * of the template when the construct is not a resource), with the construct path and logical id as
 * logical location. Acknowledged findings carry a suppression.
 */
export function renderSarif(results: ValidationResults, baseDir: string): string {
  const findings = results.findings.filter(f => f.severity !== 'info' || f.constructPath !== '');
  const rules = [...new Map(findings.map(f => [f.ruleId, f])).values()];
  const ruleIndex = new Map(rules.map((f, i) => [f.ruleId, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'CDK validation',
          fullName: `CDK policy validation (${results.plugins.map(p => p.plugin).join(', ') || 'no plugin reported'})`,
          informationUri: 'https://github.com/cdk-tenant-platform/cdk-tenant-platform/blob/main/RULES.md',
          rules: rules.map(rule),
        },
      },
      invocations: [{
        executionSuccessful: results.plugins.every(p => !p.failure),
        toolExecutionNotifications: results.plugins.filter(p => p.summary || p.failure).map(p => ({
          level: p.failure ? 'error' : 'note',
          message: { text: p.failure ?? p.summary },
        })),
      }],
      results: findings.map(f => result(f, ruleIndex.get(f.ruleId)!, results.assemblyDir, baseDir)),
    }],
  };
  return JSON.stringify(sarif, undefined, 2) + '\n';
}

function rule(f: Finding) {
  const help = [
    f.description.replace(/^[A-Z]+-\d{2}(, [A-Z]+-\d{2})*: /, ''),
    f.fix ? `Fix: ${f.fix}` : undefined,
    f.requirements ? `Requirement: ${f.requirements}` : undefined,
  ].filter(Boolean).join('\n\n');
  return {
    id: f.ruleId,
    name: f.ruleId.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: f.description },
    fullDescription: { text: f.description },
    help: { text: help, markdown: help },
    ...f.documentation ? { helpUri: f.documentation } : {},
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: ['cdk', f.plugin, ...f.requirements ? f.requirements.split(', ') : []],
      ...f.requirements ? { requirements: f.requirements } : {},
    },
  };
}

function result(f: Finding, ruleIndex: number, assemblyDir: string, baseDir: string) {
  const granular = f.ruleName.length > f.ruleId.length && f.ruleName.endsWith(']') ? ` ${f.ruleName.slice(f.ruleName.lastIndexOf('['))}` : '';
  const where = f.location?.logicalId ? ` (${f.constructPath}, ${f.location.logicalId})` : f.constructPath ? ` (${f.constructPath})` : '';
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.description}${granular}${where}` },
    // Code scanning needs a file for every result: an app-level finding points at the assembly manifest.
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: toUri(path.relative(baseDir, path.join(assemblyDir, f.location?.templateFile ?? 'manifest.json'))) },
        region: { startLine: f.location?.line ?? 1 },
      },
      logicalLocations: [{
        name: f.location?.logicalId ?? (f.constructPath || 'app'),
        fullyQualifiedName: f.constructPath || 'app',
        kind: f.location?.logicalId ? 'resource' : 'module',
      }],
    }],
    partialFingerprints: { 'constructPath/v1': `${f.ruleName}@${f.constructPath}` },
    properties: { plugin: f.plugin, ruleName: f.ruleName, constructPath: f.constructPath },
    ...f.acknowledged ? { suppressions: [{ kind: 'external', justification: f.acknowledged.reason }] } : {},
  };
}

function toUri(file: string): string {
  return file.split(path.sep).map(encodeURIComponent).join('/');
}
