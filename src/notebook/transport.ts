// How the kernel reaches its worker, whatever the runtime: a Node
// worker_threads Worker on the desktop (nodeTransport.ts), a Web Worker in
// VS Code for the Web (src/web/webTransport.ts). The Kernel (kernel.ts) owns
// the lifecycle (queue, interrupt, replay, restart) and knows only this
// interface, so both extensions share it unchanged.

import type { KernelRequest, KernelResponse } from './protocol';

/** Why a worker stopped on its own, already worded for the notebook's user. */
export interface WorkerDeath {
  reason: 'outOfMemory' | 'crashed';
  message: string;
}

/** What a transport tells the kernel. */
export interface WorkerEvents {
  message(response: KernelResponse): void;
  /** The worker is gone (crashed, out of memory, exited); called at most once per worker. */
  death(why: WorkerDeath): void;
}

/** One started worker holding one language Session. */
export interface WorkerTransport {
  post(request: KernelRequest): void;
  /** Stops the worker at once (a synchronous Session.run cannot be stopped any other way). */
  terminate(): Promise<void>;
}

/** Starts a fresh worker; called at the first run, and again after an interrupt, a restart or a crash. */
export type SpawnWorker = (events: WorkerEvents) => WorkerTransport;
