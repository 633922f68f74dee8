// Helpers for the live-graph UI suites (test/vscode/ui/live/): notebooks to
// open, finding a graph's output frame, waiting for drawings, medians.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { Session } from '../../../../src/lang';
import { parseNotebook } from '../../../../src/notebookFile';
import { REPO_ROOT } from '../../runner/vscode-server';
import { uiEnvironment, type Workbench } from '../lib/harness';

export { chainSource } from '../lib/harness';

export const NEURON = ['w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3', 'f = sigmoid(w0 * x0 + w1 * x1 + w2)', 'backward f'];
export const LECTURE = ['x = -2; y = 5; z = -4', 'q = x + y', 'f = q * z', 'backward f'];


export function notebookText(...cells: string[][]): string {
  return JSON.stringify({ bpnb: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', source, outputs: [] })) }, null, 2) + '\n';
}

/** A folder with the given notebooks (name → cells) and copies of examples/ named as they are there. */
export function makeSource(tag: string, notebooks: Record<string, string[][]>, examples: string[] = []): string {
  const dir = path.join(uiEnvironment().tmpDir, `live-${tag}-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, cells] of Object.entries(notebooks)) fs.writeFileSync(path.join(dir, name), notebookText(...cells));
  for (const name of examples) fs.copyFileSync(path.join(REPO_ROOT, 'examples', name), path.join(dir, name));
  return dir;
}

/** How many graphs the kernel draws for a notebook file of examples/ (or any .bpnb text). */
export function graphCount(text: string): number {
  const parsed = parseNotebook(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const s = new Session();
  return parsed.notebook.cells.filter((c) => c.kind === 'code' && s.run(c.source).graph !== undefined).length;
}

/** Drawn bpnb graphs in all output frames. */
export async function drawnGraphs(wb: Workbench): Promise<number> {
  let n = 0;
  for (const f of wb.outputFrames()) {
    n += await f.evaluate(() => document.querySelectorAll('.bpnb-output svg[role="img"]').length).catch(() => 0);
  }
  return n;
}

/** The output frame that holds a bpnb graph whose aria-label contains `label`. */
export async function graphFrame(wb: Workbench, label: string, timeout = 60_000): Promise<Frame> {
  return wb.graphFrame(label, timeout);
}

/** The .bpnb-output whose drawing is labelled with `label` (a CSS selector usable in the frame). */
export function outputOf(label: string): string {
  return `.bpnb-output:has(svg[aria-label*="${label}"])`;
}

export function stats(ms: number[]): { median: number; min: number; max: number; runs: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

/** Appends one measurement to test-results/<run>/live-timings.json and prints it. */
export function report(name: string, value: unknown): void {
  const file = path.join(uiEnvironment().resultsDir, 'live-timings.json');
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> : {};
  all[name] = value;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  console.log(`      ${name}: ${JSON.stringify(value)}`);
}
