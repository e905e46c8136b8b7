/**
 * Every section an exported runbook builder renders, fed values an attacker (or a careless name)
 * could choose, checked the way an operator's shell would take it: `bash -n` parses every command
 * block, shellcheck (warnings and errors) finds nothing, and no hostile text is left outside single
 * quotes, the only place where the shell takes every character literally (OPS-01).
 *
 * shellcheck is required: the test fails naming the package when it is missing. Set
 * TENANT_PLATFORM_SKIP_SHELLCHECK=1 to run it without shellcheck on purpose (bash -n and the quoting
 * check still run); CI installs the Debian package `shellcheck` and never sets it.
 */
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AlarmRunbookSection, AlarmSeverity, DatabaseRunbookSections, DatadogSite, PlatformEnvironment, PlatformRunbookSections, RunbookCommand,
  TenantServiceAutomation, TenantServiceRunbookSections,
} from '../../src';
import { Runbook } from '../../src/runbooks/runbook';
import { DatadogMonitorRunbookSection } from '../../src/runbooks/sections/datadog-monitor-section';
import { ENV, databaseFixture, platformFixture, tempDir } from '../support/runbook-fixtures';
import { bashSyntaxErrors, commandBlocks, shellcheckFindings, SKIP_SHELLCHECK } from '../support/shell-check';

/** Text that runs `id`, ends a command, opens quotes and starts a new line, in every way a shell allows. */
const HOSTILE = 'x\'y"z`id`$(id);touch /tmp/pwned&&|$HOME\nnext';
const MARKERS = ['`id`', '$(id)', ';touch /tmp/pwned', '$HOME\nnext'];

/** The runbooks of an app whose exported builders got hostile names wherever they accept free text. */
function hostileRunbooks(): string {
  const app = new App({ outdir: tempDir('hostile-runbooks-') });
  const platform = platformFixture(app);
  const stack = new Stack(app, 'Tenant-acme', { env: ENV });
  const logGroup = new logs.LogGroup(stack, 'Logs', { logGroupName: `/acme/${HOSTILE}`, retention: logs.RetentionDays.ONE_MONTH });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512, family: `acme-${HOSTILE}` });
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
  const service = new ecs.FargateService(stack, 'Service', { cluster: platform.cluster, taskDefinition, desiredCount: 2, serviceName: `svc-${HOSTILE}` });
  const automation = new TenantServiceAutomation(stack, 'Automation', { service });
  TenantServiceRunbookSections.addTo(stack, {
    tenantId: 'acme', service, logGroup, minCapacity: 2, maxCapacity: 10, hostHeader: 'acme.example.com', automation, datadog: true,
  });
  TenantServiceRunbookSections.addTo(stack, { tenantId: 'acme-cli', service, logGroup, minCapacity: 2, maxCapacity: 10 });
  const alarm = new cloudwatch.Alarm(stack, 'Custom', {
    alarmName: `alarm-${HOSTILE}`,
    metric: new cloudwatch.Metric({ namespace: `Custom/${HOSTILE}`, metricName: `Metric ${HOSTILE}`, statistic: 'p99.9', period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  Runbook.of(stack).addSection(AlarmRunbookSection.create({
    anchor: 'alarm-hostile', alarm, severity: AlarmSeverity.WARNING, title: { ja: HOSTILE, en: HOSTILE }, meaning: { ja: HOSTILE, en: HOSTILE },
  }));
  Runbook.of(stack).addSection(DatadogMonitorRunbookSection.create({
    anchor: 'monitor-hostile',
    monitorName: HOSTILE,
    severity: AlarmSeverity.CRITICAL,
    meaning: { ja: HOSTILE, en: HOSTILE },
    watches: HOSTILE,
    condition: { ja: HOSTILE, en: HOSTILE },
    notifies: { ja: HOSTILE, en: HOSTILE },
    apiUrl: DatadogSite.AP1.apiUrl,
    monitorTags: `cdk-tenant-platform-id:${HOSTILE}`,
    suppressorTags: `shard:${HOSTILE}`,
  }));
  PlatformRunbookSections.addTo(platform.stack, {
    environment: PlatformEnvironment.PRODUCTION,
    cluster: platform.cluster,
    loadBalancers: [platform.alb],
    criticalTopic: platform.criticalTopic,
    certificate: platform.certificate,
    datadog: true,
  });
  DatabaseRunbookSections.addTo(platform.stack, { instance: databaseFixture(platform), multiAz: true });
  Runbook.of(stack).addSection({
    anchor: 'custom-quoted',
    title: { ja: 'q', en: 'q' },
    whenToUse: { ja: 'q', en: 'q' },
    steps: [{ text: { ja: 'q', en: 'q' }, commands: [RunbookCommand.of(`echo ${RunbookCommand.quote(HOSTILE)}`)] }],
  });
  return path.join(app.synth().directory, 'runbooks');
}

/** `script` without its single-quoted strings (outside double quotes): what the shell may still interpret. */
function outsideSingleQuotes(script: string): string {
  let out = '';
  let double = false;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (!double && c === '\'') {
      const end = script.indexOf('\'', i + 1);
      i = end < 0 ? script.length : end;
      continue;
    }
    if (c === '\\') {
      out += script.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') double = !double;
    out += c;
  }
  return out;
}

describe('runbook commands built from hostile values', () => {
  const dir = hostileRunbooks();
  const blocks = commandBlocks(dir);

  test('the hostile names reached the commands (quoted), so the checks below check something', () => {
    expect(blocks.length).toBeGreaterThan(60);
    const quotedHostile = blocks.filter(b => b.script.includes('touch /tmp/pwned'));
    expect(quotedHostile.length).toBeGreaterThanOrEqual(8);
  });

  test('OPS-01: no hostile text is left where the shell would interpret it', () => {
    const exposed = blocks.flatMap(b => MARKERS.filter(m => outsideSingleQuotes(b.script).includes(m)).map(m => `${b.where}: ${m}`));
    expect(exposed).toEqual([]);
  });

  test('OPS-01: bash -n parses every command block', () => {
    expect(bashSyntaxErrors(blocks)).toEqual([]);
  });

  (SKIP_SHELLCHECK ? test.skip : test)('OPS-01: shellcheck finds no warning or error in any command block', () => {
    expect(shellcheckFindings(blocks)).toEqual([]);
  });
});
