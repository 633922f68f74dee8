import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './vscode-server';

/**
 * A private copy of examples/ for one run, so tests never modify the
 * repository's files, plus workspace settings that keep the workbench quiet
 * and screenshots stable.
 */
export function makeWorkspace(parentDir: string, source = path.join(REPO_ROOT, 'examples'), name = 'workspace'): string {
  const ws = path.join(parentDir, name);
  fs.mkdirSync(parentDir, { recursive: true });
  fs.cpSync(source, ws, { recursive: true });
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(ws, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        'files.exclude': { '.vscode': true },
      },
      null,
      2,
    ) + '\n',
  );
  return ws;
}
