// What both extensions register: the serializer, the kernel, the language
// features and the commands. The desktop entry (extension.ts) and the web
// entry (web/extension.browser.ts) differ only in how a kernel starts its
// worker (the SpawnWorker they pass), so a feature added here reaches both.

import * as vscode from 'vscode';
import { registerNewNotebook } from './commands/newNotebook';
import { registerRestartKernel } from './commands/restartKernel';
import { registerExportImage } from './commands/exportImage';
import { registerExportPlotImage } from './commands/exportPlotImage';
import { registerExportText } from './commands/exportText';
import { registerApplyLiveValues } from './commands/applyLiveValues';
import { registerLanguageFeatures } from './editor';
import { BpnbController } from './notebook/controller';
import { ResultStore } from './notebook/resultStore';
import { registerSerializer } from './notebook/serializer';
import type { SpawnWorker } from './notebook/transport';

/** What activate() returns (both entries): handles for the extension's own tests. */
export interface BpnbApi {
  controller: BpnbController;
  store: ResultStore;
  /**
   * The extension's own share of activation, in milliseconds: evaluating the
   * bundle plus running activate(). VS Code's wait between loading the file
   * and calling activate() is not ours and not counted.
   */
  activationMs: number;
  /** Of which evaluating the bundle's modules. */
  loadMs: number;
  /** Which extension this is: 'node' (desktop, Node extension host) or 'web' (a browser's web-worker extension host). */
  host?: 'node' | 'web';
}

export function activateFeatures(context: vscode.ExtensionContext, spawn: SpawnWorker): { controller: BpnbController; store: ResultStore } {
  const store = new ResultStore();
  const { runtime } = registerLanguageFeatures(context, store);
  const controller = new BpnbController(store, runtime, spawn);
  context.subscriptions.push(store, controller, registerSerializer());
  registerNewNotebook(context);
  registerRestartKernel(context, controller);
  registerExportImage(context);
  registerExportPlotImage(context);
  registerExportText(context);
  registerApplyLiveValues(context);
  return { controller, store };
}
