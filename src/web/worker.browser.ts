// The kernel worker of VS Code for the Web (bundled to dist/worker.browser.js):
// a dedicated Web Worker started by the web extension (webTransport.ts), with
// the same message handling as the desktop's worker thread (workerCore.ts).
// An interrupt is `worker.terminate()`, as on the desktop.

import { Session } from '../lang/session';
import type { KernelRequest, KernelResponse, KernelWorkerData } from '../notebook/protocol';
import { handle, limitsFrom } from '../notebook/workerCore';

/** The part of a DedicatedWorkerGlobalScope this file uses (no DOM library in this tsconfig). */
interface WorkerScope {
  onmessage: ((event: { data: KernelRequest }) => void) | null;
  postMessage(message: KernelResponse): void;
  name?: string;
}

const scope = globalThis as unknown as WorkerScope;
// Session limits travel in the worker's name (a Web Worker has no workerData).
let data: KernelWorkerData | undefined;
try {
  data = scope.name ? (JSON.parse(scope.name) as KernelWorkerData) : undefined;
} catch {
  data = undefined;
}
const session = new Session(limitsFrom(data));
scope.onmessage = (event) => scope.postMessage(handle(session, event.data, (m) => scope.postMessage(m)));
