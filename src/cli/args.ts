// Command-line arguments → a command, or a usage error with a message.

import type { Direction } from '../diagram';

export type ExportFormat = 'md' | 'mmd' | 'json' | 'html' | 'svg' | 'png';

export interface DiagramFlags {
  direction?: Direction;
  collapseGates?: boolean;
  edgeLabels?: boolean;
  /** export only: label each edge that carries a tensor with its shape. */
  edgeShapes?: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; file: string; json: boolean; inplace: boolean; diagram: DiagramFlags }
  | { kind: 'export'; file: string; format: ExportFormat; out?: string; diagram: DiagramFlags; cell?: number; browser?: string; scale?: number };

export class UsageError extends Error {}

export const USAGE = `Usage:
  bpnb run FILE.bpnb [--json] [--inplace]   run every code cell in order
  bpnb run -                                 run language source from stdin as one cell
  bpnb export FILE.bpnb [--format md|mmd|json|html] [--out FILE|DIR]
                                             write the notebook as Markdown (default),
                                             Mermaid text, or the JSON of 'run --json'
                                             (into DIR: DIR/FILE.md|mmd|json|html)
  bpnb export FILE.bpnb --format svg|png [--cell N] [--out DIR] [--scale S] [--browser PATH]
                                             each graph as an image, FILE-cellN.svg|png, and
                                             each plot (plot, descend, boundary) as
                                             FILE-cellN-plotK.svg|png (N counts all cells
                                             from 0, K a cell's plots from 0), drawn in headless
                                             Chromium (--browser, CHROME_PATH, or the PATH)
  bpnb --help | -h                           this text
  bpnb --version                             the version

Diagram options (export, and the outputs --inplace writes):
  --direction LR|TD   graph direction (default LR, like the lecture)
  --collapse          draw each user-gate call as one node
  --edge-labels       print local derivatives on the edges
  --edge-shapes       export: print a tensor's shape on each edge that carries it

Exit status: 0 every cell ran, 1 some cell failed, 2 usage error or unreadable file.
`;

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const [verb, ...rest] = argv;
  if (verb === undefined) throw new UsageError('missing a command (run or export)');
  if (verb !== 'run' && verb !== 'export') throw new UsageError(`unknown command '${verb}' (expected run or export)`);

  const files: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const takesValue = new Set(['--format', '--out', '--direction', '--cell', '--browser', '--scale']);
  const allowed = verb === 'run'
    ? new Set(['--json', '--inplace', '--direction', '--collapse', '--edge-labels'])
    : new Set(['--format', '--out', '--direction', '--collapse', '--edge-labels', '--edge-shapes', '--cell', '--browser', '--scale']);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!allowed.has(name)) throw new UsageError(`unknown option '${name}' for '${verb}'`);
    if (takesValue.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === '') throw new UsageError(`option '${name}' needs a value`);
      values.set(name, value);
    } else {
      if (eq > 0) throw new UsageError(`option '${name}' takes no value`);
      flags.add(name);
    }
  }
  if (files.length === 0) throw new UsageError(`'${verb}' needs a FILE.bpnb${verb === 'run' ? " (or '-' for stdin)" : ''}`);
  if (files.length > 1) throw new UsageError(`'${verb}' takes one file; got ${files.length}: ${files.join(' ')}`);
  const file = files[0];

  const direction = values.get('--direction');
  if (direction !== undefined && direction !== 'LR' && direction !== 'TD') {
    throw new UsageError(`--direction must be LR or TD; got '${direction}'`);
  }
  const diagram: DiagramFlags = {};
  if (direction) diagram.direction = direction;
  if (flags.has('--collapse')) diagram.collapseGates = true;
  if (flags.has('--edge-labels')) diagram.edgeLabels = true;
  if (flags.has('--edge-shapes')) diagram.edgeShapes = true;

  if (verb === 'run') {
    const inplace = flags.has('--inplace');
    if (inplace && file === '-') throw new UsageError("--inplace needs a file, not '-' (stdin)");
    return { kind: 'run', file, json: flags.has('--json'), inplace, diagram };
  }
  if (file === '-') throw new UsageError("'export' needs a FILE.bpnb, not '-'");
  const format = values.get('--format') ?? 'md';
  if (format !== 'md' && format !== 'mmd' && format !== 'json' && format !== 'html' && format !== 'svg' && format !== 'png') {
    throw new UsageError(`--format must be md, mmd, json, html, svg or png; got '${format}'`);
  }
  const command: Extract<Command, { kind: 'export' }> = { kind: 'export', file, format, diagram };
  const out = values.get('--out');
  if (out !== undefined) command.out = out;
  const image = format === 'svg' || format === 'png';
  for (const name of ['--cell', '--browser', '--scale']) {
    if (values.has(name) && !image) throw new UsageError(`${name} is for --format svg or png`);
  }
  const cell = values.get('--cell');
  if (cell !== undefined) {
    if (!/^\d+$/.test(cell)) throw new UsageError(`--cell must be a cell index (0, 1, …; cells count from 0); got '${cell}'`);
    command.cell = Number(cell);
  }
  const scale = values.get('--scale');
  if (scale !== undefined) {
    const n = Number(scale);
    if (!Number.isFinite(n) || n < 0.5 || n > 8) throw new UsageError(`--scale must be a number from 0.5 to 8; got '${scale}'`);
    command.scale = n;
  }
  const browser = values.get('--browser');
  if (browser !== undefined) command.browser = browser;
  return command;
}
