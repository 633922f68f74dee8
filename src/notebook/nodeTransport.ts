// The desktop kernel's worker: a worker_threads Worker running dist/worker.js,
// with a heap limit (bpnb.kernel.memoryLimitMb) so a runaway cell ends with a
// clear "out of memory" instead of taking the extension host down.

import { Worker } from 'node:worker_threads';
import type { KernelResponse, KernelWorkerData } from './protocol';
import type { SpawnWorker } from './transport';

/**
 * @param script path of dist/worker.js
 * @param memoryLimitMb read when a worker starts, so a changed setting applies from the next (re)start
 */
export function nodeWorker(script: string, memoryLimitMb: () => number, data?: KernelWorkerData): SpawnWorker {
  return (events) => {
    const limit = memoryLimitMb();
    const worker = new Worker(script, { workerData: data ?? {}, resourceLimits: { maxOldGenerationSizeMb: limit } });
    worker.on('message', (response: KernelResponse) => events.message(response));
    worker.on('error', (err: Error & { code?: string }) => {
      events.death(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { reason: 'outOfMemory', message: `The kernel ran out of memory (limit ${limit} MB); the kernel was restarted. Raise the setting bpnb.kernel.memoryLimitMb or make the tensors smaller.` }
        : { reason: 'crashed', message: `The kernel stopped unexpectedly (${err.message}); the kernel was restarted.` });
    });
    worker.on('exit', (code) => {
      events.death({ reason: 'crashed', message: `The kernel stopped unexpectedly (exit code ${code}); the kernel was restarted.` });
    });
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => worker.terminate().then(() => undefined, () => undefined),
    };
  };
}
