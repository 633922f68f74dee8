// `npm run bench` = node bench/bundle.mjs && node --expose-gc .bench-tmp/run.js (this file, bundled by esbuild as the product is)
// Runs every comparison once, side by side, prints the tables and writes them
// to docs/benchmarks.md with the command and the machine they came from.
// CPU-time medians (see timing.ts: the machine may be shared), with the load
// average recorded before and after.

import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Graph } from '../src/engine';
import * as chain from './chain';
import { FlatTape } from './flatTape';
import { chainProgram, loadLanguage } from './language';
import { longCell, longCellSection, median } from './longCell';
import { rerunTable } from './rerun';
import { trainingSection } from './training';
import * as mlp from './mlp';
import { Value } from './naive';
import { tf, useCpuBackend } from './tf';
import { Samples, type Timing, gc, heapBytes, time } from './timing';

// `--quick` (npm run bench -- --quick): small sizes, few runs, nothing written; to check the script itself.
const QUICK = process.argv.includes('--quick');
/** Where docs/benchmarks.md's VS Code section starts; this script rewrites only what stands before it. */
const VSCODE_MARKER = '<!-- measured in VS Code: kept by npm run bench -->';
const SIZES = QUICK ? [1_000, 10_000] : [10_000, 100_000, 1_000_000];
const RUNS: Record<number, number> = QUICK ? { 1_000: 3, 10_000: 3 } : { 10_000: 21, 100_000: 15, 1_000_000: 15 };
const BIG = SIZES[SIZES.length - 1];
const LANGUAGE_LINES = QUICK ? [2_500, 5_000, 10_000] : [25_000, 50_000, 100_000];
const TFJS_MAX_NODES = 10_000;
const LONG_CELL_LINES = QUICK ? 10_000 : 100_000;
const LONG_CELL_RUNS = QUICK ? 2 : 11;
const JIT_WARMUP_NODES = 64;

type Cell = Timing | string; // a string says why there is no timing

interface Engine {
  name: string;
  run: (nodes: number) => number;
  /** Float32 engines agree only to ~1e-3. */
  tolerance: number;
  skip?: (nodes: number) => string | undefined;
  runs?: (nodes: number) => number;
}

const ENGINES: Engine[] = [
  { name: 'bpnb engine (ours)', run: chain.ours, tolerance: 1e-9 },
  { name: 'flat tape (practical limit)', run: chain.flat, tolerance: 1e-9 },
  { name: 'bpnb engine, backward() with its playback order', run: chain.oursWithOrder, tolerance: 1e-9 },
  { name: 'naive, recursive sort (micrograd-style)', run: chain.naiveRecursive, tolerance: 1e-9, runs: () => 5 },
  { name: 'naive, iterative sort (baseline)', run: chain.naiveIterative, tolerance: 1e-9, runs: () => 5 },
  {
    name: 'tfjs-core CPU, scalar tensors',
    run: chain.tfjs,
    tolerance: 1e-3,
    runs: () => 5,
    skip: (n) => (n > TFJS_MAX_NODES ? 'skipped: ~40-80 µs/node, minutes per run' : undefined),
  },
];
// Rows the ratios and the summary read.
const [OURS, FLAT, OURS_ORDER, RECURSIVE, NAIVE, TFJS] = ENGINES;

const log = (s = ''): void => console.log(s);
const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const nsPer = (t: Timing, n: number): string => `${((t.medianMs * 1e6) / n).toFixed(1)}`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`;

function machine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let nproc = String(os.availableParallelism());
  try {
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // not on Linux: keep Node's count
  }
  return [
    `- CPU: ${cpu}, \`nproc\` = ${nproc}`,
    `- Node ${process.version}, V8 ${process.versions.v8}, ${os.platform()} ${os.arch()}`,
    `- tfjs-core ${tf.version_core}, backend ${tf.getBackend()}`,
  ];
}

function loadText(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(', ');
}

function chainTable(): { md: string[]; cells: Map<string, Map<number, Cell>> } {
  const cells = new Map<string, Map<number, Cell>>();
  for (const e of ENGINES) cells.set(e.name, new Map());
  // Every engine first runs a few tiny chains, so the JIT has seen every line
  // of its code before it compiles the long loops. Otherwise the first long
  // run gets its loop compiled mid-run (on-stack replacement) without feedback
  // for the code after the loop: that code deoptimizes at the end of every
  // later run and is entered again each time (measured: 0 deopts instead of one
  // per run; ours 44-50 → 38 ns/node at 1e6, the flat tape unchanged).
  for (const e of ENGINES) for (let i = 0; i < 3; i++) e.run(JIT_WARMUP_NODES);
  for (const n of SIZES) {
    const active = ENGINES.filter((e) => {
      const skip = e.skip?.(n);
      if (skip) cells.get(e.name)!.set(n, skip);
      return skip === undefined;
    });
    const expected = chain.expectedGrad(n);
    const wanted = new Map(active.map((e) => [e, Math.min(e.runs?.(n) ?? RUNS[n], RUNS[n])]));
    const samples = new Map(active.map((e) => [e, new Samples()]));
    const failed = new Map<Engine, string>();
    const runOnce = (e: Engine, timed: boolean): void => {
      try {
        let result = NaN;
        if (timed) samples.get(e)!.run(() => void (result = e.run(n)));
        else result = e.run(n);
        if (!(Math.abs(result - expected) <= e.tolerance * Math.abs(expected))) failed.set(e, `wrong result ${result} (expected ${expected})`);
      } catch (err) {
        failed.set(e, err instanceof RangeError ? 'stack overflow' : `failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    // The typed-array engines (ours, the flat tape) are timed interleaved:
    // round r runs each once, starting one further along the list each round.
    // Measured one after another, the first engine at each size paid for
    // growing the process's memory (heap, allocator arenas) that the next ones
    // reused: backward() with its playback order, measured third, came out
    // faster than backwardCount measured first, though it does the same work
    // and more. The object engines (naive, tfjs) run in blocks of their own,
    // each after a collection, so that the garbage they leave is not collected
    // on another engine's time. Each engine first runs once untimed (except
    // the slow ones at the largest size: seconds each).
    const groups = [active.filter((e) => e.runs === undefined), ...active.filter((e) => e.runs !== undefined).map((e) => [e])];
    for (const group of groups) {
      if (group.length === 0) continue;
      gc();
      for (const e of group) if (n < BIG || e.runs === undefined) runOnce(e, false);
      const rounds = Math.max(...group.map((e) => wanted.get(e)!));
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < group.length; k++) {
          const e = group[(k + r) % group.length];
          if (failed.has(e) || samples.get(e)!.count >= wanted.get(e)!) continue;
          runOnce(e, true);
        }
      }
    }
    for (const e of active) {
      const cell: Cell = failed.get(e) ?? samples.get(e)!.timing();
      cells.get(e.name)!.set(n, cell);
      log(`  chain ${n.toLocaleString('en')} ${e.name}: ${typeof cell === 'string' ? cell : `${fmtMs(cell.medianMs)} ms (${nsPer(cell, n)} ns/node)`}`);
    }
    gc();
  }
  const md = [
    '| engine | ' + SIZES.map((n) => `${n.toLocaleString('en')} nodes`).join(' | ') + ' |',
    '|---|' + SIZES.map(() => '---:').join('|') + '|',
  ];
  for (const e of ENGINES) {
    const row = SIZES.map((n) => {
      const c = cells.get(e.name)!.get(n)!;
      return typeof c === 'string' ? c : `${fmtMs(c.medianMs)} ms (${nsPer(c, n)} ns/node)`;
    });
    md.push(`| ${e.name} | ${row.join(' | ')} |`);
  }
  const pair = (label: string, slow: string, fast: string, stat: 'medianMs' | 'minMs'): void => {
    const row = SIZES.map((n) => {
      const a = cells.get(slow)!.get(n)!, b = cells.get(fast)!.get(n)!;
      return typeof a === 'string' || typeof b === 'string' ? '–' : ratio(a[stat], b[stat]);
    });
    md.push(`| ${label} | ${row.join(' | ')} |`);
  };
  const header = (title: string): void => {
    md.push('');
    md.push(`| ${title} | ` + SIZES.map((n) => `${n.toLocaleString('en')}`).join(' | ') + ' |');
    md.push('|---|' + SIZES.map(() => '---:').join('|') + '|');
  };
  header('ratio (median time)');
  pair('ours ÷ flat tape (cost over the limit; target ≤ 2×)', OURS.name, FLAT.name, 'medianMs');
  pair('naive iterative ÷ ours (our speed-up; target ≥ 50×)', NAIVE.name, OURS.name, 'medianMs');
  pair('naive iterative ÷ flat tape (the practical limit\'s own speed-up)', NAIVE.name, FLAT.name, 'medianMs');
  pair('tfjs-core ÷ ours', TFJS.name, OURS.name, 'medianMs');
  pair('ours with the playback order ÷ flat tape', OURS_ORDER.name, FLAT.name, 'medianMs');
  pair('naive iterative ÷ ours with the playback order', NAIVE.name, OURS_ORDER.name, 'medianMs');
  // The fastest run of each engine: the runs whose fresh typed arrays happened
  // to land on memory the process already had (no page faults), which is how a
  // long-lived kernel re-running a cell mostly sees it.
  header('ratio (fastest run)');
  pair('ours ÷ flat tape', OURS.name, FLAT.name, 'minMs');
  pair('naive iterative ÷ ours', NAIVE.name, OURS.name, 'minMs');
  pair('naive iterative ÷ flat tape', NAIVE.name, FLAT.name, 'minMs');
  return { md, cells };
}

/** Collect twice with pauses between: array buffers are freed by a background task after the collection. */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function memoryTable(): Promise<{ md: string[]; oursBytes: number }> {
  const n = BIG;
  const measure = async (build: () => unknown): Promise<number> => {
    await settle();
    const before = heapBytes();
    const kept = build();
    await settle();
    const after = heapBytes();
    void kept;
    return after - before;
  };
  const rows: [string, number][] = [
    ['bpnb engine (ours)', await measure(() => {
      const g = new Graph();
      const x = g.leaf(chain.X0), c = g.constant(chain.C), d = g.constant(chain.D);
      let v = x;
      for (let i = 0; i < n / 2; i++) v = g.add(g.mul(v, c), d);
      const order = g.backward(v);
      return [g, order];
    })],
    ['flat tape', await measure(() => {
      const t = new FlatTape();
      const x = t.input(chain.X0), c = t.input(chain.C), d = t.input(chain.D);
      let v = x;
      for (let i = 0; i < n / 2; i++) v = t.add(t.mul(v, c), d);
      t.backward(v);
      return t;
    })],
    ['naive (objects + closures)', await measure(() => {
      const x = new Value(chain.X0), c = new Value(chain.C), d = new Value(chain.D);
      let v = x;
      for (let i = 0; i < n / 2; i++) v = v.mul(c).add(d);
      v.backwardIterative();
      return v;
    })],
  ];
  gc();
  for (const [name, bytes] of rows) log(`  memory ${n.toLocaleString('en')}-node chain ${name}: ${(bytes / 2 ** 20).toFixed(1)} MB`);
  return {
    md: [
      `| ${n.toLocaleString('en')}-node chain, built and differentiated, kept alive | heap + array buffers |`,
      '|---|---:|',
      ...rows.map(([name, bytes]) => `| ${name} | ${(bytes / 2 ** 20).toFixed(1)} MB (${(bytes / n).toFixed(0)} B/node) |`),
    ],
    oursBytes: rows[0][1],
  };
}

function mlpTable(): { md: string[]; speedup: number } {
  const data = mlp.makeData();
  const td = mlp.tfData(data);
  let oursOut: [number, number] = [NaN, NaN];
  let tfOut: [number, number] = [NaN, NaN];
  const runs = QUICK ? 2 : 7;
  const o = time(() => void (oursOut = mlp.ours(data)), runs, QUICK ? 1 : 2);
  log(`  mlp ours: ${fmtMs(o.medianMs)} ms  loss ${oursOut[0]}`);
  const t = time(() => void (tfOut = mlp.tfjs(td)), runs, QUICK ? 1 : 2);
  log(`  mlp tfjs: ${fmtMs(t.medianMs)} ms  loss ${tfOut[0]}`);
  tf.dispose([td.X, td.Y, ...td.params]);
  const agree = Math.abs(oursOut[0] - tfOut[0]) < 1e-4 * Math.abs(oursOut[0]) && Math.abs(oursOut[1] - tfOut[1]) < 1e-3 * Math.abs(oursOut[1]) + 1e-7;
  const md = [
    `| MLP ${mlp.BATCH} × ${mlp.IN} → ${mlp.HIDDEN} (relu) → ${mlp.OUT}, softmax cross-entropy, forward + backward | CPU median | CPU min | wall median |`,
    '|---|---:|---:|---:|',
    `| bpnb engine (ours, float64) | ${fmtMs(o.medianMs)} ms | ${fmtMs(o.minMs)} ms | ${fmtMs(o.wallMs)} ms |`,
    `| tfjs-core CPU (float32) | ${fmtMs(t.medianMs)} ms | ${fmtMs(t.minMs)} ms | ${fmtMs(t.wallMs)} ms |`,
    `| tfjs ÷ ours (target ≥ 2×) | ${ratio(t.medianMs, o.medianMs)} | ${ratio(t.minMs, o.minMs)} | ${ratio(t.wallMs, o.wallMs)} |`,
    '',
    `Loss: ours ${oursOut[0].toPrecision(8)}, tfjs ${tfOut[0].toPrecision(8)}; ∂loss/∂W1[0,0]: ours ${oursOut[1].toPrecision(6)}, tfjs ${tfOut[1].toPrecision(6)} — ${agree ? 'agree' : 'DISAGREE'} (to float32 precision).`,
  ];
  return { md, speedup: t.medianMs / o.medianMs };
}

function rerunMd(): { md: string[]; summary: string[] } {
  const problems: string[] = [];
  const rows = rerunTable(BIG, QUICK ? 3 : 15, (what, ok) => { if (!ok) problems.push(what); });
  const md = [
    '| re-running a built graph | ours: setLeaf + replay + backward | compared with | its time | ours ÷ it (target ≤ 1.5×) |',
    '|---|---:|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${fmtMs(r.replay.medianMs)} ms (min ${fmtMs(r.replay.minMs)}) | ${r.baseline} | ${fmtMs(r.base.medianMs)} ms (min ${fmtMs(r.base.minMs)}) | ${ratio(r.replay.medianMs, r.base.medianMs)} |`),
  ];
  if (problems.length > 0) md.push('', `WRONG RESULTS: ${problems.join(', ')}`);
  for (const r of rows) log(`  ${r.name}: ${fmtMs(r.replay.medianMs)} ms vs ${r.baseline} ${fmtMs(r.base.medianMs)} ms`);
  return { md, summary: rows.map((r) => `- Re-running a built graph, ${r.name.split(':')[0]}: ${ratio(r.replay.medianMs, r.base.medianMs)} the time of ${r.baseline} (target ≤ 1.5×).`) };
}

function longCellMd(): { md: string[]; summary: string } {
  const dir = path.join(__dirname);
  const r = longCell(dir, LONG_CELL_LINES, LONG_CELL_RUNS);
  const row = (name: string, t: { cpuMs: number[]; wallMs: number[] }): string =>
    `| ${name} | ${fmtMs(median(t.cpuMs))} ms | ${fmtMs(Math.min(...t.cpuMs))} ms | ${fmtMs(median(t.wallMs))} ms |`;
  const cpu = median(r.bpnb.cpuMs) / median(r.naive.cpuMs);
  const wall = median(r.bpnb.wallMs) / median(r.naive.wallMs);
  log(`  long cell ${LONG_CELL_LINES}: bpnb ${fmtMs(median(r.bpnb.cpuMs))} ms CPU, naive ${fmtMs(median(r.naive.cpuMs))} ms CPU${r.same ? '' : ' (OUTPUTS DIFFER)'}`);
  return {
    md: [
      `| ${LONG_CELL_LINES.toLocaleString('en')}-line cell, a whole process each (${LONG_CELL_RUNS} runs) | CPU median | CPU min | wall median |`,
      '|---|---:|---:|---:|',
      row('`bpnb run - --json`', r.bpnb),
      row('naive evaluator (`bench/naiveCli.ts`)', r.naive),
      `| bpnb ÷ naive (target ≤ 0.5×) | ${cpu.toFixed(2)}× | ${(Math.min(...r.bpnb.cpuMs) / Math.min(...r.naive.cpuMs)).toFixed(2)}× | ${wall.toFixed(2)}× |`,
      '',
      r.same ? `Both print the same ${(r.bytes / 1e6).toFixed(1)} MB of JSON, byte for byte.` : 'THE OUTPUTS DIFFER.',
    ],
    summary: `- A ${LONG_CELL_LINES.toLocaleString('en')}-line cell end to end (\`bpnb run - --json\`, a whole process): ${cpu.toFixed(2)}× the CPU time of a naive evaluator printing the same JSON (target ≤ 0.5×).`,
  };
}

async function languageTable(): Promise<string[]> {
  const lang = await loadLanguage();
  if (typeof lang === 'string') {
    log(`  language: not available yet (${lang})`);
    return ['language: not available yet'];
  }
  const md = ['| language | lines | median | per line |', '|---|---:|---:|---:|'];
  for (const lines of LANGUAGE_LINES) {
    const src = chainProgram(lines);
    const t = time(() => {
      const r = lang.parse(src);
      if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(r.diagnostics[0].message);
    }, QUICK ? 2 : 5);
    log(`  parse ${lines}: ${fmtMs(t.medianMs)} ms`);
    md.push(`| parse only | ${lines.toLocaleString('en')} | ${fmtMs(t.medianMs)} ms | ${((t.medianMs * 1e3) / lines).toFixed(2)} µs |`);
  }
  const lines = LANGUAGE_LINES[LANGUAGE_LINES.length - 1];
  const src = chainProgram(lines);
  let ok = true;
  let why = '';
  const t = time(() => {
    const r = lang.run(src);
    ok = r.ok;
    why = r.diagnostics[0]?.message ?? '';
  }, QUICK ? 1 : 3);
  log(`  session.run ${lines}: ${fmtMs(t.medianMs)} ms ${ok ? '' : `(failed: ${why})`}`);
  md.push(`| Session.run: parse, evaluate, backward, result | ${lines.toLocaleString('en')} | ${ok ? `${fmtMs(t.medianMs)} ms` : `failed: ${why}`} | ${((t.medianMs * 1e3) / lines).toFixed(2)} µs |`);
  return md;
}

function summary(cells: Map<string, Map<number, Cell>>, oursBytes: number, mlpSpeedup: number): string[] {
  const at = (engine: Engine, n: number): Timing | undefined => {
    const c = cells.get(engine.name)?.get(n);
    return typeof c === 'string' ? undefined : c;
  };
  const n = BIG;
  const ours = at(OURS, n), flatT = at(FLAT, n), naive = at(NAIVE, n), withOrder = at(OURS_ORDER, n);
  const lines: string[] = [];
  if (ours && flatT) {
    lines.push(`- ${n.toLocaleString('en')}-node chain: ours ${nsPer(ours, n)} ns/node, flat tape ${nsPer(flatT, n)} ns/node: ${ratio(ours.medianMs, flatT.medianMs)} the practical limit (target ≤ 2×).`);
  }
  if (ours && naive && flatT) {
    lines.push(`- Against the naive iterative engine at ${n.toLocaleString('en')} nodes: ${ratio(naive.medianMs, ours.medianMs)} faster (target ≥ 50×); the flat tape itself is ${ratio(naive.medianMs, flatT.medianMs)} faster than it. Fastest runs: ours ${ratio(naive.minMs, ours.minMs)}, flat tape ${ratio(naive.minMs, flatT.minMs)}.`);
  }
  if (withOrder && flatT && naive) {
    lines.push(`- \`backward()\`, which also returns the playback order (one array entry per node): ${nsPer(withOrder, n)} ns/node, ${ratio(withOrder.medianMs, flatT.medianMs)} the flat tape, ${ratio(naive.medianMs, withOrder.medianMs)} faster than the naive engine.`);
  }
  lines.push(`- The micrograd-style recursive sort: ${[...(cells.get(RECURSIVE.name)?.entries() ?? [])].map(([k, c]) => `${k.toLocaleString('en')}: ${typeof c === 'string' ? c : 'ran'}`).join(', ')}.`);
  lines.push(`- MLP forward + backward: ${mlpSpeedup.toFixed(2)}× faster than tfjs-core CPU (target ≥ 2×).`);
  lines.push(`- Memory of the ${n.toLocaleString('en')}-node chain: ${(oursBytes / 2 ** 20).toFixed(1)} MB (target < 200 MB).`);
  return lines;
}

/**
 * `npm run bench -- --training`: only the training section, measured as in a
 * full run and written in place of the one in docs/benchmarks.md (the other
 * sections keep their figures).
 */
function trainingOnly(): void {
  log(`bpnb benchmarks, training only — load average ${loadText()}`);
  const t = trainingSection(false, path.join(__dirname, '..', 'bench'), log);
  const file = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  const old = readFileSync(file, 'utf8');
  const head = '## Training (issue 13)\n';
  const start = old.indexOf(head);
  const end = start < 0 ? -1 : old.indexOf('\n## ', start + head.length);
  if (start < 0 || end < 0) throw new Error('docs/benchmarks.md has no training section to replace: run the whole benchmark');
  const section = [head, ...t.md, `(This section measured alone by \`npm run bench -- --training\`, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${loadText()}.)`, ''].join('\n');
  let doc = `${old.slice(0, start)}${section}${old.slice(end)}`;
  // The summary's training lines too.
  doc = doc.replace(/^- Training \(micrograd's demo\).*\n- `plot` of the sigmoid neuron.*$/m, t.summary.join('\n'));
  writeFileSync(file, doc);
  log(section);
}

/**
 * `npm run bench -- --long-cell`: only the long cell, measured as in a full
 * run and written in place of its section in docs/benchmarks.md (with its
 * summary line); the other sections keep their figures.
 */
function longCellOnly(): void {
  log(`bpnb benchmarks, long cell only — load average ${loadText()}`);
  const loadBefore = loadText();
  const long = longCellMd();
  const file = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  const old = readFileSync(file, 'utf8');
  const head = '## A long cell, end to end\n';
  const start = old.indexOf(head);
  const end = start < 0 ? -1 : old.indexOf(`\n${VSCODE_MARKER}`, start);
  if (start < 0 || end < 0) throw new Error('docs/benchmarks.md has no long-cell section to replace: run the whole benchmark');
  const lines = longCellSection(LONG_CELL_LINES, long.md);
  lines.splice(lines.length - 1, 0, '', `(This section measured alone by \`npm run bench -- --long-cell\`, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average before ${loadBefore}, after ${loadText()}.)`);
  let doc = `${old.slice(0, start)}${lines.join('\n')}${old.slice(end)}`;
  doc = doc.replace(/^- A [\d,]+-line cell end to end.*$/m, long.summary);
  writeFileSync(file, doc);
  log(lines.join('\n'));
}

async function main(): Promise<void> {
  if (process.argv.includes('--training')) {
    trainingOnly();
    return;
  }
  if (process.argv.includes('--long-cell')) {
    longCellOnly();
    return;
  }
  const started = Date.now();
  await useCpuBackend();
  const loadBefore = loadText();
  log(`bpnb benchmarks — load average ${loadBefore}`);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') log('  (run with --expose-gc for the memory figures)');
  const { md: chainMd, cells } = chainTable();
  const { md: memMd, oursBytes } = await memoryTable();
  const { md: mlpMd, speedup } = mlpTable();
  const rerun = rerunMd();
  const training = trainingSection(QUICK, path.join(__dirname, '..', 'bench'), log);
  const langMd = await languageTable();
  const long = longCellMd();
  const loadAfter = loadText();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (`node bench/bundle.mjs && node --expose-gc .bench-tmp/run.js`: this script and the code it measures bundled by esbuild, as the kernel worker and the CLI ship), which rewrites this file.',
    `Run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, ${seconds} s in all.`,
    '',
    ...machine(),
    `- Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}.`,
    '',
    'Times are the median **CPU time** of the process per run (user + system, garbage-collector threads included).',
    'The machine is shared by several jobs, so wall-clock time mostly measures',
    'waiting for a core; CPU time does not, though cache and memory-bandwidth contention still add noise. All',
    'engines run in one process, so the ratios are the figures to read. At each size the typed-array engines (ours, the',
    'flat tape) are timed interleaved, one run of each per round with the starting engine turning, so that they meet the',
    'same state of the machine; the object engines (naive, tfjs-core) run after them, each in a block of its own.',
    '',
    '## Summary',
    '',
    ...summary(cells, oursBytes, speedup),
    ...rerun.summary,
    ...training.summary,
    long.summary,
    '',
    '## Scalar chain, forward + backward',
    '',
    '`x_{i+1} = x_i · c + d`, a mul node then an add node per step; each run builds the graph from nothing and runs',
    'one backward; every engine must return ∂x_last/∂x_0 = c^(steps). The naive engines (`bench/naive.ts`) allocate',
    'one object and one closure per node; the recursive one sorts like micrograd. The flat tape (`bench/flatTape.ts`)',
    'is the practical limit: typed-array columns, no checks, one switch loop. "Ours" does the same job: build, then',
    'one reverse sweep for the gradients (`Graph.backwardCount`: the zeroing, reachability and sweep of `backward`);',
    'the next row is `Graph.backward`, which also returns the visiting order the renderer\'s playback walks, an',
    'array of one id per reached node that the flat tape does not build (allocating it is most of the difference).',
    'One difference in how they get memory: when our tape grows, it hands its old columns to a pool that the next',
    'growth of any graph takes them from (as a kernel running a cell again grows a graph through the same sizes),',
    'so after the first run only its final columns are new memory; the flat tape asks for new memory at every growth.',
    'A new buffer costs a page fault per 4 KB on its first write, which is most of the run-to-run spread.',
    '',
    ...chainMd,
    '',
    '## Memory',
    '',
    ...memMd,
    '',
    '## MLP on tensors',
    '',
    ...mlpMd,
    '',
    '## Re-running a built graph',
    '',
    'A graph recorded once is re-evaluated with new input values (`Graph.setLeaf`, then `Graph.replay`: values',
    'recomputed in tape order into the existing columns, no parsing, no new node), then differentiated again. This is',
    'what live sliders, `check` and (later) `plot` and `descend` do. The chain is compared with the flat tape building',
    'and differentiating it from nothing; the MLP with our engine building and differentiating it directly. Each pair',
    'is timed interleaved.',
    '',
    ...rerun.md,
    '',
    '## Training (issue 13)',
    '',
    ...training.md,
    '',
    '## The language end to end',
    '',
    'A program of `v_i = v_{i-1} * 0.9999 + 0.001` lines ending in `backward`, through `new Session().run(src)`,',
    'and the same source through `parse` alone at three sizes (time per line should stay flat).',
    '',
    ...langMd,
    '',
    ...longCellSection(LONG_CELL_LINES, long.md),
  ].join('\n');
  if (!QUICK) {
    // The figures measured inside VS Code come from its UI tests, not from
    // this script: keep that part of the file as it is.
    const file = path.join(__dirname, '..', 'docs', 'benchmarks.md');
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const kept = old.indexOf(VSCODE_MARKER);
    writeFileSync(file, kept >= 0 ? `${doc}\n${old.slice(kept)}` : doc);
  }
  log(`\n${doc}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
