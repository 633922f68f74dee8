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

export function runCells(cells: readonly NotebookCell[], readFiles?: ReadDataFiles): CellRun[] {
  const session = new Session();
  const runs: CellRun[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    const paths = readFiles ? filesToRead(cell.source) : [];
    const files = paths.length > 0 ? readFiles!(paths) : undefined;
    runs.push({ index, result: session.run(cell.source, { cellId: `cell${index}`, files }) });
  });
  return runs;
}
