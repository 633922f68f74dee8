// The loss curve of a running `descend` as the cell's output (issue 13): the
// kernel's worker sends the curve so far at most every 100 ms
// (RunOptions.onProgress); this writes it into the running cell. VS Code
// applies output writes in order, but each is a round trip to the window
// and the renderer, so at most one write is in flight: curves that arrive
// meanwhile replace each other and only the latest is written (a slow
// window sees fewer updates, never a backlog); writes start at least
// LIVE_INTERVAL_MS apart, and after each write comes a pause at least as long
// as the write took, so a busy window spends at most half its time on the
// live curve. The curve takes the place of
// the previous run's loss curve (that output's items are replaced: the graph
// above it stays until the run ends, as every running cell keeps its old
// outputs, so nothing jumps); a cell without one shows the curve alone.
// Later curves replace the same output's items, so the renderer redraws one
// element. The cell's final outputs (controller.ts) replace it all.

import * as vscode from 'vscode';
import { PLOT_MIME, type DescentPlot } from '../diagram/plotPayload';
import { readPlot } from '../diagram/plotReading';
import { plotOutput } from '../notebookFile/outputs';
import { outputToVscode } from './serializer';

/**
 * Least time between two writes of the curve: four redraws a second. Each
 * redraw costs the window and the renderer CPU that the descent shares on a
 * small machine (docs/benchmarks.md, "The live loss curve").
 */
export const LIVE_INTERVAL_MS = 250;

export class LiveCurve {
  private latest: DescentPlot | undefined;
  private output: vscode.NotebookCellOutput | undefined;
  /** The write in flight, if any. */
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Ends the pause between writes early (when the run ends). */
  private wake: (() => void) | undefined;

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
    this.wake?.();
    return this.writing ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.latest && !this.closed) {
        const descent = this.latest;
        this.latest = undefined;
        const started = Date.now();
        const output = outputToVscode(plotOutput(descent));
        this.output ??= previousCurve(this.execution.cell);
        if (this.output) {
          await this.execution.replaceOutputItems(output.items, this.output);
        } else {
          this.output = output;
          await this.execution.replaceOutput(output);
        }
        const spent = Date.now() - started;
        await this.pause(Math.max(LIVE_INTERVAL_MS - spent, spent));
      }
    } catch {
      // The cell or its notebook went away mid-run: the run's own end reports it.
      this.closed = true;
    }
  }

  /** Waits `ms`, or less if the run ends meanwhile. */
  private pause(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

/** The cell's loss curve from its previous run, if it shows one: where the running curve goes. */
function previousCurve(cell: vscode.NotebookCell): vscode.NotebookCellOutput | undefined {
  return cell.outputs.find((o) => o.items.some((i) => i.mime === PLOT_MIME && readPlot(new TextDecoder().decode(i.data))?.kind === 'descent'));
}
