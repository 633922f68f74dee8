// Wiring only: the serializer, the kernel, the language features and the
// commands. Nothing heavy happens here; a notebook's kernel worker starts
// when the notebook opens (src/notebook/controller.ts).

// First import: marks the start of the bundle's evaluation (activationMs).
import { bundleStart } from './activationClock';
import * as vscode from 'vscode';
import { registerNewNotebook } from './commands/newNotebook';
import { registerRestartKernel } from './commands/restartKernel';
import { registerExportImage } from './commands/exportImage';
import { registerExportText } from './commands/exportText';
import { registerApplyLiveValues } from './commands/applyLiveValues';
import { registerLanguageFeatures } from './editor';
import { BpnbController } from './notebook/controller';
import { ResultStore } from './notebook/resultStore';
import { registerSerializer } from './notebook/serializer';

// Every module of the bundle has been evaluated once this line runs.
const loadMs = performance.now() - bundleStart;

/** What activate() returns: handles for the extension's own tests. */
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
}

export function activate(context: vscode.ExtensionContext): BpnbApi {
  const activateStart = performance.now();
  const store = new ResultStore();
  const { runtime } = registerLanguageFeatures(context, store);
  const controller = new BpnbController(context.extensionUri, store, runtime);
  context.subscriptions.push(store, controller, registerSerializer());
  registerNewNotebook(context);
  registerRestartKernel(context, controller);
  registerExportImage(context);
  registerExportText(context);
  registerApplyLiveValues(context);
  return { controller, store, loadMs, activationMs: loadMs + performance.now() - activateStart };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
