// The web entry (package.json "browser", dist/extension.browser.js): the
// extension in VS Code for the Web, running in the browser's web-worker
// extension host. The same features as the desktop (activate.ts); the kernel
// runs in a Web Worker (webTransport.ts) instead of a Node worker thread.
// No Node built-in may reach this bundle (esbuild builds it for the browser
// and src/tsconfig.web.json typechecks it without Node's types).

import { bundleStart } from '../activationClock';
import * as vscode from 'vscode';
import { activateFeatures, type BpnbApi } from '../activate';
import { blobWorkerSource, webWorker } from './webTransport';

const loadMs = performance.now() - bundleStart;

export function activate(context: vscode.ExtensionContext): BpnbApi {
  const activateStart = performance.now();
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.browser.js');
  const source = blobWorkerSource(async () => {
    try {
      return await vscode.workspace.fs.readFile(script);
    } catch {
      // A scheme the workbench's file system does not serve (an extension
      // installed from a URL): the browser fetches it.
      const response = await fetch(script.toString(true));
      if (!response.ok) throw new Error(`could not load the kernel worker (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }
  });
  const { controller, store } = activateFeatures(context, webWorker(source));
  return { controller, store, loadMs, activationMs: loadMs + performance.now() - activateStart, host: 'web' };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
