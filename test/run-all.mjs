#!/usr/bin/env node
// `npm test`: every tier, in order, never stopping early, so one run shows
// everything that is wrong. Prints each tier's wall time and ends with
//   bpnb: N passed, N failed
// where N counts test cases for the unit, extension-host and UI tiers and
// one check each for typecheck, lint, build and the runner self-check.
// Exits 1 if anything failed. See docs/testing.md.
//
//   node test/run-all.mjs                 everything
//   node test/run-all.mjs --skip ui,lint  leave tiers out (names below)
//   BPNB_SERIAL=1 node test/run-all.mjs  one tier at a time (typecheck, lint
//                                         and unit otherwise run side by side)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prerequisitesMessage } from './prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const node = process.execPath;
const tsx = bin('tsx');
const runner = (file) => path.join(root, 'test', 'vscode', 'runner', file);

const skipArg = process.argv.indexOf('--skip');
const skip = new Set(skipArg > 0 ? (process.argv[skipArg + 1] ?? '').split(',') : (process.env.BPNB_SKIP ?? '').split(',').filter(Boolean));

/**
 * Run a command, resolve to its exit code and (with `capture`) its output.
 * Its output goes to ours as it comes, or, for a tier running beside others,
 * to `sink`, which prints it in one piece when the tier ends.
 */
function run(cmd, args, { env = {}, capture = false, sink } = {}) {
  return new Promise((resolve) => {
    const piped = capture || sink;
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
    });
    let out = '';
    if (piped) {
      child.stdout.on('data', (b) => { if (capture) out += b; if (sink) sink(b); else process.stdout.write(b); });
      child.stderr.on('data', (b) => { if (capture) out += b; if (sink) sink(b); else process.stderr.write(b); });
    }
    child.on('error', (e) => { out += String(e); resolve({ code: 127, out }); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

/** A temp file the VS Code runners write their counts to. */
function resultsFile(name) {
  return path.join(os.tmpdir(), `bpnb-${name}-${process.pid}-${Date.now()}.json`);
}
function readCounts(file, code) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file, { force: true });
    // A run that crashed before any test ran still counts as a failure.
    const failed = r.failed || (code !== 0 ? 1 : 0);
    return { passed: r.passed ?? 0, failed };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

/** A tier judged by its exit status alone counts as one check. */
function exitCounts(code) {
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
}

/** A tier of the VS Code runner: it writes its counts to a results file. */
function vscodeTier(name, script, key, env = {}) {
  return {
    name,
    retryOnce: true,
    async run() {
      const file = resultsFile(key);
      const { code } = await run(tsx, [runner(script)], { env: { ...env, BPNB_RESULTS_FILE: file } });
      return readCounts(file, code);
    },
  };
}

/** Counts from mocha's closing lines; a non-zero exit with no failing count is one failure. */
function mochaCounts(out, code) {
  const passed = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
  return { passed, failed: failed || (code !== 0 ? 1 : 0) };
}

const tiers = [
  {
    name: 'typecheck',
    concurrent: true,
    async run(sink) {
      // Every tsconfig: each runtime with only the libraries it may use.
      const { code } = await run(node, [path.join(root, 'scripts', 'typecheck.mjs')], { sink });
      return exitCounts(code);
    },
  },
  {
    name: 'lint',
    concurrent: true,
    async run(sink) {
      const targets = ['src', 'test', 'bench', 'esbuild.js', 'scripts'].filter((p) => fs.existsSync(path.join(root, p)));
      const { code } = await run(bin('eslint'), targets, { sink });
      return exitCounts(code);
    },
  },
  {
    name: 'unit',
    // Beside typecheck and lint: all three only read the sources (the unit
    // tests that need dist/ build it themselves) and none of them measures
    // wall time against a budget (perf.test.ts counts CPU time).
    concurrent: true,
    async run(sink) {
      // .mocharc.json has tsx and the reporter; the summary lines give the counts.
      const { code, out } = await run(bin('mocha'), ['--color=false', 'test/unit/**/*.test.ts'], { capture: true, sink });
      return mochaCounts(out, code);
    },
  },
  {
    name: 'build',
    async run() {
      const { code } = await run(node, [path.join(root, 'esbuild.js')]);
      return exitCounts(code);
    },
  },
  {
    // The renderer bundle (the real dist/renderer.js with mermaid) drawing
    // payloads in plain headless Chromium: fast, and precise about the SVG.
    name: 'renderer',
    async run() {
      const { code, out } = await run(bin('mocha'), ['--color=false', '--config', 'test/renderer-harness/.mocharc.json'], { capture: true });
      return mochaCounts(out, code);
    },
  },
  {
    // The runner must turn a failing test into a non-zero exit; the fixture
    // suite has 2 passing tests and 1 failing one, and the counts must say so.
    name: 'runner self-check',
    async run() {
      const file = resultsFile('selfcheck');
      const { code } = await run(tsx, [runner('run-extension-tests.ts'), '--fixture', 'failing-suite'], { env: { BPNB_RESULTS_FILE: file } });
      let r = {};
      try {
        r = JSON.parse(fs.readFileSync(file, 'utf8'));
        fs.rmSync(file, { force: true });
      } catch {
        // no results: judged below
      }
      const ok = code !== 0 && r.passed === 2 && r.failed === 1;
      console.log(ok
        ? '[self-check] OK: the failing fixture made the runner exit non-zero with 2 passed, 1 failed'
        : `[self-check] BROKEN: expected a non-zero exit with 2 passed, 1 failed; got exit ${code}, ${JSON.stringify(r)}`);
      return { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
    },
  },
  vscodeTier('extension host', 'run-extension-tests.ts', 'ext'),
  // Two runs of suites side by side, then the ones that measure time alone
  // (run-ui-tests.ts, BPNB_UI_PARALLEL). The measurement suites' repeated
  // rounds: 3 here, enough for a median against their (8× target) bounds;
  // the published figures come from their own commands in
  // docs/benchmarks.md, with the suites' defaults.
  vscodeTier('ui', 'run-ui-tests.ts', 'ui', {
    BPNB_UI_PARALLEL: process.env.BPNB_UI_PARALLEL ?? '2',
    BPNB_RENDER_RUNS: process.env.BPNB_RENDER_RUNS ?? '3',
    BPNB_LIVE_RERUNS: process.env.BPNB_LIVE_RERUNS ?? '3',
  }),
  {
    // VS Code for the Web's host: the extension's browser entry in the
    // browser's web-worker extension host (test/vscode/web/, which also checks
    // it really runs there), then the UI slice with the extension in that host.
    name: 'web',
    retryOnce: true,
    async run() {
      const ext = resultsFile('web');
      const a = await run(tsx, [runner('run-web-tests.ts')], { env: { BPNB_RESULTS_FILE: ext } });
      const ui = resultsFile('web-ui');
      const b = await run(tsx, [runner('run-ui-tests.ts')], { env: { BPNB_RESULTS_FILE: ui, BPNB_EXTENSION_HOST: 'web', BPNB_SUITE: 'slice', BPNB_RUN_NAME: `web-ui-${process.pid}` } });
      const [x, y] = [readCounts(ext, a.code), readCounts(ui, b.code)];
      return { passed: x.passed + y.passed, failed: x.failed + y.failed };
    },
  },
  {
    // npm run package's steps, the package's file list, and an install into
    // VS Code 1.100.3: the .vsix a user gets is complete and installable.
    name: 'vsix',
    async run() {
      const { code } = await run(tsx, [runner('check-vsix.ts')]);
      return exitCounts(code);
    },
  },
];

const unknown = [...skip].filter((s) => !tiers.some((t) => t.name === s || t.name.split(' ')[0] === s));
if (unknown.length) {
  console.error(`unknown tier(s) to skip: ${unknown.join(', ')}; tiers: ${tiers.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

// The Debian programs first: without them the run would fail minutes later.
const missing = prerequisitesMessage();
if (missing) {
  console.error(missing);
  process.exit(1);
}

const rows = [];
const start = Date.now();
const serial = process.env.BPNB_SERIAL === '1';
const header = (name) => `\n━━ ${name} ${'━'.repeat(Math.max(3, 60 - name.length))}`;

/** One tier: its counts, once more after a failure if it is a VS Code tier, its row in the summary. */
async function runTier(tier, sink) {
  const t0 = Date.now();
  let counts;
  const attempt = async () => {
    try {
      return await tier.run(sink);
    } catch (e) {
      console.error(e);
      return { passed: 0, failed: 1 };
    }
  };
  counts = await attempt();
  // The VS Code tiers drive a real workbench in a browser on a small shared
  // machine, where focus and timing can very rarely trip a test. Such a tier
  // runs once more after a failure, said loudly; a real break fails twice.
  let retried = false;
  if (counts.failed && tier.retryOnce) {
    console.log(`\n!! ${tier.name}: ${counts.failed} failed; running the tier once more to tell a flake from a break`);
    retried = true;
    counts = await attempt();
  }
  const secs = (Date.now() - t0) / 1000;
  return { row: { name: tier.name, secs, retried, ...counts }, line: `── ${tier.name}: ${counts.failed ? 'FAILED' : 'ok'} (${counts.passed} passed, ${counts.failed} failed) in ${secs.toFixed(1)} s` };
}

const selected = tiers.filter((tier) => {
  const skipped = skip.has(tier.name) || skip.has(tier.name.split(' ')[0]);
  if (skipped) rows.push({ name: tier.name, skipped: true });
  return !skipped;
});
for (let i = 0; i < selected.length; ) {
  // Consecutive tiers marked concurrent (typecheck, lint, unit: CPU work that
  // neither drives a browser nor measures time) run side by side, each one's
  // output printed in one piece when it ends; the others one at a time.
  const batch = [selected[i++]];
  while (!serial && batch[0].concurrent && selected[i]?.concurrent) batch.push(selected[i++]);
  if (batch.length === 1) {
    console.log(header(batch[0].name));
    const { row, line } = await runTier(batch[0]);
    rows.push(row);
    console.log(line);
    continue;
  }
  console.log(`\n── side by side: ${batch.map((t) => t.name).join(', ')} (each one's output when it ends)`);
  const t0 = Date.now();
  const done = await Promise.all(batch.map(async (tier) => {
    const chunks = [];
    const r = await runTier(tier, (b) => chunks.push(b));
    console.log(header(tier.name));
    process.stdout.write(Buffer.concat(chunks.map((c) => Buffer.from(c))));
    console.log(r.line);
    return r.row;
  }));
  rows.push(...done);
  console.log(`── ${batch.map((t) => t.name).join(', ')}: ${((Date.now() - t0) / 1000).toFixed(1)} s side by side`);
}

console.log('\n━━ summary ' + '━'.repeat(52));
// In the tiers' order (skipped ones and side-by-side ones included).
for (const r of tiers.map((t) => rows.find((x) => x.name === t.name)).filter(Boolean)) {
  if (r.skipped) console.log(`  ${r.name.padEnd(18)} skipped`);
  else console.log(`  ${r.name.padEnd(18)} ${(r.failed ? 'FAIL' : 'ok').padEnd(5)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${r.secs.toFixed(1).padStart(7)} s${r.retried ? '  (second run, after a failure)' : ''}`);
}
const passed = rows.reduce((n, r) => n + (r.passed ?? 0), 0);
const failed = rows.reduce((n, r) => n + (r.failed ?? 0), 0);
console.log(`  ${'total'.padEnd(18)} ${((Date.now() - start) / 1000).toFixed(1)} s`);
console.log(`bpnb: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
