// The kernel worker (bundled to dist/worker.js): one language Session, the
// notebook's shared namespace, driven by the messages in protocol.ts. Running
// off the extension-host thread means a long cell never freezes the editor and
// an interrupt is simply `worker.terminate()`.

import { parentPort, workerData } from 'node:worker_threads';
import { Session } from '../lang/session';
import type { KernelRequest, KernelWorkerData } from './protocol';
import { handle, limitsFrom } from './workerCore';

if (parentPort) {
  const port = parentPort;
  const session = new Session(limitsFrom(workerData as KernelWorkerData | undefined));
  port.on('message', (request: KernelRequest) => port.postMessage(handle(session, request, (m) => port.postMessage(m))));
}
