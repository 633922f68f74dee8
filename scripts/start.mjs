#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code (1.100.3, in the browser)
// without a desktop VS Code. Builds, starts a private VS Code server with
// the extension loaded from this repository (extensionDevelopmentPath) and
// examples/ as the folder, prints the URL to open, and runs until Ctrl-C.
//
//   npm start                   build once
//   npm start -- --watch        also rebuild on change (then "Developer: Reload Window")
//   BPNB_PORT=8080 npm start    a fixed port instead of a free one
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

// The production build, as packaged: what a person tries is what ships (and starts as fast).
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed (see above); fix it and run npm start again.');
  process.exit(1);
}

// The server machinery is TypeScript shared with the test runners.

const { startServer } = tsxRequire('../test/vscode/runner/vscode-server.ts', import.meta.url);

const port = process.env.BPNB_PORT ? Number(process.env.BPNB_PORT) : undefined;
const server = await startServer({ name: 'start', port, startTimeout: 120_000 });
const examples = path.join(root, 'examples');
const payload = [
  ['extensionDevelopmentPath', server.remoteUri(root)],
  ['skipWelcome', 'true'],
];
const url = `${server.origin}/?folder=${encodeURI(examples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

let watcher;
if (watch) {
  watcher = spawn(process.execPath, [path.join(root, 'esbuild.js'), '--watch', '--production'], { cwd: root, stdio: 'inherit' });
  process.on('exit', () => watcher.kill('SIGTERM'));
}

console.log(`
bpnb is running in VS Code ${readVersion()} on port ${server.port}.
Open this in a browser on this machine:

  ${url}

examples/ is the folder; its notebooks are the repository's own files, so saves change them.
${watch ? 'Rebuilding on change: run "Developer: Reload Window" to load a new build.\n' : ''}Stop with Ctrl-C.`);
if (whichCode()) {
  console.log(`\nA desktop VS Code is on PATH; you can use it instead:\n  code --extensionDevelopmentPath=${root} ${examples}\n(or open this folder in VS Code and press F5: "Run Extension").`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the VS Code server …');
  watcher?.kill('SIGTERM');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keep running (the server's pipes keep the event loop alive); if it dies, say so.
const check = setInterval(() => {
  try {
    process.kill(server.pid, 0);
  } catch {
    clearInterval(check);
    console.error('The VS Code server exited. Last output:\n' + server.output().slice(-2000));
    watcher?.kill('SIGTERM');
    process.exit(1);
  }
}, 2000);

function readVersion() {
  try {
    const { VSCODE_VERSION } = tsxRequire('../test/vscode/runner/vscode-server.ts', import.meta.url);
    return VSCODE_VERSION;
  } catch {
    return '';
  }
}

function whichCode() {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'code')));
}
