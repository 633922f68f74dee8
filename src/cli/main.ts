// The `bpnb` command (spec §4): run a notebook's code cells through the same
// Session the extension uses, print JSON or a report, write outputs back, or
// export Markdown / Mermaid. main() is exported so tests run it in-process.

import { version } from '../../package.json';
import type { DiagramOptions } from '../diagram';
import { cellOutputs, parseNotebook, serializeNotebook, type Notebook, type ParsedNotebook } from '../notebookFile';
import { parseArgs, USAGE, UsageError, type Command } from './args';
import { toMarkdown, toMermaidFile } from './exportNotebook';
import { notebookToHtmlFile } from './exportHtml';
import { describeFsError, nodeIo, type CliIo } from './io';
import { jsonReportText, writeJsonReport } from './jsonText';
import { diagnosticLines, textReport, type Locate } from './report';
import { runCells, type CellRun, type ReadDataFiles } from './runNotebook';
import { readDataFiles } from './dataFiles';
import { BrowserNotFound, findBrowser, renderImages, type ImageFormat, type ImageJob } from './exportImages';
import { basename, dirname, join } from 'node:path';

export const EXIT_OK = 0;
export const EXIT_CELL_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Runs the command line `argv` (without 'node' and the script); resolves to
 * the exit status and never rejects. This is the CLI's one boundary for
 * internal errors: a bug in bpnb ends as one line on stderr, no stack trace.
 */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  try {
    return await execute(parseArgs(argv), io);
  } catch (e) {
    if (e instanceof UsageError) {
      // The message and where to read more: the whole help would bury the message.
      io.stderr(`bpnb: ${e.message}\nRun 'bpnb --help' for the usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr(`bpnb: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}

async function execute(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout(`bpnb ${version}\n`);
      return EXIT_OK;
    case 'run':
      return run(command, io);
    case 'export':
      return exportCommand(command, io);
  }
}

interface Loaded { notebook: Notebook; locate: Locate }

/** Reads and parses a .bpnb file; on failure prints `FILE:LINE:COL: message` and returns undefined. */
function load(file: string, io: CliIo): Loaded | undefined {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.stderr(`bpnb: cannot read ${file}: ${describeFsError(e)}\n`);
    return undefined;
  }
  const parsed = parseNotebook(text);
  if (!parsed.ok) {
    const { line, column, message, code } = parsed.error;
    const hint = code === 'E_NOT_NOTEBOOK' ? ` (to run a file of plain language source: bpnb run - < ${file})` : '';
    io.stderr(`${file}:${line}:${column}: error: ${message}${hint}\n`);
    return undefined;
  }
  return { notebook: parsed.notebook, locate: (parsed as ParsedNotebook).locate };
}

function diagramOptions(command: { diagram: DiagramOptions }): DiagramOptions {
  return { ...command.diagram };
}

function exitStatus(runs: readonly CellRun[]): number {
  return runs.every((r) => r.result.ok) ? EXIT_OK : EXIT_CELL_FAILED;
}

async function run(command: Extract<Command, { kind: 'run' }>, io: CliIo): Promise<number> {
  let loaded: Loaded;
  let shownName = command.file;
  if (command.file === '-') {
    let source: string;
    try {
      source = await io.readStdin();
    } catch (e) {
      io.stderr(`bpnb: cannot read standard input: ${describeFsError(e)}\n`);
      return EXIT_USAGE;
    }
    shownName = '<stdin>';
    loaded = { notebook: { bpnb: 1, metadata: {}, cells: [{ kind: 'code', source, outputs: [] }] }, locate: (_i, line, column) => ({ line, column }) };
  } else {
    const l = load(command.file, io);
    if (!l) return EXIT_USAGE;
    loaded = l;
  }

  // The report shows no graph: only --inplace, which writes each cell's drawing, needs them built.
  const runs = runCells(loaded.notebook.cells, { graphs: command.inplace, readFiles: dataFilesBeside(command.file) });
  const problems = diagnosticLines(shownName, runs, loaded.locate);
  if (problems.length > 0) io.stderr(problems.join('\n') + '\n');
  if (command.json) writeJsonReport(runs, (chunk) => io.stdout(chunk));
  else io.stdout(textReport(runs));

  if (command.inplace) {
    const options = diagramOptions(command);
    const cells = loaded.notebook.cells.slice();
    for (const { index, result } of runs) cells[index] = { ...cells[index], outputs: cellOutputs(result, options) };
    try {
      io.writeFileAtomic(command.file, serializeNotebook({ ...loaded.notebook, cells }));
    } catch (e) {
      io.stderr(`bpnb: cannot write ${command.file}: ${describeFsError(e)} (the file was left unchanged)\n`);
      return EXIT_USAGE;
    }
  }
  return exitStatus(runs);
}

async function exportImages(command: Extract<Command, { kind: 'export' }>, format: ImageFormat, io: CliIo): Promise<number> {
  let browser: string;
  try {
    browser = findBrowser(command.browser);
  } catch (e) {
    io.stderr(`bpnb: ${e instanceof BrowserNotFound ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
  const loaded = load(command.file, io);
  if (!loaded) return EXIT_USAGE;
  const runs = runCells(loaded.notebook.cells, { readFiles: dataFilesBeside(command.file) });
  const problems = diagnosticLines(command.file, runs, loaded.locate);
  if (problems.length > 0) io.stderr(problems.join('\n') + '\n');
  // Each cell's graph, then its plots in the order of its outputs (plots, descents, boundaries).
  const jobs: ImageJob[] = runs.filter((r) => command.cell === undefined || r.index === command.cell).flatMap((r) => [
    ...(r.result.graph ? [{ index: r.index, payload: r.result.graph }] : []),
    ...[...(r.result.plots ?? []), ...(r.result.descents ?? []), ...(r.result.boundaries ?? [])].map((plot, plotIndex) => ({ index: r.index, plotIndex, plot })),
  ]);
  if (command.cell !== undefined && jobs.length === 0) {
    const cell = loaded.notebook.cells[command.cell];
    io.stderr(`bpnb: cell ${command.cell} ${cell === undefined ? `does not exist (the notebook has ${loaded.notebook.cells.length} cells, counted from 0)` : cell.kind !== 'code' ? 'is a markdown cell' : 'draws no graph and no plot'}\n`);
    return EXIT_USAGE;
  }
  const dir = command.out ?? dirname(command.file);
  const stem = stemOf(command.file);
  let images;
  try {
    images = await renderImages(jobs, format, { browser, scale: command.scale ?? 2, diagram: diagramOptions(command) });
  } catch (e) {
    io.stderr(`bpnb: cannot draw the graphs with ${browser}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return EXIT_USAGE;
  }
  let status = exitStatus(runs);
  for (const image of images) {
    if ('error' in image) {
      io.stderr(`${command.file}: cell ${image.index}${image.plotIndex !== undefined ? ` plot ${image.plotIndex}` : ''}: ${image.error}\n`);
      status = Math.max(status, EXIT_CELL_FAILED);
      continue;
    }
    const path = join(dir, `${stem}-cell${image.index}${image.plotIndex !== undefined ? `-plot${image.plotIndex}` : ''}.${format}`);
    try {
      io.writeFileAtomic(path, image.bytes);
    } catch (e) {
      io.stderr(`bpnb: cannot write ${path}: ${describeFsError(e)}\n`);
      return EXIT_USAGE;
    }
    io.stdout(`${path}\n`);
  }
  return status;
}

async function exportCommand(command: Extract<Command, { kind: 'export' }>, io: CliIo): Promise<number> {
  if (command.format === 'svg' || command.format === 'png') return exportImages(command, command.format, io);
  const loaded = load(command.file, io);
  if (!loaded) return EXIT_USAGE;
  const runs = runCells(loaded.notebook.cells, { readFiles: dataFilesBeside(command.file) });
  const problems = diagnosticLines(command.file, runs, loaded.locate);
  if (problems.length > 0) io.stderr(problems.join('\n') + '\n');
  const options = diagramOptions(command);
  let text: string;
  try {
    text =
    command.format === 'html' ? toHtml(command.file, loaded.notebook.cells, runs, options)
    : command.format === 'json' ? jsonReportText(runs)
    : command.format === 'mmd' ? toMermaidFile(runs, options)
    : toMarkdown(loaded.notebook, runs, options);
  } catch (e) {
    io.stderr(`bpnb: cannot export ${command.file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
  if (command.out === undefined) io.stdout(text);
  else {
    // A folder (an existing one, or a path ending in '/') gets a file named after the notebook.
    const path = io.isDirectory(command.out) || /[\\/]$/.test(command.out) ? join(command.out, `${stemOf(command.file)}.${command.format}`) : command.out;
    try {
      io.writeFileAtomic(path, text);
    } catch (e) {
      io.stderr(`bpnb: cannot write ${path}: ${describeFsError(e)}\n`);
      return EXIT_USAGE;
    }
  }
  return exitStatus(runs);
}

/** The page of `--format html`: every cell with the outputs of this run. */
function toHtml(file: string, cells: readonly { kind: 'markdown' | 'code'; source: string }[], runs: ReturnType<typeof runCells>, options: ReturnType<typeof diagramOptions>): string {
  const byIndex = new Map(runs.map((r) => [r.index, r.result]));
  return notebookToHtmlFile(stemOf(file), cells.map((cell, index) => {
    const result = byIndex.get(index);
    return { kind: cell.kind, source: cell.source, outputs: cell.kind === 'code' && result ? cellOutputs(result, options) : [] };
  }));
}

/** csv("…") reads beside the notebook; `bpnb run -` has no file, so in the current folder. */
function dataFilesBeside(file: string): ReadDataFiles {
  const folder = file === '-' ? '.' : dirname(file);
  return (paths) => readDataFiles(paths, folder);
}

/** The notebook's name without .bpnb: exported files are named after it. */
function stemOf(file: string): string {
  return basename(file).replace(/\.bpnb$/i, '') || 'notebook';
}

// Run when executed as the `bpnb` command (dist/cli.js), not when imported by tests.
if (typeof require !== 'undefined' && require.main === module) {
  // main() never rejects: it is the boundary for internal errors.
  void main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
}
