// Extension-host tier: the offline equivalent of @vscode/test-electron.
// Bundles the suites, starts a private VS Code server, opens the web
// workbench in headless chromium with the extension under development and
// the test bundle in the payload, streams the mocha output, and exits with
// 0 only when every test passed. It does not build the extension: run
// `node esbuild.js` first (npm test does).
//
//   npx tsx test/vscode/runner/run-extension-tests.ts                 all suites under test/vscode/suite/
//   BPNB_SUITE=slice npx tsx test/vscode/runner/run-extension-tests.ts  only test/vscode/suite/slice/
//   npx tsx test/vscode/runner/run-extension-tests.ts --fixture failing-suite   the self-check (must fail)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSuiteBundle, parseAreas, selectTests, SUITE_ROOT } from './build-suite';
import { openBrowser, workbenchUrl, type BrowserSession } from './browser';
import { REPO_ROOT, startServer, type RunningServer } from './vscode-server';
import { makeWorkspace } from './workspace';

interface Options {
  root: string;
  extensionPath: string;
  areas: string[];
  timeoutMs: number;
  name: string;
}

function parseOptions(argv: string[]): Options {
  let root = SUITE_ROOT;
  let extensionPath = REPO_ROOT;
  let name = 'ext';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fixture') {
      const fixture = argv[++i];
      root = path.join(REPO_ROOT, 'test', 'vscode', 'fixtures', fixture ?? '');
      extensionPath = path.join(REPO_ROOT, 'test', 'vscode', 'fixtures', 'tiny-extension');
      name = `fixture-${fixture}`;
      if (!fixture || !fs.existsSync(root)) throw new Error(`--fixture: no folder ${root}`);
    } else if (a === '--extension') {
      extensionPath = path.resolve(argv[++i] ?? '');
    } else {
      throw new Error(`Unknown argument ${a}. Usage: run-extension-tests.ts [--fixture NAME] [--extension PATH]`);
    }
  }
  return {
    root,
    extensionPath,
    areas: root === SUITE_ROOT ? parseAreas(process.env.BPNB_SUITE) : [],
    timeoutMs: Number(process.env.BPNB_TEST_TIMEOUT ?? 5 * 60_000),
    name,
  };
}

interface Results {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; message: string }[];
}

export async function runExtensionTests(opts: Options): Promise<{ exitCode: number; results?: Results }> {
  const files = selectTests(opts.root, opts.areas);
  if (files.length === 0) {
    console.error(`No *.test.ts under ${path.relative(REPO_ROOT, opts.root)}${opts.areas.length ? ` for ${opts.areas.join(',')}` : ''}.`);
    return { exitCode: 1 };
  }
  const mainJs = path.join(opts.extensionPath, 'dist', 'extension.js');
  if (opts.extensionPath === REPO_ROOT && !fs.existsSync(mainJs)) {
    console.error(`${path.relative(REPO_ROOT, mainJs)} is missing: build first (node esbuild.js).`);
    return { exitCode: 1 };
  }

  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;
  let tail: NodeJS.Timeout | undefined;
  try {
    const t0 = Date.now();
    server = await startServer({ name: opts.name });
    const testsDir = path.join(server.tmpDir, 'tests');
    fs.mkdirSync(testsDir);
    const bundle = path.join(testsDir, 'index.js');
    await buildSuiteBundle({ root: opts.root, files, outFile: bundle });
    const logFile = path.join(testsDir, 'output.log');
    const resultsFile = path.join(testsDir, 'results.json');
    fs.writeFileSync(logFile, '');
    fs.writeFileSync(
      path.join(testsDir, 'bpnb-test-config.json'),
      JSON.stringify({ logFile, resultsFile, grep: process.env.BPNB_GREP, timeout: Number(process.env.BPNB_CASE_TIMEOUT ?? 60_000) }),
    );
    const workspace = makeWorkspace(path.join(server.tmpDir, 'ws'), undefined, 'examples');
    console.log(`[ext-tests] VS Code server on ${server.origin} (${Date.now() - t0} ms); ${files.length} suite file(s): ${files.join(', ')}`);

    // Stream the reporter's lines as they are written.
    let offset = 0;
    const flush = () => {
      const size = fs.statSync(logFile).size;
      if (size <= offset) return;
      const fd = fs.openSync(logFile, 'r');
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      fs.closeSync(fd);
      offset = size;
      process.stdout.write(buf.toString().replace(/^(?=.)/gm, '  '));
    };
    tail = setInterval(flush, 250);

    browser = await openBrowser();
    const consoleLines: string[] = [];
    const debug = process.env.BPNB_DEBUG === '1';
    browser.page.on('console', (m) => {
      const line = `[${m.type()}] ${m.text()}`;
      consoleLines.push(line);
      if (consoleLines.length > 2000) consoleLines.splice(0, 1000);
      if (debug) console.log(`[browser] ${line}`);
    });
    browser.page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    let onExit: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (onExit = r));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => onExit(code));
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      if (debug) console.log(`[automation ${type}]`, ...(Array.isArray(args) ? args : [args]));
    });
    const url = workbenchUrl(server.origin, server.remoteUri(workspace), [
      ['extensionDevelopmentPath', server.remoteUri(opts.extensionPath)],
      ['extensionTestsPath', server.remoteUri(bundle)],
      ['skipWelcome', 'true'],
    ]);
    await browser.page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), opts.timeoutMs)));
    // If the workbench never reports the exit (say the extension host died
    // after mocha finished), the results file is enough: give it 15 s grace.
    let poll: NodeJS.Timeout | undefined;
    const reported = new Promise<'results'>((r) => {
      poll = setInterval(() => {
        if (fs.existsSync(resultsFile)) {
          clearInterval(poll);
          poll = setTimeout(() => r('results'), 15_000);
        }
      }, 500);
    });
    const outcome = await Promise.race([exited, timedOut, reported]);
    clearTimeout(timer);
    clearInterval(poll);
    clearTimeout(poll);
    flush();

    const results = fs.existsSync(resultsFile) && fs.statSync(resultsFile).size > 0
      ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results)
      : undefined;
    if (outcome === 'timeout') {
      console.error(`[ext-tests] TIMEOUT: no result after ${opts.timeoutMs} ms.`);
      console.error(consoleLines.filter((l) => /error|Error/.test(l)).slice(-30).join('\n'));
      return { exitCode: 1, results };
    }
    if (!results) {
      // run() threw before mocha reported (bad bundle, extension failed to load …).
      console.error(`[ext-tests] the test bundle reported no results (exit code ${outcome}). Browser console errors:`);
      console.error(consoleLines.filter((l) => /error|Error|fail/.test(l)).slice(-40).join('\n') || '(none)');
      return { exitCode: 1 };
    }
    if (outcome === 'results') console.error('[ext-tests] the workbench never reported the end of the run; judging by the results file.');
    const ok = (outcome === 0 || outcome === 'results') && results.failed === 0 && results.passed > 0;
    return { exitCode: ok ? 0 : 1, results };
  } finally {
    if (tail) clearInterval(tail);
    await browser?.close();
    await server?.stop();
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const t0 = Date.now();
  const { exitCode, results } = await runExtensionTests(opts);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`[ext-tests] ${results ? `${results.passed} passed, ${results.failed} failed` : 'no results'} in ${secs} s → exit ${exitCode}`);
  if (process.env.BPNB_RESULTS_FILE) {
    fs.writeFileSync(process.env.BPNB_RESULTS_FILE, JSON.stringify({ passed: results?.passed ?? 0, failed: results?.failed ?? (exitCode ? 1 : 0), exitCode }));
  }
  process.exitCode = exitCode;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`[ext-tests] ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
