import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cli } from './support';
import { sourceLocationOf } from '../../src/cli/report/source-location';
import { newApp, synthWithPlugins } from '../support/policy';

const REPO_ROOT = path.join(__dirname, '..', '..');
const THIS_FILE = path.relative(REPO_ROOT, __filename).split(path.sep).join('/');

/** The 1-based line of this file holding `marker`. */
function lineOf(marker: string): number {
  return fs.readFileSync(__filename, 'utf8').split('\n').findIndex(line => line.includes(marker) && !line.includes('lineOf(')) + 1;
}

describe('SARIF results point at the source line that created the construct', () => {
  let sarif: any;
  let report: any;

  beforeAll(async () => {
    const app = newApp();
    const stack = new Stack(app, 'Shared');
    new sqs.Queue(stack, 'Jobs'); // <- the queue's findings point here
    const { outdir, error } = synthWithPlugins(app, {}, new AwsSolutionsChecks(app));
    expect(error).toBeDefined();
    report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const result = await cli(outdir, 'report', '--app', '.', '-f', 'sarif', '--repo-root', REPO_ROOT, '--json');
    expect(JSON.parse(result.out).withSourceLocation).toBeGreaterThan(0);
    sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.sarif'), 'utf8'));
  });

  test('aws-cdk-lib 2.276 records the creation trace of every violating construct by default (no CDK_DEBUG)', () => {
    expect(process.env.CDK_DEBUG).toBeUndefined();
    const queue = report.pluginReports.find((p: any) => p.pluginName === 'AwsSolutions').violations
      .find((v: any) => v.ruleName === 'AwsSolutions-SQS3').violatingConstructs[0];
    expect(queue.constructPath).toBe('Shared/Jobs/Resource');
    expect(queue.stackTraces[0]).toMatch(/^\.\.\.new Queue\d* in aws-cdk-lib\.\.\.\n/);
  });

  test('the location is this TypeScript file, relative to the repository root, at the line of `new sqs.Queue`', () => {
    const results = sarif.runs[0].results.filter((r: any) => r.properties.constructPath === 'Shared/Jobs/Resource');
    expect(results.map((r: any) => r.ruleId)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
    for (const r of results) {
      expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: THIS_FILE }, region: { startLine: lineOf('<- the queue'), startColumn: 5 } });
      expect(r.relatedLocations[0].physicalLocation.artifactLocation.uri).toMatch(/\/Shared\.template\.json$/);
    }
  });
});

describe('sourceLocationOf', () => {
  const trace = (...frames: string[]) => [frames.join('\n')];

  test('skips node_modules, Node internals and the library\'s own sources', () => {
    const location = sourceLocationOf(trace(
      '...new Vpc in aws-cdk-lib...',
      'new TenantPlatform (/repo/src/platform/tenant-platform.ts:120:5)',
      'Object.<anonymous> (/repo/examples/app.ts:14:3)',
      '...node internals...',
    ), ['/repo/src', '/repo/lib']);
    expect(location).toEqual({ file: '/repo/examples/app.ts', line: 14, column: 3 });
  });

  test('reads frames a jsii host (Python) appends, and file URLs of ES modules', () => {
    expect(sourceLocationOf(trace('...jsii runtime...', '<module> (/app/app.py:9)'), [])).toEqual({ file: '/app/app.py', line: 9, column: undefined });
    expect(sourceLocationOf(trace('main (file:///app/app.mjs:4:7)'), [])).toEqual({ file: '/app/app.mjs', line: 4, column: 7 });
  });

  test('nothing when the trace has no user frame or there is no trace', () => {
    expect(sourceLocationOf(trace('...new Queue in aws-cdk-lib...', '(no user code in 10 frames, use --stack-trace-limit to capture more)'), [])).toBeUndefined();
    expect(sourceLocationOf(undefined, [])).toBeUndefined();
    expect(sourceLocationOf(['node:internal/main (node:internal/main:1:1)'], [])).toBeUndefined();
  });
});
