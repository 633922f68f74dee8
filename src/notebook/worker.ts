// The kernel worker (bundled to dist/worker.js): one language Session, the
// notebook's shared namespace, driven by the messages in protocol.ts. Running
// off the extension-host thread means a long cell never freezes the editor and
// an interrupt is simply `worker.terminate()`.

import { parentPort, workerData } from 'node:worker_threads';
import { Session } from '../lang/session';
import type { SessionLimits } from '../lang/result';
import { cellOutputs } from '../format/outputs';
import type { KernelRequest, KernelResponse, KernelWorkerData } from './protocol';

function limitsFrom(data: KernelWorkerData | undefined): Partial<SessionLimits> {
  const limits: Partial<SessionLimits> = {};
  if (data?.maxNodes) limits.maxNodes = data.maxNodes;
  if (data?.maxTensorSize) limits.maxTensorSize = data.maxTensorSize;
  return limits;
}

function handle(session: Session, request: KernelRequest): KernelResponse {
  try {
    switch (request.type) {
      case 'run': {
        const result = session.run(request.source, { cellId: request.cellId });
        return { type: 'ran', id: request.id, result, outputs: request.replay ? [] : cellOutputs(result, request.options) };
      }
      case 'reset':
        session.reset();
        return { type: 'reset', id: request.id };
    }
  } catch (e) {
    // Session.run never throws for user errors; this is a bug in bpnb. Report
    // its message only: a stack trace means nothing to the notebook's user.
    const message = e instanceof Error ? e.message : String(e);
    return { type: 'failed', id: request.id, message };
  }
}

if (parentPort) {
  const port = parentPort;
  const session = new Session(limitsFrom(workerData as KernelWorkerData | undefined));
  port.on('message', (request: KernelRequest) => port.postMessage(handle(session, request)));
}
