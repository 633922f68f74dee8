// Runs a notebook's code cells in order through one Session: the same kernel
// the extension uses, no separate evaluation path.

import type { NotebookCell } from '../notebookFile';
import { Session } from '../lang/session';
import type { CellResult } from '../lang/result';

export interface CellRun {
  /** The cell's index among all cells, markdown included (spec §4). */
  index: number;
  result: CellResult;
}

/** Runs every code cell in order; with `graphs: false` the results carry no graph (nothing will draw one). */
export function runCells(cells: readonly NotebookCell[], { graphs = true }: { graphs?: boolean } = {}): CellRun[] {
  const session = new Session();
  const runs: CellRun[] = [];
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    runs.push({ index, result: session.run(cell.source, { cellId: `cell${index}`, graph: graphs }) });
  });
  return runs;
}
