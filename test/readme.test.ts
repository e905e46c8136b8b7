// The README's TypeScript examples are type-checked against the library and run, so they stay true.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as ts from 'typescript';
import * as library from '../src';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  baseUrl: ROOT,
  ignoreDeprecations: '6.0',
  paths: { 'cdk-tenant-platform': ['src/index.ts'] },
  types: ['node'],
};

/**
 * What a snippet may use without defining: the README's later examples continue the first one
 * (`app`, `env`, `shared`, `platform`), and use these imports.
 */
const FIXTURE_IMPORTS: Array<[string, string]> = [
  ['aws-cdk-lib', 'App, Duration, Stack'],
  ['aws-cdk-lib/aws-certificatemanager', '* as acm'],
  ['aws-cdk-lib/aws-ecs', '* as ecs'],
  ['aws-cdk-lib/aws-secretsmanager', '* as secretsmanager'],
];
const FIXTURE = `
const certArn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const app = new App();
const env = { account: '123456789012', region: 'ap-northeast-1' };
const shared = new Stack(app, 'Shared', { env });
const platform = new TenantPlatform(shared, 'Platform', {
  environment: PlatformEnvironment.PRODUCTION,
  certificate: acm.Certificate.fromCertificateArn(shared, 'Cert', certArn),
  notifications: { criticalEmails: ['oncall@example.com'] },
});
void ecs; void secretsmanager; void Duration; void env; void platform;
`;

const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
const files = blocks.map((_, i) => path.join(ROOT, 'test', `__readme_example_${i + 1}.ts`));

/** Every name src/index.ts exports (classes, interfaces, enums). */
function libraryExports(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, 'src/index.ts'))!;
  return checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).map(s => s.name);
}

const IMPORT = /^import (.+) from '([^']+)';$/gm;

/** Names a line `import { A, B as C } from ...` or `import * as X from ...` binds. */
function boundNames(clause: string): string[] {
  const namespace = /^\* as (\w+)$/.exec(clause.trim());
  if (namespace) return [namespace[1]];
  return clause.replace(/[{}]/g, '').split(',').map(n => n.trim().split(/\s+as\s+/).pop()!).filter(n => n.length > 0);
}

/**
 * A snippet as a module. One that creates its own `app` stands alone; the others continue the
 * fixture, getting the fixture's imports and the library names they use, minus what they import.
 */
function moduleSource(snippet: string, exported: string[]): string {
  if (/^const app = /m.test(snippet)) {
    return `const certArn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/x';\n${snippet}\napp.synth();\nexport {};\n`;
  }
  const own = [...snippet.matchAll(IMPORT)].flatMap(m => boundNames(m[1]));
  const body = snippet.replace(IMPORT, '');
  const libraryNames = exported.filter(name => !own.includes(name) &&
    (new RegExp(`\\b${name}\\b`).test(body) || ['TenantPlatform', 'PlatformEnvironment'].includes(name)));
  const fixtureImports = FIXTURE_IMPORTS.map(([from, clause]) => {
    const names = boundNames(clause).filter(n => !own.includes(n));
    if (names.length === 0) return '';
    return clause.startsWith('*') ? `import ${clause} from '${from}';` : `import { ${names.join(', ')} } from '${from}';`;
  });
  return [
    ...snippet.match(IMPORT) ?? [],
    ...fixtureImports,
    libraryNames.length ? `import { ${libraryNames.join(', ')} } from 'cdk-tenant-platform';` : '',
    FIXTURE, body, 'app.synth();', 'export {};', '',
  ].join('\n');
}

describe('README examples', () => {
  const libraryProgram = ts.createProgram([path.join(ROOT, 'src/index.ts')], OPTIONS);
  const exported = libraryExports(libraryProgram);
  const sources = blocks.map(b => moduleSource(b, exported));

  test('there are examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  test('every example type-checks against the library', () => {
    const host = ts.createCompilerHost(OPTIONS);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const virtual = (f: string) => files.indexOf(path.resolve(f));
    host.readFile = f => (virtual(f) >= 0 ? sources[virtual(f)] : readFile(f));
    host.fileExists = f => virtual(f) >= 0 || fileExists(f);
    const program = ts.createProgram(files, OPTIONS, host, libraryProgram);
    const problems = files.flatMap((f, i) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f))
      .map(d => `example ${i + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`));
    expect(problems).toEqual([]);
  });

  test.each(sources.map((s, i) => [i + 1, s]))('example %i runs and synthesizes', (_, source) => {
    const js = ts.transpileModule(source as string, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const requireFromHere = createRequire(__filename);
    const requireFromTest = (id: string) => (id === 'cdk-tenant-platform' ? library : requireFromHere(id));
    const exports = {};
    new Function('require', 'exports', 'module', js)(requireFromTest, exports, { exports });
  });
});
