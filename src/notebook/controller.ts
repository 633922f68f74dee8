// The bpnb kernel as VS Code sees it: a NotebookController for 'bpnb'
// notebooks. One Kernel (kernel.ts: a worker thread with the shared
// namespace) per open notebook. Cells run strictly one after another, in the
// order they were queued; each run replaces the cell's output.

import * as vscode from 'vscode';
import { GRAPH_MIME } from '../diagram/payload';
import type { RuntimeDiagnostics } from '../editor/cellDiagnostics';
import { readCellFiles } from './cellFiles';
import { Kernel, KernelError, type RunOutcome } from './kernel';
import type { ResultStore } from './resultStore';
import { outputToVscode } from './serializer';
import { LiveCurve } from './liveCurve';
import { liveCurve, outputOptions } from './settings';
import type { SpawnWorker } from './transport';

export const CONTROLLER_ID = 'bpnb-kernel';
export const NOTEBOOK_TYPE = 'bpnb';

/**
 * The id a cell's source ranges carry in its outputs: `cell<index>`, the
 * index counting every cell from 0, as `bpnb run --inplace` writes it. Not the
 * cell's URI, which holds the server's address and a per-session handle: a
 * saved notebook must give the same bytes in every session and on every machine.
 */
export function stableCellId(cell: vscode.NotebookCell): string {
  return `cell${cell.index}`;
}

/** The cell that a source range's id names: `cell<index>` (see stableCellId), or a document URI in outputs saved before ids were stable. */
export function cellForId(notebook: vscode.NotebookDocument, id: string): vscode.NotebookCell | undefined {
  const m = /^cell(\d+)$/.exec(id);
  if (m) return Number(m[1]) < notebook.cellCount ? notebook.cellAt(Number(m[1])) : undefined;
  return notebook.getCells().find((c) => c.document.uri.toString() === id);
}

export class BpnbController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<string, Kernel>();
  /** Per notebook: the tail of its queue of runs. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Cells whose run has started and not ended (document URIs). */
  private readonly running = new Set<string>();
  /** Per notebook: stable cell id → the document URI of the cell that last ran under it. */
  private readonly cellIds = new Map<string, Map<string, string>>();

  constructor(
    private readonly store: ResultStore,
    private readonly runtime: RuntimeDiagnostics,
    /** How a notebook's kernel starts its worker: the one difference between the desktop and the web extension. */
    private readonly spawn: SpawnWorker,
  ) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'bpnb kernel');
    this.controller.supportedLanguages = ['bpnb'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Runs cells in the bpnb expression language, with gradients';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    // The bpnb kernel is the natural choice for every bpnb notebook: no kernel picker.
    const prefer = (nb: vscode.NotebookDocument) => {
      if (nb.notebookType !== NOTEBOOK_TYPE) return;
      this.controller.updateNotebookAffinity(nb, vscode.NotebookControllerAffinity.Preferred);
      // The kernel's worker starts when the notebook opens, not at its first run.
      this.kernelFor(nb).start();
    };
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.subscriptions.push(
      vscode.workspace.onDidOpenNotebookDocument(prefer),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.closeNotebook(nb)),
    );
  }

  /** Clears the notebook's namespace; cells that were running end with an error. */
  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernels.get(notebook.uri.toString());
    this.store.clearNotebook(notebook.uri);
    for (const cell of notebook.getCells()) this.runtime.clearTarget(cell.document.uri);
    if (kernel) await kernel.restart();
  }

  /** Is the cell running right now (started, not ended)? For tests and status. */
  isRunning(cell: vscode.NotebookCell): boolean {
    return this.running.has(cell.document.uri.toString());
  }

  /** For tests: how many successful runs the notebook's namespace is rebuilt from. */
  historyLength(notebook: vscode.NotebookDocument): number {
    return this.kernels.get(notebook.uri.toString())?.historyLength ?? 0;
  }

  /** The notebook's stable cell ids (what its runs' source ranges name) → the cells' document URIs. */
  private cellUris(notebook: vscode.NotebookDocument): Map<string, string> {
    const key = notebook.uri.toString();
    let map = this.cellIds.get(key);
    if (!map) this.cellIds.set(key, (map = new Map()));
    return map;
  }

  private kernelFor(notebook: vscode.NotebookDocument): Kernel {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = new Kernel({ spawn: this.spawn });
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    const kernel = this.kernelFor(notebook);
    // Create every execution now, so queued cells show as pending and a
    // cancellation reaches them before they start.
    const executions: vscode.NotebookCellExecution[] = [];
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      try {
        executions.push(this.controller.createNotebookCellExecution(cell));
      } catch {
        // The cell is already queued or running: VS Code keeps one execution per cell.
      }
    }
    const key = notebook.uri.toString();
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      for (const execution of executions) await this.runCell(kernel, execution);
    });
    this.queues.set(key, run.catch(() => undefined));
    await run;
  }

  /** Runs one cell; whatever happens, its execution ends and the queue moves on. */
  private async runCell(kernel: Kernel, execution: vscode.NotebookCellExecution): Promise<void> {
    try {
      await this.runCellOrThrow(kernel, execution);
    } catch {
      // The cell or its notebook went away mid-run (deleted, closed): nothing left to show.
      try {
        execution.end(false, Date.now());
      } catch {
        // already ended
      }
    }
  }

  private async runCellOrThrow(kernel: Kernel, execution: vscode.NotebookCellExecution): Promise<void> {
    const cell = execution.cell;
    if (execution.token.isCancellationRequested || cell.document.isClosed) {
      execution.end(undefined);
      return;
    }
    execution.executionOrder = ++kernel.executionCount;
    execution.start(Date.now());
    const source = cell.document.getText();
    const options = outputOptions();
    const key = cell.document.uri.toString();
    const cellId = stableCellId(cell);
    this.cellUris(cell.notebook).set(cellId, key);
    let outcome: RunOutcome;
    this.running.add(key);
    // While a descend runs, its loss curve so far is the cell's output (bpnb.training.liveCurve).
    const live = liveCurve() ? new LiveCurve(execution) : undefined;
    try {
      const files = await readCellFiles(source, cell.notebook.uri); // csv("…"): read beside the notebook, before the run
      outcome = await kernel.run(source, cellId, options, execution.token, files, live && ((p) => live.show(p)));
    } catch (e) {
      void live?.close();
      const error = KernelError.from(e);
      // Not awaited: the update is queued before end() flushes it, and an
      // interrupted cell should end without another round trip to the window.
      execution.replaceOutput(new vscode.NotebookCellOutput([
        vscode.NotebookCellOutputItem.error({ name: error.reason === 'interrupted' ? 'Interrupted' : 'Kernel error', message: error.message }),
      ])).then(undefined, () => undefined);
      execution.end(false, Date.now());
      return;
    } finally {
      this.running.delete(key);
    }
    await live?.close();
    const { result, outputs } = outcome;
    this.store.set(cell.document.uri, cell.notebook.uri, source, result, cellId);
    const uris = this.cellUris(cell.notebook);
    this.runtime.report(cell.document.uri, source, result.diagnostics, (id) => uris.get(id));
    await execution.replaceOutput(outputs.map((o) => {
      const output = outputToVscode(o);
      // The renderer reads the display settings from the graph output's metadata.
      if (o.items.some((i) => i.mime === GRAPH_MIME)) output.metadata = { ...(output.metadata ?? {}), bpnb: { ...options } };
      return output;
    }));
    execution.end(result.ok, Date.now());
  }

  private closeNotebook(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    this.kernels.get(key)?.dispose();
    this.kernels.delete(key);
    this.queues.delete(key);
    this.cellIds.delete(key);
    this.store.clearNotebook(notebook.uri);
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    this.controller.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
