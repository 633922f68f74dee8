// Messages between the kernel (controller.ts, extension host) and the worker
// (worker.ts, a worker_threads Worker holding one language Session). Plain
// data, passed by structured clone. Every request carries an id; the worker
// answers each with exactly one response carrying the same id; before it, a
// run asked for progress may send any number of `progress` messages with that id.

import type { NotebookOutput } from '../notebookFile';
import type { CellResult } from '../lang/result';
import type { DataFiles } from '../lang/dataFiles';
import type { DescentPlot } from '../diagram/plotPayload';

/** Settings the worker needs to build a cell's outputs (the Markdown fallback table). */
export interface OutputOptions {
  /** Significant digits of the numbers in the Markdown table. */
  precision: number;
  /** Most nodes drawn; bigger graphs are collapsed or cut. */
  nodeLimit: number;
  /** Graph direction, left-to-right or top-down. */
  direction: 'LR' | 'TD';
  /** Whether edges carry their local derivative. */
  edgeLabels: boolean;
}

export type KernelRequest =
  /** Run one cell's source; the namespace is shared with earlier runs. */
  | { type: 'run'; id: number; source: string; cellId: string; options: OutputOptions; /** Rebuilding the namespace after an interrupt: no Markdown needed. */ replay?: boolean; /** The data files the cell reads (csv), read by the extension host: the worker may have no file system. */ files?: DataFiles; /** Send `progress` messages while a `descend` runs (bpnb.training.liveCurve). */ progress?: boolean }
  /** Clear the namespace. */
  | { type: 'reset'; id: number };

export type KernelResponse =
  /** `outputs` as the .bpnb file stores them (src/notebookFile's cellOutputs), the same the CLI writes. */
  | { type: 'ran'; id: number; result: CellResult; outputs: NotebookOutput[] }
  | { type: 'reset'; id: number }
  /** Not an answer: the loss curve so far of the `descend` the run `id` is in (RunOptions.onProgress, at most every 100 ms). */
  | { type: 'progress'; id: number; descent: DescentPlot }
  /** The session threw, which it should never do for user errors: a bug, reported without a stack. */
  | { type: 'failed'; id: number; message: string };

/** Data the worker gets through `workerData`. */
export interface KernelWorkerData {
  /** Session limits, when the user set any. */
  maxNodes?: number;
  maxTensorSize?: number;
}
