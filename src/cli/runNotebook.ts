// Runs a notebook's code cells in order through one Session: the same kernel
// the extension uses, no separate evaluation path.

import type { NotebookCell } from '../notebookFile';
import { Session } from '../lang/session';
import type { CellResult } from '../lang/result';
import { filesToRead, type DataFiles } from '../lang/dataFiles';

export interface CellRun {
  /** The cell's index among all cells, markdown included (spec §4). */
  index: number;
  result: CellResult;
}

/** Reads the data files a cell names (csv("…")), before it runs. */
export type ReadDataFiles = (paths: readonly string[]) => DataFiles;

/**
 * Runs every code cell in order, reading the data files each names first; with
 * `graphs: false` the results carry no graph (nothing will draw one).
 */
export function runCells(cells: readonly NotebookCell[], { graphs = true, readFiles }: { graphs?: boolean; readFiles?: ReadDataFiles } = {}): CellRun[] {
  const session = new Session();
  const runs: CellRun[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    const paths = readFiles ? filesToRead(cell.source) : [];
    const files = paths.length > 0 ? readFiles!(paths) : undefined;
    runs.push({ index, result: session.run(cell.source, { cellId: `cell${index}`, graph: graphs, files }) });
  });
  return runs;
}
