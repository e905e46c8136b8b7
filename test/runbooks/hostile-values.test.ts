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
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AlarmRunbookSection, AlarmSeverity, BucketDataClass, DatabaseRunbookSections, DatadogSite, PlatformEnvironment, PlatformRunbookSections,
  RunbookCommand, TenantServiceAutomation, TenantServiceRunbookSections,
} from '../../src';
import { periodicSections } from '../../src/platform/runbooks/periodic-sections';
import { platformFacts } from '../../src/platform/runbooks/platform-facts';
import { tenantTelemetrySection } from '../../src/platform/runbooks/tenant-telemetry-sections';
import { Runbook } from '../../src/runbooks/runbook';
import { RunbookSection } from '../../src/runbooks/runbook-section';
import { DatadogMonitorRunbookSection } from '../../src/runbooks/sections/datadog-monitor-section';
import { datadogPlatform } from '../support/datadog-platform';
import { drFixture, SEED_OBJECTIVES, versionedBucket } from '../support/dr';
import { database, IMAGE, tenant } from '../support/platform';
import { ENV, databaseFixture, platformFixture, tempDir, tenantFixture } from '../support/runbook-fixtures';
import { bashSyntaxErrors, CommandBlock, commandBlocks, shellcheckFindings, SKIP_SHELLCHECK } from '../support/shell-check';

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
  // The documents of the platform's cluster, run on this tenant's hostile service name.
  const automation = new TenantServiceAutomation(platform.stack, 'Automation', { cluster: platform.cluster });
  TenantServiceAutomation.retainRevisions(service);
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

/**
 * The checks of command `blocks`: no hostile text outside single quotes (text the library wrote
 * itself holds no marker), `bash -n` parses them, and shellcheck finds nothing.
 */
function shellChecks(blocks: CommandBlock[]): void {
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
}

describe('runbook commands built from hostile values', () => {
  const dir = hostileRunbooks();
  const blocks = commandBlocks(dir);

  test('the hostile names reached the commands (quoted), so the checks below check something', () => {
    expect(blocks.length).toBeGreaterThan(60);
    const quotedHostile = blocks.filter(b => b.script.includes('touch /tmp/pwned'));
    expect(quotedHostile.length).toBeGreaterThanOrEqual(8);
  });

  shellChecks(blocks);
});

/**
 * The platform's own sections — periodic tasks, the maintenance window, a tenant's Datadog section, VPC
 * flow log forwarding and the database — as a full platform renders them: their builders take no free
 * text from users, yet every value they put into a command goes through `sh` (OPS-01).
 */
function platformRunbooks(): string {
  const app = new App({ outdir: tempDir('platform-runbooks-') });
  const { platform } = datadogPlatform({}, app, undefined, { vpcFlowLogForwarding: true });
  database(platform);
  tenant(platform, 'acme', { image: IMAGE, datadogLogForwarding: true });
  return path.join(app.synth().directory, 'runbooks');
}

/** The command blocks of `sections` built in `stack`: each command after its lookups, set to sample values. */
function sectionBlocks(stack: Stack, sections: RunbookSection[]): CommandBlock[] {
  return sections.flatMap(section => (section.steps ?? []).flatMap((step, i) => (step.commands ?? []).map(command => ({
    where: `${section.anchor} step ${i + 1}`,
    script: [...Object.keys(command.lookups).map(name => `${name}=sample`), stack.resolve(command.command) as string].join('\n'),
  }))));
}

describe('the platform\'s own sections, rendered and fed hostile values directly', () => {
  const rendered = commandBlocks(platformRunbooks());
  const app = new App();
  const shared = platformFixture(app, 'Hostile');
  const acme = tenantFixture(app, shared, 'acme', 1);
  const context = { environment: PlatformEnvironment.PRODUCTION, cluster: shared.cluster, loadBalancers: [shared.alb], datadog: true };
  const facts = { ...platformFacts(shared.stack, context), stackName: HOSTILE };
  const direct = sectionBlocks(shared.stack, [
    ...periodicSections(facts),
    tenantTelemetrySection({
      tenantId: HOSTILE, env: HOSTILE, service: acme.service, cluster: shared.cluster, logGroup: acme.logGroup, agent: true, logForwarding: true,
    }),
  ]);
  const blocks = [...rendered, ...direct];

  test('the sections reached the checks: maintenance window, tenant Datadog, flow log forwarding, database, periodic', () => {
    const all = rendered.map(b => b.script).join('\n');
    for (const command of ['aws scheduler get-schedule', '--log-stream-name-prefix datadog-agent', 'filter-log-events --log-group-name "$ERRORS"',
      'describe-db-parameters --db-parameter-group-name "$PARAMS"', 'detect-stack-drift']) {
      expect(all).toContain(command);
    }
    expect(direct.filter(b => b.script.includes('touch /tmp/pwned')).length).toBeGreaterThanOrEqual(1);
  });

  shellChecks(blocks);
});

/**
 * The DR sections of a DrPlan protecting a database (with a cross-region read replica), buckets of
 * both data classes and a table, with a region failover: where the API lets a caller choose a value
 * that reaches a command — the replica's identifier and region, the failover's record name — it is
 * hostile. The other values (identifiers, vault, role and plan names) derive from stack names and
 * construct ids, which CDK and DrPlan restrict, and go through `sh` all the same (OPS-01).
 */
function drRunbooks(): string {
  const app = new App({ outdir: tempDir('dr-runbooks-') });
  const { stack, db, uploads, dr } = drFixture({ app });
  const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ENV.account, region: HOSTILE } });
  const replica = rds.DatabaseInstance.fromDatabaseInstanceAttributes(elsewhere, 'Replica', {
    instanceIdentifier: HOSTILE, instanceEndpointAddress: 'replica.example.com', port: 5432, securityGroups: [],
  });
  dr.protectDatabase(db, { ...SEED_OBJECTIVES.database, crossRegionReplica: replica });
  dr.protectBucket(uploads, SEED_OBJECTIVES.applicationData);
  dr.protectBucket(versionedBucket(stack, 'Config'), { ...SEED_OBJECTIVES.configuration, dataClass: BucketDataClass.CONFIGURATION });
  dr.protectTable(new dynamodb.Table(stack, 'Sessions', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN,
  }), SEED_OBJECTIVES.database);
  dr.addRegionFailover('Acme', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: HOSTILE,
    secondary: route53.RecordTarget.fromIpAddresses('192.0.2.1'),
    healthCheckDomainName: 'acme.tokyo.example.com',
  });
  return path.join(app.synth().directory, 'runbooks');
}

describe('the DR sections of a DrPlan, fed hostile values where a caller chooses them', () => {
  const blocks = commandBlocks(drRunbooks());

  test('every DR section reached the checks, the hostile values with them', () => {
    const all = blocks.map(b => b.script).join('\n');
    for (const command of ['restore-db-instance-to-point-in-time', 'promote-read-replica', 'restore-table-to-point-in-time', 'start-copy-job',
      'delete-db-instance', 'list-restore-testing-selections', 'describe-events --region us-east-1', 'dig +short', 'start-restore-job']) {
      expect(all).toContain(command);
    }
    // In each locale: the replica's promotion, its secret, its tenants' host, and the failover name's `dig`.
    expect(blocks.filter(b => b.script.includes('touch /tmp/pwned')).length).toBeGreaterThanOrEqual(8);
  });

  shellChecks(blocks);
});
