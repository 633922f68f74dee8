// `npm start` as a person tries the product: open the printed URL, run an
// example (VS Code for the Web saves by itself; here also File: Save), stop
// the server. The repository's examples/ are byte for byte as they were: the
// workbench opened a copy, and the saved outputs went there.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, REPO_ROOT } from '../../runner/vscode-server';
import { Workbench } from '../lib/harness';

/** Every file under `dir` (examples/data/ too) by its relative path, with its text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), fs.readFileSync(file, 'utf8'));
  }
  return files;
}

/** Resolves with the matches of `patterns` once the child's stdout holds all of them. */
function waitForLines(child: ChildProcess, patterns: RegExp[], timeout: number): Promise<RegExpExecArray[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm start printed no ${patterns.join(' and ')} within ${timeout} ms:\n${out}`)), timeout);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const matches = patterns.map((p) => p.exec(out));
      if (matches.every((m) => m !== null)) {
        clearTimeout(timer);
        resolve(matches as RegExpExecArray[]);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
  });
}

describe('UI: npm start leaves the repository as it was', function () {
  let child: ChildProcess | undefined;
  let wb: Workbench | undefined;
  let folder: string | undefined;

  after(async () => {
    await wb?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // npm start keeps the copy for the person; the test's copy goes.
    if (folder && path.basename(path.dirname(folder)).startsWith('bpnb-try-')) fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('runs and saves an example in a copy of examples/, not in the repository', async () => {
    const examples = path.join(REPO_ROOT, 'examples');
    const before = snapshot(examples);
    child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs')], {
      cwd: REPO_ROOT,
      env: { ...process.env, BPNB_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [[, printed], [url]] = await waitForLines(child, [/The folder is (.+)\n/, /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/], 120_000);
    folder = printed;
    assert.ok(!path.resolve(folder).startsWith(REPO_ROOT + path.sep), `the folder ${folder} is outside the repository`);

    wb = await Workbench.openUrl(url, folder);
    await wb.openNotebook('hello.bpnb', 2);
    await wb.runAll();
    await wb.waitForOutputSvg(['-12', '-4'], 60_000);
    await wb.runCommand('File: Save');
    // The run was saved in the copy.
    await wb.waitForFile(path.join(folder, 'hello.bpnb'), (t) => t.includes('application/vnd.bpnb.graph+json'), 30_000);

    const after = snapshot(examples);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file came or went in examples/');
    for (const [name, text] of before) assert.ok(after.get(name) === text, `examples/${name} is unchanged`);
  });
});
