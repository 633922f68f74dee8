// The kernel worker's message handling, shared by the Node worker thread
// (worker.ts, dist/worker.js) and the Web Worker of VS Code for the Web
// (src/web/worker.browser.ts, dist/worker.browser.js): one language Session,
// the notebook's shared namespace, driven by the messages in protocol.ts.
// Plain ECMAScript: no Node, no DOM.

import { Session } from '../lang/session';
import type { NotebookOutput } from '../notebookFile';
import type { CellResult, SessionLimits } from '../lang/result';
import type { DescentPlot } from '../diagram/plotPayload';
import { cellOutputs } from '../notebookFile/outputs';
import type { KernelRequest, KernelResponse, KernelWorkerData, OutputOptions } from './protocol';

export function limitsFrom(data: KernelWorkerData | undefined): Partial<SessionLimits> {
  const limits: Partial<SessionLimits> = {};
  if (data?.maxNodes) limits.maxNodes = data.maxNodes;
  if (data?.maxTensorSize) limits.maxTensorSize = data.maxTensorSize;
  return limits;
}

/**
 * Answers one request. `send` posts a message before the answer: the
 * `progress` of a run that asked for it (a live loss curve while `descend`
 * runs); the answer itself is returned.
 */
export function handle(session: Session, request: KernelRequest, send?: (message: KernelResponse) => void): KernelResponse {
  try {
    switch (request.type) {
      case 'run': {
        const id = request.id;
        const onProgress = request.progress && send ? (descent: DescentPlot) => send({ type: 'progress', id, descent: liveCurve(descent) }) : undefined;
        const result = session.run(request.source, { cellId: request.cellId, files: request.files, ...(onProgress ? { onProgress } : {}) });
        return { type: 'ran', id: request.id, result, outputs: request.replay ? [] : safeOutputs(result, request.options) };
      }
      case 'reset':
        session.reset();
        return { type: 'reset', id: request.id };
    }
  } catch (e) {
    // The worker's one boundary for internal errors. Session.run never throws
    // for user errors; this is a bug in bpnb. Report its message only (the
    // extension host words it, KernelError.from): a stack trace means nothing
    // to the notebook's user.
    const message = e instanceof Error ? e.message : String(e);
    return { type: 'failed', id: request.id, message };
  }
}

/** Most points of a running curve sent to the window: a plot is about 500 pixels wide, and the final curve has every step. */
export const LIVE_POINTS = 1000;

/**
 * A running descent's curve as sent: a copy (the session lends its array for
 * the call), and past LIVE_POINTS steps every `every`-th loss and the last
 * (`running.every`), so a long descent costs the same to send and to draw
 * every 100 ms, however many steps it has done.
 */
export function liveCurve(d: DescentPlot): DescentPlot {
  const done = d.loss.length - 1;
  if (d.loss.length <= LIVE_POINTS) return { ...d, loss: d.loss.slice() };
  const every = Math.ceil(done / (LIVE_POINTS - 1));
  const loss: DescentPlot['loss'] = [];
  for (let i = 0; i < done; i += every) loss.push(d.loss[i]);
  loss.push(d.loss[done]);
  return { ...d, loss, running: { done: d.running?.done ?? done, every } };
}

/**
 * The cell's outputs. The cell has run by now and changed the namespace, so a
 * bug in drawing its outputs must not turn into a failed run (the kernel's
 * replay history would then miss it): it becomes a line of text instead.
 */
function safeOutputs(result: CellResult, options: OutputOptions): NotebookOutput[] {
  try {
    return cellOutputs(result, options);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return [{ items: [{ mime: 'text/plain', data: `The cell ran, but its output could not be drawn (internal error: ${message}).` }] }];
  }
}

