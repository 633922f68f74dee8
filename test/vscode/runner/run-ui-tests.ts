// UI tier: mocha (bdd) files test/vscode/ui/<area>/*.test.ts, run here in
// Node, drive the real workbench in headless chromium through the harness in
// test/vscode/ui/lib/harness.ts. This runner starts one private VS Code
// server for the run, points the harness at it, and stops it at the end
// (also on failure or Ctrl-C). It does not build the extension.
//
//   npx tsx test/vscode/runner/run-ui-tests.ts                  all UI suites
//   BPNB_SUITE=slice npx tsx test/vscode/runner/run-ui-tests.ts   only test/vscode/ui/slice/
//   BPNB_UPDATE_SCREENSHOTS=1 …                                   also copy screenshots to docs/images/
//   BPNB_UI_PARALLEL=2 …                                          the suites in two runs side by side (npm test does this),
//                                                                 then the ones that measure time or rebuild dist/ alone
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import { closeSharedBrowser } from './browser';
import { parseAreas, selectTests } from './build-suite';
import { REPO_ROOT, startServer } from './vscode-server';

export const UI_ROOT = path.join(REPO_ROOT, 'test', 'vscode', 'ui');

/** test-results/<run-name>/: BPNB_RUN_NAME, else ui-<date>-<time>-<pid> so that concurrent runs never share a folder. */
function runName(): string {
  if (process.env.BPNB_RUN_NAME) return process.env.BPNB_RUN_NAME.replace(/[^\w.-]+/g, '_');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `ui-${stamp}-${process.pid}`;
}

/** Where a top-level suite's time went: its hooks (workbench setup and teardown) and its tests, in ms. */
interface SuiteTiming {
  suite: string;
  file: string;
  hooks: number;
  tests: number;
  total: number;
  start: number;
}

/** Per top-level suite (a describe at the top of a file): hook and test time, from mocha's events. */
function recordTimings(runner: Mocha.Runner): SuiteTiming[] {
  const out: SuiteTiming[] = [];
  const top = (s: Mocha.Suite | undefined): Mocha.Suite | undefined => {
    let t = s;
    while (t?.parent && !t.parent.root) t = t.parent;
    return t && !t.root ? t : undefined;
  };
  const entry = (s: Mocha.Suite | undefined): SuiteTiming | undefined => {
    const t = top(s);
    if (!t) return undefined;
    const file = path.relative(UI_ROOT, t.file ?? '');
    let e = out.find((x) => x.suite === t.title && x.file === file);
    if (!e) out.push((e = { suite: t.title, file, hooks: 0, tests: 0, total: 0, start: Date.now() }));
    return e;
  };
  runner.on('suite', (s) => { entry(s); });
  runner.on('suite end', (s) => {
    const e = entry(s);
    if (e && top(s) === s) e.total = Date.now() - e.start;
  });
  runner.on('hook end', (h) => { const e = entry(h.parent); if (e) e.hooks += h.duration ?? 0; });
  runner.on('test end', (t) => { const e = entry(t.parent); if (e) e.tests += t.duration ?? 0; });
  return out;
}

/** ui-timings.json in the results folder, and a table on stdout with BPNB_UI_TIMINGS=1. */
function reportTimings(timings: SuiteTiming[], resultsDir: string): void {
  fs.writeFileSync(path.join(resultsDir, process.env.BPNB_UI_PART ? `ui-timings-${process.env.BPNB_UI_PART}.json` : 'ui-timings.json'), JSON.stringify(timings.map(({ start: _s, ...t }) => t), null, 2) + '\n');
  if (process.env.BPNB_UI_TIMINGS !== '1') return;
  const sum = (k: 'hooks' | 'tests' | 'total') => timings.reduce((n, t) => n + t[k], 0);
  console.log('[ui-tests] time per suite (s): hooks (setup, teardown) | tests | total');
  for (const t of timings) console.log(`  ${(t.hooks / 1000).toFixed(1).padStart(6)} ${(t.tests / 1000).toFixed(1).padStart(6)} ${(t.total / 1000).toFixed(1).padStart(6)}  ${t.file}: ${t.suite}`);
  console.log(`  ${(sum('hooks') / 1000).toFixed(1).padStart(6)} ${(sum('tests') / 1000).toFixed(1).padStart(6)} ${(sum('total') / 1000).toFixed(1).padStart(6)}  all`);
}

/** The UI suite files of `areas` (all if empty), or exactly BPNB_UI_FILES (a comma list, as the parallel mode hands them to its runs). */
function uiFiles(areas: string[]): string[] {
  // lib/ holds the harness, not suites.
  const files = selectTests(UI_ROOT, areas).filter((f) => !f.startsWith('lib/'));
  const only = process.env.BPNB_UI_FILES?.split(',').filter(Boolean);
  return only ? files.filter((f) => only.includes(f)) : files;
}

export async function runUiTests(opts: { areas: string[]; extensionPath: string }): Promise<{ exitCode: number; passed: number; failed: number }> {
  const files = uiFiles(opts.areas);
  if (files.length === 0) {
    console.error(`No UI suites under ${path.relative(REPO_ROOT, UI_ROOT)}${opts.areas.length ? ` for ${opts.areas.join(',')}` : ''}.`);
    return { exitCode: 1, passed: 0, failed: 1 };
  }
  if (opts.extensionPath === REPO_ROOT && !fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: build first (node esbuild.js).');
    return { exitCode: 1, passed: 0, failed: 1 };
  }
  const resultsDir = path.join(REPO_ROOT, 'test-results', runName());
  fs.mkdirSync(resultsDir, { recursive: true });
  const t0 = Date.now();
  const server = await startServer({ name: 'ui' });
  try {
    console.log(`[ui-tests] VS Code server on ${server.origin} (${Date.now() - t0} ms); screenshots → ${path.relative(REPO_ROOT, resultsDir)}/`);
    process.env.BPNB_UI_ORIGIN = server.origin;
    process.env.BPNB_UI_TMP = server.tmpDir;
    process.env.BPNB_UI_EXTENSION = opts.extensionPath;
    process.env.BPNB_UI_RESULTS = resultsDir;
    const mocha = new Mocha({
      ui: 'bdd',
      reporter: 'spec',
      timeout: Number(process.env.BPNB_CASE_TIMEOUT ?? 120_000),
      grep: process.env.BPNB_GREP,
    });
    for (const f of files) mocha.addFile(path.join(UI_ROOT, f));
    await mocha.loadFilesAsync();
    let timer: NodeJS.Timeout | undefined;
    let timings: SuiteTiming[] | undefined;
    // The UI areas together take about five minutes on a quiet 2-core machine; twice that before calling it hung.
    const limit = Number(process.env.BPNB_TEST_TIMEOUT ?? 12 * 60_000);
    const result = await Promise.race([
      new Promise<{ passed: number; failed: number }>((resolve) => {
        const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
        timings = recordTimings(runner);
      }),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), limit))),
    ]);
    clearTimeout(timer);
    if (timings) reportTimings(timings, resultsDir);
    if (result === 'timeout') {
      console.error(`[ui-tests] TIMEOUT: the UI suites did not finish within ${limit} ms.`);
      return { exitCode: 1, passed: 0, failed: 1 };
    }
    const ok = result.failed === 0 && result.passed > 0;
    return { exitCode: ok ? 0 : 1, ...result };
  } finally {
    await closeSharedBrowser();
    await server.stop();
  }
}

/**
 * Suites that must run with nothing beside them: they measure time against
 * budgets or publish figures (live/measure, the renderer's Run Cell → SVG,
 * the live curve on vs off, the kernel's responsiveness), or rebuild dist/
 * while they run (firsthour/start runs `npm start`, which builds).
 */
export const ALONE = ['kernel/responsive.test.ts', 'live/measure.test.ts', 'plots/liveCurve.test.ts', 'renderer/renderer.test.ts', 'firsthour/start.test.ts'];

/**
 * Seconds per suite file on the 2-core machine (a run of 2026-12-06, see
 * ui-timings.json): only to balance the parallel runs; a file not listed
 * counts 20 s.
 */
const WEIGHT: Record<string, number> = {
  'plots/plots.test.ts': 80, 'live/live.test.ts': 30, 'export/export.test.ts': 27, 'firsthour/saved.test.ts': 26,
  'security/injection.test.ts': 19, 'renderer/heatmaps.test.ts': 17, 'firsthour/newnotebook.test.ts': 17,
  'security/restricted.test.ts': 16, 'security/hugecell.test.ts': 15, 'firsthour/typing.test.ts': 15,
  'firsthour/report.test.ts': 12, 'slice/slice.test.ts': 12, 'data/csv.test.ts': 12, 'live/restricted.test.ts': 11,
};

/** Longest first, each to the lightest run: `n` lists of files, in the suites' usual order within each. */
function balance(files: string[], n: number): string[][] {
  const parts = Array.from({ length: n }, () => ({ files: [] as string[], load: 0 }));
  for (const f of [...files].sort((a, b) => (WEIGHT[b] ?? 20) - (WEIGHT[a] ?? 20))) {
    const lightest = parts.reduce((a, b) => (b.load < a.load ? b : a));
    lightest.files.push(f);
    lightest.load += WEIGHT[f] ?? 20;
  }
  return parts.map((p) => files.filter((f) => p.files.includes(f))).filter((p) => p.length > 0);
}

/** This runner again, in a child process, on exactly `files`; its output printed in one piece when it ends. */
function runPart(name: string, files: string[], argv: string[], run: string): Promise<{ passed: number; failed: number; exitCode: number }> {
  const results = path.join(os.tmpdir(), `bpnb-ui-${name}-${process.pid}-${Date.now()}.json`);
  return new Promise((resolve) => {
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [__filename, ...argv], {
      cwd: REPO_ROOT,
      env: { ...process.env, BPNB_UI_PARALLEL: '1', BPNB_UI_FILES: files.join(','), BPNB_UI_PART: name, BPNB_RESULTS_FILE: results, BPNB_RUN_NAME: run },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('close', (code) => {
      console.log(`\n[ui-tests] ── ${name}: ${files.join(', ')}`);
      process.stdout.write(Buffer.concat(out));
      let r = { passed: 0, failed: 1, exitCode: code ?? 1 };
      try {
        r = JSON.parse(fs.readFileSync(results, 'utf8')) as typeof r;
        fs.rmSync(results, { force: true });
      } catch {
        // no results: a crash, counted as one failure
      }
      resolve(r);
    });
  });
}

/**
 * BPNB_UI_PARALLEL=n: the suites not in ALONE in n runs side by side (each
 * its own server, browser and user settings), then the ALONE ones in one run
 * by themselves. Most of a UI suite's time is waiting for the workbench, so
 * two runs share two cores well.
 */
async function runParallel(n: number, argv: string[]): Promise<{ passed: number; failed: number; exitCode: number }> {
  const files = uiFiles(parseAreas(process.env.BPNB_SUITE));
  const together = files.filter((f) => !ALONE.includes(f));
  const alone = files.filter((f) => ALONE.includes(f));
  const run = runName();
  const t0 = Date.now();
  const parts = await Promise.all(balance(together, n).map((p, i) => runPart(`part${i + 1}`, p, argv, run)));
  const t1 = Date.now();
  if (alone.length) parts.push(await runPart('alone', alone, argv, run));
  console.log(`[ui-tests] side by side ${((t1 - t0) / 1000).toFixed(1)} s, then alone ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const passed = parts.reduce((a, p) => a + p.passed, 0);
  const failed = parts.reduce((a, p) => a + p.failed, 0);
  return { passed, failed, exitCode: failed === 0 && passed > 0 && parts.every((p) => p.exitCode === 0) ? 0 : 1 };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let extensionPath = REPO_ROOT;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--extension') extensionPath = path.resolve(argv[++i] ?? '');
    else throw new Error(`Unknown argument ${argv[i]}. Usage: run-ui-tests.ts [--extension PATH]`);
  }
  const t0 = Date.now();
  // A grep may leave a part with no test, which counts as a failure: one run then.
  const parallel = process.env.BPNB_GREP ? 1 : Number(process.env.BPNB_UI_PARALLEL ?? 1);
  const r = parallel > 1
    ? await runParallel(parallel, argv)
    : await runUiTests({ areas: parseAreas(process.env.BPNB_SUITE), extensionPath });
  console.log(`[ui-tests] ${r.passed} passed, ${r.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s → exit ${r.exitCode}`);
  if (process.env.BPNB_RESULTS_FILE) fs.writeFileSync(process.env.BPNB_RESULTS_FILE, JSON.stringify(r));
  // Browsers a failed test left open must not keep Node alive.
  process.exit(r.exitCode);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`[ui-tests] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
