#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code (1.100.3, in the browser)
// without a desktop VS Code. Builds, starts a private VS Code server with
// the extension loaded from this repository (extensionDevelopmentPath) and a
// fresh copy of examples/ in a temp folder as the folder, prints the URL to
// open, and runs until Ctrl-C.
//
// The copy is why trying the product leaves the repository as it was: VS Code
// for the Web saves automatically, and running an example writes its outputs
// into the file. The copy is kept when the server stops (its path is printed).
//
//   npm start                          build once
//   npm start -- --watch               also rebuild on change (then "Developer: Reload Window")
//   npm start -- --folder examples     open that folder itself (saves change it)
//   BPNB_PORT=8080 npm start           a fixed port instead of a free one
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const folderArg = process.argv.indexOf('--folder');
if (folderArg > 0 && !process.argv[folderArg + 1]) {
  console.error('npm start: --folder needs a path (npm start -- --folder PATH).');
  process.exit(2);
}

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
const folder = folderArg > 0 ? path.resolve(process.argv[folderArg + 1]) : copyOfExamples();
const payload = [
  ['extensionDevelopmentPath', server.remoteUri(root)],
  ['skipWelcome', 'true'],
];
const url = `${server.origin}/?folder=${encodeURI(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

let watcher;
if (watch) {
  watcher = spawn(process.execPath, [path.join(root, 'esbuild.js'), '--watch', '--production'], { cwd: root, stdio: 'inherit' });
  process.on('exit', () => watcher.kill('SIGTERM'));
}

console.log(`
bpnb is running in VS Code ${readVersion()} on port ${server.port}.
Open this in a browser on this machine:

  ${url}

The folder is ${folder}
${folderArg > 0 ? 'Saves change its files.' : "a fresh copy of examples/: saves go there, and the repository's own files stay as they are."}
${watch ? 'Rebuilding on change: run "Developer: Reload Window" to load a new build.\n' : ''}Stop with Ctrl-C.`);
if (whichCode()) {
  console.log(`\nA desktop VS Code is on PATH; you can use it instead:\n  code --extensionDevelopmentPath=${root} ${folder}\n(or open this folder in VS Code and press F5: "Run Extension").`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log(`\nstopping the VS Code server … (the notebooks you saved stay in ${folder})`);
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

/** A fresh copy of examples/ in a temp folder of its own (named examples, as the Explorer shows it). */
function copyOfExamples() {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-try-')), 'examples');
  fs.cpSync(path.join(root, 'examples'), dir, { recursive: true });
  return dir;
}

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
