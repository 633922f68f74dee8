// The extensionTestsPath entry of the web tier (run-web-tests.ts): loaded by
// the browser's web-worker extension host, where there is no Node (no fs, no
// require but 'vscode'). Mocha's browser build runs the suites; the reporter
// lines and the counts go to files on the server through vscode.workspace.fs,
// at URIs the runner bakes into this bundle (BPNB_WEB_CONFIG).
import * as vscode from 'vscode';

declare const BPNB_WEB_CONFIG: { logUri: string; resultsUri: string; grep?: string; timeout: number };

interface MochaRunner {
  on(event: string, listener: (...args: never[]) => void): void;
}
interface MochaInstance {
  suite: { emit(event: string, ...args: unknown[]): void };
  run(done: (failures: number) => void): MochaRunner;
}
type MochaClass = new (options: Record<string, unknown>) => MochaInstance;
interface Runnable { title: string; duration?: number; fullTitle(): string }

export async function run(): Promise<void> {
  // Mocha's core class, not the browser build's ready-made `mocha` (its HTML
  // reporter needs a document, and a worker has none): the suites register
  // with describe/it as the Node runner's index does it.
  // Loaded lazily, not by a static import: imported statically, esbuild
  // inlines mocha.js's UMD header unwrapped, and it would replace this
  // module's exports with mocha (VS Code would then call mocha.run).
  await import('mocha/mocha.js');
  const Mocha = (globalThis as unknown as { Mocha: MochaClass }).Mocha;
  const mocha = new Mocha({ ui: 'bdd', reporter: class Quiet {}, timeout: BPNB_WEB_CONFIG.timeout, ...(BPNB_WEB_CONFIG.grep ? { grep: BPNB_WEB_CONFIG.grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'web.test.ts', mocha);
  mocha.suite.emit('require', await import('./web.test'), 'web.test.ts', mocha);
  mocha.suite.emit('post-require', globalThis, 'web.test.ts', mocha);

  let log = '';
  let writing = Promise.resolve();
  const encoder = new TextEncoder();
  const flush = () => {
    const text = log;
    writing = writing.then(() => vscode.workspace.fs.writeFile(vscode.Uri.parse(BPNB_WEB_CONFIG.logUri), encoder.encode(text))).then(undefined, () => undefined);
  };
  const write = (line: string) => {
    log += line + '\n';
    flush();
  };

  const failures: { title: string; message: string }[] = [];
  let passed = 0;
  let depth = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('suite', ((s: { root: boolean; title: string }) => {
      if (!s.root) write(`${'  '.repeat(depth++)}${s.title}`);
    }) as never);
    runner.on('suite end', ((s: { root: boolean }) => {
      if (!s.root) depth--;
    }) as never);
    runner.on('pass', ((t: Runnable) => {
      passed++;
      write(`${'  '.repeat(depth)}✔ ${t.title} (${t.duration ?? 0} ms)`);
    }) as never);
    runner.on('fail', ((t: Runnable, err: Error) => {
      failures.push({ title: t.fullTitle(), message: err?.stack ?? String(err) });
      write(`${'  '.repeat(depth)}✖ ${t.title}`);
    }) as never);
  });
  write('');
  write(`${passed} passing, ${failures.length} failing`);
  failures.forEach((f, i) => write(`\n${i + 1}) ${f.title}\n${f.message}`));
  await writing;
  await vscode.workspace.fs.writeFile(vscode.Uri.parse(BPNB_WEB_CONFIG.resultsUri), encoder.encode(JSON.stringify({ passed, failed: failures.length, pending: 0, failures }, null, 2)));
  if (failures.length > 0) throw new Error(`${failures.length} web extension-host test(s) failed.`);
}
