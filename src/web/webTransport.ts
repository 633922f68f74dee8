// The web extension's kernel worker: a dedicated Web Worker started from the
// web-worker extension host (VS Code for the Web). The extension host is
// itself a worker, in an iframe whose origin is not the one the extension's
// files are served from, so `new Worker(<extension file URL>)` would be a
// cross-origin script. Instead the script (dist/worker.browser.js) is read
// once, through vscode.workspace.fs (or fetch, for schemes the file system
// does not serve), and every kernel worker starts from a blob: URL of it.
// Session limits travel in the worker's name (a Web Worker has no workerData).
//
// A Web Worker has no heap limit to set: a runaway cell is stopped by the
// interrupt (terminate), and a worker that dies reports "crashed".

import type { KernelRequest, KernelResponse, KernelWorkerData } from '../notebook/protocol';
import type { SpawnWorker } from '../notebook/transport';

/** Where the worker script comes from: a URL `new Worker` accepts (a blob: URL). */
export type WorkerSource = () => Promise<string>;

/** Reads the script once and hands out one blob: URL for every worker. */
export function blobWorkerSource(read: () => Promise<Uint8Array>): WorkerSource {
  let url: Promise<string> | undefined;
  return () => {
    url ??= read().then((bytes) => URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/javascript' })));
    // A failed read is tried again at the next start.
    url.catch(() => { url = undefined; });
    return url;
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function webWorker(source: WorkerSource, data?: KernelWorkerData): SpawnWorker {
  return (events) => {
    let worker: Worker | undefined;
    let stopped = false;
    const queue: KernelRequest[] = [];
    source().then((url) => {
      if (stopped) return;
      const w = new Worker(url, { name: JSON.stringify(data ?? {}) });
      worker = w;
      w.onmessage = (event: MessageEvent<KernelResponse>) => events.message(event.data);
      w.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        stopped = true;
        w.terminate();
        events.death({ reason: 'crashed', message: `The kernel stopped unexpectedly (${event.message || 'worker error'}); the kernel was restarted.` });
      };
      for (const request of queue.splice(0)) w.postMessage(request);
    }, (e: unknown) => {
      stopped = true;
      events.death({ reason: 'crashed', message: `The kernel could not start (${describe(e)}).` });
    });
    return {
      post: (request) => {
        if (worker) worker.postMessage(request);
        else queue.push(request);
      },
      terminate: () => {
        stopped = true;
        worker?.terminate();
        return Promise.resolve();
      },
    };
  };
}
