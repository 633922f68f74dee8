// The loss curve of a running `descend` as the cell's output (issue 13): the
// kernel's worker sends the curve so far at most every 100 ms
// (RunOptions.onProgress); this writes it into the running cell. VS Code
// applies output writes in order, but each is a round trip to the window
// and the renderer, so at most one write is in flight: curves that arrive
// meanwhile replace each other and only the latest is written (a slow
// window sees fewer updates, never a backlog). The first curve replaces the
// cell's outputs (those of its previous run); later ones replace that
// output's items, so the renderer redraws the same element in place. The
// cell's final outputs (controller.ts) replace the live one.

import * as vscode from 'vscode';
import type { DescentPlot } from '../diagram/plotPayload';
import { plotOutput } from '../notebookFile/outputs';
import { outputToVscode } from './serializer';

export class LiveCurve {
  private latest: DescentPlot | undefined;
  private output: vscode.NotebookCellOutput | undefined;
  /** The write in flight, if any. */
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Curves written, for tests and measurements. */
  written = 0;

  constructor(private readonly execution: vscode.NotebookCellExecution) {}

  /** A newer curve of the running descent: written now, or after the write in flight. */
  show(descent: DescentPlot): void {
    if (this.closed) return;
    this.latest = descent;
    this.writing ??= this.drain().finally(() => { this.writing = undefined; });
  }

  /** The run ended: nothing more is written. Resolves once the write in flight (if any) is done, so the final outputs come after it. */
  close(): Promise<void> {
    this.closed = true;
    this.latest = undefined;
    return this.writing ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.latest && !this.closed) {
        const descent = this.latest;
        this.latest = undefined;
        const output = outputToVscode(plotOutput(descent));
        if (this.output) {
          await this.execution.replaceOutputItems(output.items, this.output);
        } else {
          this.output = output;
          await this.execution.replaceOutput(output);
        }
        this.written++;
      }
    } catch {
      // The cell or its notebook went away mid-run: the run's own end reports it.
      this.closed = true;
    }
  }
}
