// One notebook's kernel: a worker holding the language Session, plus
// the sources of every cell run that succeeded, in order. Free of the vscode
// API (the controller adapts it), so its lifecycle logic reads on its own:
//
// - run():       cells run one at a time in the worker; start() starts it early
//                (when the notebook opens), else the first run does.
// - interrupt:   a cancelled run terminates the worker (a synchronous
//                Session.run cannot be stopped any other way), the cell ends at
//                once with "Interrupted", and a fresh worker replays the
//                successful runs so the namespace is as it was before the cell.
// - restart():   a fresh, empty namespace.
// - out of memory or a crash: the cell gets a clear error and the next run
//                starts a fresh, empty worker (the namespace is gone with it).

// The worker itself comes from a SpawnWorker (transport.ts): a Node worker
// thread on the desktop, a Web Worker in VS Code for the Web.

import type { NotebookOutput } from '../notebookFile';
import type { CellResult } from '../lang/result';
import type { DataFile, DataFiles } from '../lang/dataFiles';
import type { DescentPlot } from '../diagram/plotPayload';
import type { KernelRequest, KernelResponse, OutputOptions } from './protocol';
import type { SpawnWorker, WorkerTransport } from './transport';

export type KernelErrorReason = 'interrupted' | 'restarted' | 'outOfMemory' | 'crashed' | 'failed';

/** Why a run did not produce a CellResult. `message` is written for the notebook's user. */
export class KernelError extends Error {
  constructor(readonly reason: KernelErrorReason, message: string) {
    super(message);
    this.name = 'KernelError';
  }

  /**
   * The extension host's one boundary for the kernel's internal errors: a
   * KernelError as it is; anything else is a bug in bpnb, told in one line
   * (no stack trace means anything to the notebook's user).
   */
  static from(e: unknown): KernelError {
    return e instanceof KernelError ? e : new KernelError('failed', `Internal error in the bpnb kernel: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const INTERRUPTED = 'Interrupted: the cell was stopped; the namespace is as it was before it ran.';

/** The part of vscode.CancellationToken the kernel needs. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface KernelConfig {
  /** Starts a fresh worker (nodeTransport.ts on the desktop, src/web/webTransport.ts in the browser). */
  spawn: SpawnWorker;
}

/** A run that succeeded, as a replay runs it again. */
interface HistoryEntry { cellId: string; source: string; files?: DataFiles }

export interface RunOutcome {
  result: CellResult;
  outputs: NotebookOutput[];
}

/** A worker and the requests waiting for its answers. */
class KernelWorker {
  private readonly worker: WorkerTransport;
  private readonly pending = new Map<number, { resolve: (r: KernelResponse) => void; reject: (e: KernelError) => void; progress?: (p: DescentPlot) => void }>();
  private nextId = 1;
  /** Set once the worker is gone; every later request fails with it. */
  private death: KernelError | undefined;

  constructor(spawn: SpawnWorker, private readonly onDeath: (e: KernelError) => void) {
    this.worker = spawn({
      message: (response: KernelResponse) => {
        const waiter = this.pending.get(response.id);
        // Progress comes before the answer and does not settle the request.
        if (response.type === 'progress') {
          waiter?.progress?.(response.descent);
          return;
        }
        this.pending.delete(response.id);
        waiter?.resolve(response);
      },
      death: (why) => this.die(new KernelError(why.reason, why.message)),
    });
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  request(make: (id: number) => KernelRequest, progress?: (p: DescentPlot) => void): Promise<KernelResponse> {
    if (this.death) return Promise.reject(this.death);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      this.worker.post(make(id));
    });
  }

  /** Stops the worker; pending requests fail with `reason` at once, before the thread is gone. */
  terminate(reason: KernelError): Promise<void> {
    this.die(reason);
    return this.worker.terminate();
  }

  private die(reason: KernelError): void {
    if (this.death) return;
    this.death = reason;
    const waiters = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiters) w.reject(reason);
    this.onDeath(reason);
  }
}

export class Kernel {
  private worker: KernelWorker | undefined;
  /** Sources of the runs that succeeded, in order: what a replay runs again. */
  private history: HistoryEntry[] = [];
  /** Resolves when the worker is ready for a new cell (after a replay). Never rejects. */
  private ready: Promise<void> = Promise.resolve();
  /** The last execution order number handed out; 0 after a restart. */
  executionCount = 0;
  /** Set when the notebook closed: no worker may start again. */
  private disposed = false;

  constructor(private readonly config: KernelConfig) {}

  /** The last text of each data file in the history, so re-running a cell over an unchanged file keeps one copy. */
  private lastFiles = new Map<string, DataFile>();

  private shared(files: DataFiles | undefined): DataFiles | undefined {
    if (files === undefined) return undefined;
    const out: DataFiles = {};
    for (const [path, file] of Object.entries(files)) {
      const last = this.lastFiles.get(path);
      out[path] = last && 'text' in last && 'text' in file && last.text === file.text ? last : file;
      this.lastFiles.set(path, out[path]);
    }
    return out;
  }

  /** How many successful runs the namespace is built from (what a replay runs again); for tests. */
  get historyLength(): number {
    return this.history.length;
  }

  /**
   * Runs one cell. Resolves with the cell's result (which may hold user errors);
   * rejects with a KernelError when the run was interrupted or the worker died.
   *
   * Cancellation has one path: the token's listener. While the cell waits (for
   * a replay after an interrupt) the run just gives up; once the cell is in the
   * worker, the worker is stopped (a synchronous Session.run cannot be stopped
   * any other way), which fails the request with the same INTERRUPTED error.
   *
   * `onProgress`, when given, gets the loss curve so far of each `descend`
   * while it runs (at most every 100 ms; never after the run settled).
   */
  async run(source: string, cellId: string, options: OutputOptions, token: CancelToken, files?: DataFiles, onProgress?: (p: DescentPlot) => void): Promise<RunOutcome> {
    let worker: KernelWorker | undefined;
    let giveUp: (e: KernelError) => void = () => undefined;
    const cancelled = new Promise<never>((_, reject) => { giveUp = reject; });
    cancelled.catch(() => undefined); // raced below; never an unhandled rejection
    const onCancel = () => {
      if (worker?.busy) this.interrupt(worker);
      else giveUp(new KernelError('interrupted', INTERRUPTED));
    };
    const subscription = token.onCancellationRequested(onCancel);
    try {
      await Promise.race([this.ready, cancelled]);
      // Cancelled before it started (or in the very tick the replay ended): the cell never reaches the worker.
      if (token.isCancellationRequested) throw new KernelError('interrupted', INTERRUPTED);
      if (this.disposed) throw new KernelError('restarted', 'The notebook was closed.');
      worker = this.ensureWorker();
      const request = worker.request((id) => ({ type: 'run', id, source, cellId, options, files, ...(onProgress ? { progress: true } : {}) }), onProgress);
      const response = await Promise.race([request, cancelled]);
      if (response.type === 'failed') throw new Error(response.message);
      if (response.type !== 'ran') throw new Error(`unexpected answer '${response.type}'`);
      // A replay gets the files this run read (the same data), not whatever is on disk by then.
      if (response.result.ok) this.history.push({ cellId, source, files: this.shared(files) });
      return { result: response.result, outputs: response.outputs };
    } catch (e) {
      throw KernelError.from(e);
    } finally {
      subscription.dispose();
    }
  }

  /**
   * Starts the worker now, before the first run, so the first Run All after
   * opening a notebook does not wait for a thread to start and load the
   * language (issue 12, "a fast first graph").
   */
  start(): void {
    if (!this.disposed) this.ensureWorker();
  }

  /** Clears the namespace: stops the worker (a running cell ends with an error) and forgets the history. */
  restart(): Promise<void> {
    this.history = [];
    this.lastFiles.clear();
    this.executionCount = 0;
    const old = this.worker;
    this.worker = undefined;
    this.ready = Promise.resolve();
    return old ? old.terminate(new KernelError('restarted', 'The kernel was restarted while this cell ran.')) : Promise.resolve();
  }

  dispose(): void {
    this.disposed = true;
    void this.restart();
  }

  private ensureWorker(): KernelWorker {
    if (!this.worker || !this.worker.alive) {
      const worker: KernelWorker = new KernelWorker(this.config.spawn, (reason) => {
        // A worker that died on its own took the namespace with it.
        if (reason.reason !== 'interrupted' && reason.reason !== 'restarted' && this.worker === worker) {
          this.history = [];
          this.worker = undefined;
        }
      });
      this.worker = worker;
    }
    return this.worker;
  }

  /** Stops the busy worker and rebuilds the namespace from the history in a fresh one. */
  private interrupt(worker: KernelWorker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate(new KernelError('interrupted', INTERRUPTED));
    const replayed = this.history.slice();
    this.ready = this.replay(replayed);
  }

  private async replay(entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0 || this.disposed) return;
    const worker = this.ensureWorker();
    const options: OutputOptions = { precision: 4, nodeLimit: 1, direction: 'LR', edgeLabels: false };
    for (const entry of entries) {
      try {
        await worker.request((id) => ({ type: 'run', id, source: entry.source, cellId: entry.cellId, options, replay: true, files: entry.files }));
      } catch {
        return; // the worker died during the replay; its death handler already reset the state
      }
    }
  }
}
