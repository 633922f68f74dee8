// Registers the language features of bpnb cells (notebook cells and
// stand-alone .bpnbcell files alike).

import * as vscode from 'vscode';
import type { ResultStore } from '../notebook/resultStore';
import { BpnbCompletionProvider, COMPLETION_TRIGGERS } from './completion';
import { RuntimeDiagnostics, SyntaxDiagnostics } from './cellDiagnostics';
import { BpnbHoverProvider } from './hover';

export const LANGUAGE_SELECTOR: vscode.DocumentSelector = [
  { notebookType: 'bpnb', language: 'bpnb' },
  { language: 'bpnb' },
];

export interface LanguageFeatures {
  runtime: RuntimeDiagnostics;
  syntax: SyntaxDiagnostics;
}

export function registerLanguageFeatures(context: vscode.ExtensionContext, store: ResultStore): LanguageFeatures {
  const runtime = new RuntimeDiagnostics();
  // Editing a cell makes its runtime squiggles stale: they go at once.
  const syntax = new SyntaxDiagnostics((uri) => runtime.clearTarget(uri));
  context.subscriptions.push(
    runtime,
    syntax,
    vscode.languages.registerHoverProvider(LANGUAGE_SELECTOR, new BpnbHoverProvider(store)),
    vscode.languages.registerCompletionItemProvider(LANGUAGE_SELECTOR, new BpnbCompletionProvider(store), ...COMPLETION_TRIGGERS),
  );
  return { runtime, syntax };
}
