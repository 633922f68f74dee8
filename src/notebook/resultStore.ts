// The last CellResult of every cell that ran, shared by the kernel (which
// writes it) and the language features (hovers, completion), which explain a
// cell from its last run. Keyed by the cell document's URI.

import * as vscode from 'vscode';
import type { CellResult } from '../lang/result';

export interface CellRun {
  result: CellResult;
  /** The notebook the cell belongs to. */
  notebook: string;
  /** The source that produced the result. */
  source: string;
  /** Increasing across the whole store: which run is the latest. */
  sequence: number;
  /** The cell's id in the run's source ranges (SourceRange.cell): see stableCellId in controller.ts. */
  cellId: string;
}

export class ResultStore implements vscode.Disposable {
  private readonly runs = new Map<string, CellRun>();
  private sequence = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  set(cell: vscode.Uri, notebook: vscode.Uri, source: string, result: CellResult, cellId = cell.toString()): void {
    this.runs.set(cell.toString(), { result, notebook: notebook.toString(), source, sequence: ++this.sequence, cellId });
    this.changed.fire();
  }

  get(cell: vscode.Uri): CellRun | undefined {
    return this.runs.get(cell.toString());
  }

  /** The notebook's most recent run: its `variables` are the whole namespace after it. */
  latest(notebook: vscode.Uri): CellRun | undefined {
    const key = notebook.toString();
    let best: CellRun | undefined;
    for (const run of this.runs.values()) {
      if (run.notebook === key && (!best || run.sequence > best.sequence)) best = run;
    }
    return best;
  }

  /** Every run of the notebook, newest first. */
  runsOf(notebook: vscode.Uri): CellRun[] {
    const key = notebook.toString();
    return [...this.runs.values()].filter((r) => r.notebook === key).sort((a, b) => b.sequence - a.sequence);
  }

  clearNotebook(notebook: vscode.Uri): void {
    const key = notebook.toString();
    for (const [cell, run] of this.runs) if (run.notebook === key) this.runs.delete(cell);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
