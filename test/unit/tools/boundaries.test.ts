// The runtimes' boundaries are kept by the tools, not by comments (issue 10):
// the compiler rejects the DOM and Node in the pure core (src/engine,
// src/lang, src/diagram) and Node in the renderer; ESLint rejects a `vscode`
// import outside the VS Code folders. Each probe is compiled or linted with
// the project's own configuration, and a harmless probe passes (so a failure
// means the boundary, not a broken setup).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Compiles `code` as one file with the compiler options of `config` (a path in the repository); returns tsc's output, '' when clean. */
function compileWith(config: string, code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-boundary-'));
  try {
    fs.writeFileSync(path.join(dir, 'probe.ts'), code);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, config), include: ['probe.ts'], compilerOptions: { typeRoots: [path.join(root, 'node_modules', '@types')] } }));
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    return (r.stdout + r.stderr).trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('boundaries between the runtimes', function () {
  this.timeout(60_000);

  it('the core config compiles plain ES, and rejects the DOM and Node', () => {
    assert.equal(compileWith('src/tsconfig.core.json', 'export const x: number[] = [1, 2].map((v) => Math.exp(v));\n'), '');
    assert.match(compileWith('src/tsconfig.core.json', 'export const title = document.title;\n'), /probe\.ts\(1,\d+\): error TS\d+: Cannot find name 'document'/);
    assert.match(compileWith('src/tsconfig.core.json', 'export const home = process.env.HOME;\n'), /Cannot find name 'process'/);
    assert.match(compileWith('src/tsconfig.core.json', 'export const b = Buffer.from("x");\n'), /Cannot find name 'Buffer'/);
  });

  it('the core config covers every file of src/engine, src/lang and src/diagram, and nothing of the runtimes', () => {
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'src', 'tsconfig.core.json'), '--listFilesOnly'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const listed = new Set(r.stdout.split('\n').filter((f) => f.startsWith(path.join(root, 'src'))).map((f) => path.relative(root, f)));
    for (const dir of ['engine', 'lang', 'diagram']) {
      const files = fs.readdirSync(path.join(root, 'src', dir), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
      assert.ok(files.length > 3, dir);
      for (const f of files) assert.ok(listed.has(path.join('src', dir, f)), `src/${dir}/${f} is compiled with the core's libraries`);
    }
    for (const f of listed) assert.match(f, /^src\/(engine|lang|diagram)\//, `${f} is pulled into the core`);
  });

  it('the renderer config rejects Node; the Node config rejects the DOM', () => {
    assert.equal(compileWith('src/renderer/tsconfig.json', 'export const w = document.body.clientWidth;\n'), '');
    assert.match(compileWith('src/renderer/tsconfig.json', 'export const home = process.env.HOME;\n'), /Cannot find name 'process'/);
    assert.equal(compileWith('src/tsconfig.node.json', 'export const home = process.env.HOME;\n'), '');
    assert.match(compileWith('src/tsconfig.node.json', 'export const title = document.title;\n'), /Cannot find name 'document'/);
  });

  it('ESLint rejects a vscode import outside src/notebook, src/editor, src/commands and src/extension.ts', async () => {
    const eslint = new ESLint({ cwd: root });
    const code = "import * as vscode from 'vscode';\nexport const v = vscode.version;\n";
    const restricted = async (file: string) => (await eslint.lintText(code, { filePath: path.join(root, file) }))[0].messages.some((m) => m.ruleId === 'no-restricted-imports');
    for (const file of ['src/engine/probe.ts', 'src/lang/probe.ts', 'src/diagram/probe.ts', 'src/notebookFile/probe.ts', 'src/cli/probe.ts', 'src/renderer/probe.ts']) {
      assert.ok(await restricted(file), `${file} may not import vscode`);
    }
    for (const file of ['src/notebook/probe.ts', 'src/editor/probe.ts', 'src/commands/probe.ts', 'src/extension.ts']) {
      assert.ok(!(await restricted(file)), `${file} may import vscode`);
    }
  });
});
