import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { TenantPlatformChecks, TenantPlatformChecksProps } from '../../src';

/** One violating resource of one rule, as the pack reports it. */
export interface Finding {
  readonly ruleName: string;
  readonly severity: string;
  readonly description: string;
  readonly fix?: string;
  readonly constructPath: string;
}

/** A fresh app with one empty stack `Test`, in ap-northeast-1 (the seeds' region). */
export function newStack(id = 'Test'): Stack {
  return new Stack(new App(), id, { env: { account: '111111111111', region: 'ap-northeast-1' } });
}

/** Options of `newVpc`. */
export interface VpcOptions {
  readonly maxAzs?: number;
  readonly natGateways?: number;
  /** The type of the second tier of subnets; `undefined` for public subnets only. */
  readonly privateSubnetType?: ec2.SubnetType;
}

/**
 * A VPC `Vpc` whose public subnets do not map public IPs (NET-01), with a private tier of
 * `privateSubnetType` (isolated unless NAT gateways are asked for).
 */
export function newVpc(scope: Stack, options: VpcOptions = {}): ec2.Vpc {
  const natGateways = options.natGateways ?? 0;
  const privateSubnetType = 'privateSubnetType' in options ? options.privateSubnetType
    : natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: options.maxAzs ?? 2,
    natGateways,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      ...privateSubnetType === undefined ? [] : [{ name: 'Private', subnetType: privateSubnetType }],
    ],
  });
}

/** Runs the pack over the whole app of `scope` (as the plugin does) and lists every finding. */
export function findings(scope: IConstruct, props?: TenantPlatformChecksProps): Finding[] {
  const report = new TenantPlatformChecks(scope.node.root, props).validateScope(scope.node.root);
  return report.violations.flatMap(v => v.violatingResources.map(r => ({
    ruleName: v.ruleName,
    severity: v.severity ?? 'error',
    description: v.description,
    fix: v.fix,
    constructPath: r.constructPath ?? '',
  })));
}

/**
 * The construct paths a rule (e.g. `VPC1`) reports in the app of `scope`, with any granular
 * finding appended (`Test/Db/Resource[FreeStorageSpace]`), sorted.
 */
export function flagged(scope: IConstruct, id: string, props?: TenantPlatformChecksProps): string[] {
  const name = `TenantPlatform-${id}`;
  return findings(scope, props)
    .filter(f => f.ruleName === name || f.ruleName.startsWith(`${name}[`))
    .map(f => f.constructPath + f.ruleName.slice(name.length))
    .sort();
}

/** The path of the CloudFormation resource behind `construct` (its default child for an L2). */
export function resourcePath(construct: IConstruct): string {
  return (construct.node.defaultChild ?? construct).node.path;
}

/** The validation report CDK writes after a synth with validation plugins. */
export interface ValidationReport {
  readonly pluginReports: Array<{
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: Array<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity: string;
      readonly suggestedFix?: string;
      readonly ruleMetadata?: Record<string, string>;
      readonly violatingConstructs: Array<{ readonly constructPath: string }>;
    }>;
  }>;
}

/** The result of `synthWithPlugins`: where the assembly went, the error synth threw, and the report. */
export interface Synthesized {
  readonly outdir: string;
  readonly error?: Error;
  readonly report?: ValidationReport;
}

/**
 * A new app writing to a fresh temporary directory. CDK's built-in "CloudFormation Validate"
 * plugin costs seconds per synth, so it runs only where a test needs its findings.
 */
export function newApp(builtinCloudFormationValidation = false): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-platform-policy-')), builtinCloudFormationValidation });
}

/**
 * Synthesizes `app` the way `cdk synth` does, with `TenantPlatformChecks` (and any other plugins)
 * registered through `Validations.of(app).addPlugins`; catches the "Validation failed" error.
 */
export function synthWithPlugins(app: App, props?: TenantPlatformChecksProps, ...others: Array<Parameters<Validations['addPlugins']>[0]>): Synthesized {
  Validations.of(app).addPlugins(new TenantPlatformChecks(app, props), ...others);
  const outdir = app.outdir;
  let error: Error | undefined;
  // CDK prints the validation report to stderr; the tests read validation-report.json instead.
  const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  } finally {
    stderr.mockRestore();
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport : undefined;
  return { outdir, error, report };
}
