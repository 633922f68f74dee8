// Web tier: the extension in VS Code for the Web's host. The same private
// VS Code server as the extension-host tier, started with the user setting
// "remote.extensionKind": {"bpnb.bpnb": ["web"]}, which moves the development
// extension into the browser's web-worker extension host (its package.json
// "browser" entry, dist/extension.browser.js). The suites (test/vscode/web/)
// are bundled for that host: no Node, results written through
// vscode.workspace.fs to files the runner reads. The test bundle is written to
// out/test/web/ inside the extension's folder, which is what makes VS Code run
// it in the extension's (web-worker) host. Build first (node esbuild.js).
//
//   npx tsx test/vscode/runner/run-web-tests.ts
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openBrowser, workbenchUrl, type BrowserSession } from './browser';
import { REPO_ROOT, startServer, webHostSettings, type RunningServer } from './vscode-server';
import { makeWorkspace } from './workspace';

const WEB_ROOT = path.join(REPO_ROOT, 'test', 'vscode', 'web');

interface Results { passed: number; failed: number; failures: { title: string; message: string }[] }

async function runWebTests(): Promise<{ exitCode: number; results?: Results }> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.browser.js'))) {
    console.error('dist/extension.browser.js is missing: build first (node esbuild.js).');
    return { exitCode: 1 };
  }
  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;
  let tail: NodeJS.Timeout | undefined;
  try {
    server = await startServer({ name: 'web', userSettings: webHostSettings() });
    const testsDir = path.join(server.tmpDir, 'tests');
    fs.mkdirSync(testsDir);
    const logFile = path.join(testsDir, 'output.log');
    const resultsFile = path.join(testsDir, 'results.json');
    fs.writeFileSync(logFile, '');
    const config = { logUri: server.remoteUri(logFile), resultsUri: server.remoteUri(resultsFile), grep: process.env.BPNB_GREP, timeout: Number(process.env.BPNB_CASE_TIMEOUT ?? 60_000) };
    // Inside the development extension's folder: VS Code runs a test bundle in
    // the host of the extension whose folder holds it (outside any extension it
    // would run in the server's Node host).
    const bundle = path.join(REPO_ROOT, 'out', 'test', 'web', 'index.js');
    await esbuild.build({
      entryPoints: [path.join(WEB_ROOT, 'index.ts')],
      outfile: bundle,
      bundle: true,
      // The web-worker extension host evaluates CommonJS with only 'vscode' to require.
      platform: 'browser',
      format: 'cjs',
      target: 'es2022',
      external: ['vscode'],
      define: { BPNB_WEB_CONFIG: JSON.stringify(config) },
      logLevel: 'error',
    });
    const workspace = makeWorkspace(path.join(server.tmpDir, 'ws'), undefined, 'examples');

    let offset = 0;
    const flush = () => {
      const text = fs.readFileSync(logFile, 'utf8');
      if (text.length <= offset) return;
      process.stdout.write(text.slice(offset).replace(/^(?=.)/gm, '  '));
      offset = text.length;
    };
    tail = setInterval(flush, 500);

    browser = await openBrowser();
    const consoleLines: string[] = [];
    browser.page.on('console', (m) => {
      consoleLines.push(`[${m.type()}] ${m.text()}`);
      if (process.env.BPNB_DEBUG === '1') console.log(`[browser] ${m.text()}`);
    });
    let onExit: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (onExit = r));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => onExit(code));
    await browser.page.exposeFunction('codeAutomationLog', () => undefined);
    await browser.page.goto(workbenchUrl(server.origin, server.remoteUri(workspace), [
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(bundle)],
      ['skipWelcome', 'true'],
    ]));
    const timeoutMs = Number(process.env.BPNB_TEST_TIMEOUT ?? 4 * 60_000);
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const reported = new Promise<'results'>((r) => {
      poll = setInterval(() => {
        if (fs.existsSync(resultsFile)) r('results');
      }, 500);
    });
    const outcome = await Promise.race([exited, timedOut, reported]);
    clearTimeout(timer);
    clearInterval(poll);
    await new Promise((r) => setTimeout(r, 300));
    flush();
    const results = fs.existsSync(resultsFile) && fs.statSync(resultsFile).size > 0 ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results) : undefined;
    if (!results) {
      console.error(`[web-tests] no results (${outcome === 'timeout' ? `timeout after ${timeoutMs} ms` : `exit ${outcome}`}). Browser console errors:`);
      console.error(consoleLines.filter((l) => /error|Error|fail/.test(l)).slice(-40).join('\n') || '(none)');
      return { exitCode: 1 };
    }
    return { exitCode: results.failed === 0 && results.passed > 0 ? 0 : 1, results };
  } finally {
    if (tail) clearInterval(tail);
    await browser?.close();
    await server?.stop();
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const { exitCode, results } = await runWebTests();
  console.log(`[web-tests] ${results ? `${results.passed} passed, ${results.failed} failed` : 'no results'} in ${((Date.now() - t0) / 1000).toFixed(1)} s → exit ${exitCode}`);
  if (process.env.BPNB_RESULTS_FILE) {
    fs.writeFileSync(process.env.BPNB_RESULTS_FILE, JSON.stringify({ passed: results?.passed ?? 0, failed: results?.failed ?? (exitCode ? 1 : 0), exitCode }));
  }
  process.exitCode = exitCode;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`[web-tests] ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
