#!/usr/bin/env node
// `npm run typecheck`: every tsconfig of the project, so that each runtime is
// compiled with only the libraries it may use (the DOM for the renderer, Node
// for the extension host, the worker and the CLI, neither for the core), plus
// the root one for the tests. Runs them all even when one fails; exits 1 if any did.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIGS = ['tsconfig.json', 'src/tsconfig.core.json', 'src/tsconfig.node.json', 'src/tsconfig.web.json', 'src/tsconfig.page.json', 'src/renderer/tsconfig.json', 'src/plotRenderer/tsconfig.json'];

let failed = 0;
for (const config of CONFIGS) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', config], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`typecheck: ${config} failed`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
