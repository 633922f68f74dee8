// A real VS Code 1.100.3 without internet: the server and web workbench that
// the `code-server@4.100.3` npm package ships in lib/vscode (see
// docs/testing.md). This module installs it once into a cache folder and
// starts one private server per test run: free port, fresh data and
// extensions folders, its own process group so that stopping it takes the
// extension host and every helper process with it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

/** The repository root (this file is test/vscode/runner/vscode-server.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the server is installed; override with BPNB_VSCODE_CACHE. */
export function cacheDir(): string {
  return process.env.BPNB_VSCODE_CACHE ?? path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
}

function vscodeDir(cache: string): string {
  return path.join(cache, 'node_modules', 'code-server', 'lib', 'vscode');
}

/** Written last, so its presence means every step below finished. */
const MARKER = '.bpnb-install-complete';

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${(r.stderr || r.stdout || '').slice(-4000)}`);
  }
}

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

/**
 * Install the server into the cache folder unless the marker says it is
 * there. Two runs starting at once serialise on a lock folder: the second
 * waits for the first instead of installing over it.
 */
export async function ensureServer(log: (line: string) => void = () => {}): Promise<string> {
  const cache = cacheDir();
  const vsDir = vscodeDir(cache);
  const marker = path.join(cache, MARKER);
  if (fs.existsSync(marker)) return vsDir;

  fs.mkdirSync(path.dirname(cache), { recursive: true });
  const lock = `${cache}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(marker)) return vsDir;
      // A lock left by a killed install: older than 10 minutes is stale.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another install of the VS Code server (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (fs.existsSync(marker)) return vsDir;
    const rg = which('rg');
    if (!rg) throw new Error('ripgrep (rg) is not on PATH: install it (apt-get install -y ripgrep); the VS Code server needs it for search.');
    fs.mkdirSync(cache, { recursive: true });
    log(`installing code-server@${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${cache} ...`);
    if (!fs.existsSync(path.join(cache, 'package.json'))) {
      fs.writeFileSync(path.join(cache, 'package.json'), JSON.stringify({ name: 'bpnb-vscode-cache', private: true }, null, 2) + '\n');
    }
    // --ignore-scripts: the postinstall refuses root, compiles native modules
    // and downloads ripgrep from GitHub; none of that is needed or possible.
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], cache);
    run('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--ignore-scripts'], vsDir);
    const asar = path.join(vsDir, 'node_modules.asar');
    if (!fs.existsSync(asar)) fs.symlinkSync('node_modules', asar);
    const rgDir = path.join(vsDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(rgDir, { recursive: true });
    fs.copyFileSync(rg, path.join(rgDir, 'rg'));
    fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
    const pkg = JSON.parse(fs.readFileSync(path.join(vsDir, 'product.json'), 'utf8')) as { version?: string };
    fs.writeFileSync(marker, `${pkg.version ?? '?'}\n`);
    log(`installed VS Code ${pkg.version ?? '?'}`);
    return vsDir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Ask the OS for a port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  /** The server's pid, also its process group id. */
  pid: number;
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** This run's temp folder (data, extensions, workspace copies); removed by stop(). */
  tmpDir: string;
  /** Turn an absolute local path into the vscode-remote URI the workbench wants. */
  remoteUri(absPath: string): string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A name for the temp folder, to tell runs apart. */
  name?: string;
  /** Print server output as it comes (BPNB_DEBUG=1 does the same). */
  verbose?: boolean;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** ms to wait for "Extension host agent listening". */
  startTimeout?: number;
  /** A fixed port (npm start with BPNB_PORT); default: a free one from the OS. */
  port?: number;
  /**
   * Start with workspace trust enabled (default: disabled, every folder trusted,
   * no trust dialog). Then VS Code asks on opening a folder, and a folder left
   * untrusted opens in Restricted Mode. BPNB_WORKSPACE_TRUST=1 does the same
   * for every server a runner starts.
   */
  workspaceTrust?: boolean;
  /**
   * User settings written to SERVER_DATA_DIR/data/User/settings.json before the
   * server starts. `{"remote.extensionKind": {"bpnb.bpnb": ["web"]}}` moves the
   * development extension into the browser's web-worker extension host
   * (run-web-tests.ts).
   */
  userSettings?: Record<string, unknown>;
}

/**
 * The user settings that move the development extension (package.json's
 * publisher.name) into the browser's web-worker extension host, as on
 * vscode.dev. BPNB_EXTENSION_HOST=web makes every runner start its servers
 * with them.
 */
export function webHostSettings(): Record<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return { 'remote.extensionKind': { [`${pkg.publisher}.${pkg.name}`]: ['web'] } };
}

const running = new Set<RunningServer>();
let handlersInstalled = false;

/** Stop every server this process started, on exit or on a signal. */
function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort, synchronous: whatever stop() did not finish.
  process.on('exit', () => {
    for (const s of running) {
      killGroup(s.pid, 'SIGKILL');
      removeTmp(s.tmpDir);
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      void Promise.all([...running].map((s) => s.stop())).finally(() => process.exit(128 + (os.constants.signals[sig] ?? 1)));
    });
  }
}

function removeTmp(dir: string): void {
  if (process.env.BPNB_KEEP_TMP === '1') return;
  try {
    // Retries: a process of the group may still be closing files in it.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (e) {
    console.error(`[vscode-server] could not remove ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const vsDir = await ensureServer((l) => console.log(`[vscode-server] ${l}`));
  installExitHandlers();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), `bpnb-${opts.name ?? 'run'}-`));
  const dataDir = path.join(tmpDir, 'server-data');
  const extDir = path.join(tmpDir, 'extensions');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(extDir);
  if (!opts.userSettings && process.env.BPNB_EXTENSION_HOST === 'web') opts = { ...opts, userSettings: webHostSettings() };
  if (opts.userSettings) {
    const userDir = path.join(dataDir, 'data', 'User');
    fs.mkdirSync(userDir, { recursive: true });
    fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(opts.userSettings, null, 2));
  }
  // A port from the OS can still be taken by someone else before the server
  // binds it; then we try again with another.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      const server = await launch(vsDir, port, tmpDir, dataDir, extDir, opts);
      return server;
    } catch (e) {
      if (attempt >= 3 || opts.port !== undefined || !(e instanceof Error) || !/EADDRINUSE/.test(e.message)) {
        fs.rmSync(tmpDir, { recursive: true, force: true });
        throw e;
      }
    }
  }
}

function launch(vsDir: string, port: number, tmpDir: string, dataDir: string, extDir: string, opts: StartOptions): Promise<RunningServer> {
  const verbose = opts.verbose ?? process.env.BPNB_DEBUG === '1';
  const args = [
    path.join(vsDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    ...(opts.workspaceTrust ?? process.env.BPNB_WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust']),
    '--server-data-dir', dataDir,
    '--extensions-dir', extDir,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: tmpDir,
    detached: true, // own process group: stop() kills the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env, VSCODE_AGENT_FOLDER: dataDir },
  });
  let out = '';
  const onData = (b: Buffer) => {
    const s = b.toString();
    out += s;
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    if (verbose) process.stderr.write(s.replace(/^/gm, '[server] '));
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const origin = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const server: RunningServer = {
    pid: child.pid ?? 0,
    port,
    origin,
    tmpDir,
    remoteUri: (p) => `vscode-remote://127.0.0.1:${port}${encodeURI(path.resolve(p))}`,
    output: () => out,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          killGroup(child.pid, 'SIGTERM');
          const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
        }
        // Children of the group that outlived the leader (extension host).
        killGroup(child.pid, 'SIGKILL');
        removeTmp(tmpDir);
        running.delete(server);
      })();
      return stopped;
    },
  };
  running.add(server);

  return new Promise((resolve, reject) => {
    const timeout = opts.startTimeout ?? 60_000;
    const timer = setTimeout(() => {
      cleanup();
      void server.stop().then(() => reject(new Error(`VS Code server did not start within ${timeout} ms. Output:\n${out.slice(-3000)}`)));
    }, timeout);
    const check = () => {
      if (/Extension host agent listening on/.test(out)) {
        cleanup();
        resolve(server);
      } else if (/EADDRINUSE/.test(out)) {
        cleanup();
        void server.stop().then(() => reject(new Error(`EADDRINUSE on port ${port}`)));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      running.delete(server);
      reject(new Error(`VS Code server exited (code ${code}) before it was ready. Output:\n${out.slice(-3000)}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
  });
}
