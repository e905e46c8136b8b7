import * as path from 'path';
import { Finding, ValidationResults } from './findings';

/** The SARIF level of a finding. */
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Placeholder the results are streamed into. */
const RESULTS = '"results": []';

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per rule id (help text with the fix and the
 * requirement ID where known), one result per violating construct. A result is located at the
 * user's source line that created the construct when the report carries creation traces and the
 * file lies inside `baseDir` (the repository root), else at the synthesized template and the
 * resource's line (line 1 when the construct is not a resource); URIs are relative to `baseDir`.
 * The template location stays as a related location, the construct path and logical id as logical
 * location. Acknowledged findings carry a suppression. Written as a stream of chunks, one result at
 * a time, so any number of findings fits.
 */
export function* renderSarif(results: ValidationResults, baseDir: string): Iterable<string> {
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
      results: [],
    }],
  };
  const text = JSON.stringify(sarif, undefined, 2);
  const at = text.indexOf(RESULTS);
  yield text.slice(0, at + RESULTS.length - 1);
  let first = true;
  for (const f of findings) {
    yield `${first ? '\n' : ',\n'}        ${JSON.stringify(result(f, ruleIndex.get(f.ruleId)!, results.assemblyDir, baseDir))}`;
    first = false;
  }
  yield `${first ? '' : '\n      '}]${text.slice(at + RESULTS.length)}\n`;
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
  // Code scanning needs a file for every result: an app-level finding points at the assembly manifest.
  const template = {
    artifactLocation: { uri: toUri(path.relative(baseDir, path.join(assemblyDir, f.location?.templateFile ?? 'manifest.json'))) },
    region: { startLine: f.location?.line ?? 1 },
  };
  const sourceFile = f.source ? path.relative(baseDir, f.source.file) : undefined;
  const source = f.source && sourceFile && !sourceFile.startsWith('..') && !path.isAbsolute(sourceFile) ? {
    artifactLocation: { uri: toUri(sourceFile) },
    region: { startLine: f.source.line, ...f.source.column ? { startColumn: f.source.column } : {} },
  } : undefined;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.description}${granular}${where}` },
    locations: [{
      physicalLocation: source ?? template,
      logicalLocations: [{
        name: f.location?.logicalId ?? (f.constructPath || 'app'),
        fullyQualifiedName: f.constructPath || 'app',
        kind: f.location?.logicalId ? 'resource' : 'module',
      }],
    }],
    ...source ? { relatedLocations: [{ id: 1, physicalLocation: template, message: { text: 'synthesized CloudFormation template' } }] } : {},
    partialFingerprints: { 'constructPath/v1': `${f.ruleName}@${f.constructPath}` },
    properties: { plugin: f.plugin, ruleName: f.ruleName, constructPath: f.constructPath },
    ...f.acknowledged ? { suppressions: [{ kind: 'external', justification: f.acknowledged.reason }] } : {},
  };
}

function toUri(file: string): string {
  return file.split(path.sep).map(encodeURIComponent).join('/');
}
