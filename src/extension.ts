// The desktop entry (package.json "main", dist/extension.js): wiring only.
// Every feature is registered by activate.ts, shared with the web entry
// (web/extension.browser.ts); here the kernel's worker is a Node worker
// thread with a heap limit. Nothing heavy happens here; a notebook's kernel
// worker starts when the notebook opens (src/notebook/controller.ts).

// First import: marks the start of the bundle's evaluation (activationMs).
import { bundleStart } from './activationClock';
import * as vscode from 'vscode';
import { activateFeatures, type BpnbApi } from './activate';
import { nodeWorker } from './notebook/nodeTransport';
import { memoryLimitMb } from './notebook/settings';

// Every module of the bundle has been evaluated once this line runs.
const loadMs = performance.now() - bundleStart;

export type { BpnbApi };

export function activate(context: vscode.ExtensionContext): BpnbApi {
  const activateStart = performance.now();
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const { controller, store } = activateFeatures(context, nodeWorker(workerScript, memoryLimitMb));
  return { controller, store, loadMs, activationMs: loadMs + performance.now() - activateStart, host: 'node' };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
