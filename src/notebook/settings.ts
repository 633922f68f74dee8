// The bpnb.* settings the notebook side reads, with the defaults declared in
// package.json's contributes.configuration (kept in step by hand).

import * as vscode from 'vscode';
import type { OutputOptions } from './protocol';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('bpnb');
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

export function outputOptions(): OutputOptions {
  const c = section();
  return {
    precision: clampInt(c.get('graph.precision'), 1, 17, 4),
    nodeLimit: clampInt(c.get('graph.nodeLimit'), 1, 100_000, 150),
    direction: c.get('graph.direction') === 'TD' ? 'TD' : 'LR',
    edgeLabels: c.get<boolean>('graph.edgeLabels', false) === true,
  };
}

export function memoryLimitMb(): number {
  return clampInt(section().get('kernel.memoryLimitMb'), 64, 65_536, 1024);
}

export function saveOutputs(): boolean {
  return section().get<boolean>('outputs.save', true) !== false;
}

/** Show a running `descend`'s loss curve while it runs (the kernel asks its worker for progress). */
export function liveCurve(): boolean {
  return section().get<boolean>('training.liveCurve', true) !== false;
}
