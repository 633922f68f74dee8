// The .vsix check (a tier of `npm test`): `npm run package`'s steps into a
// temp folder, then the package's file list, then an install into VS Code
// 1.100.3 itself (`server-main.js --install-extension`), the way a user
// installs it, and the page a person reads before installing: the packaged
// README (README.vsix.md) and the manifest's links. Exits non-zero, saying
// why, if any of that fails.
//
//   npx tsx test/vscode/runner/check-vsix.ts
//
// It builds the production bundles into dist/ (as `npm run package` does) and
// rebuilds the development ones afterwards, so it leaves dist/ as it found it.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, ensureServer } from './vscode-server';

/** What the .vsix must hold, and nothing else: the manifest, docs, the README's pictures, grammar and the bundles (the notebook preload, the plot renderer, the web extension and its worker, the exported page's script too). */
const EXPECTED = [
  'LICENSE',
  'README.md',
  'dist/cli.js',
  'dist/extension.browser.js',
  'dist/extension.js',
  'dist/page.js',
  'dist/preload.js',
  'dist/plotRenderer.js',
  'dist/renderer.js',
  'dist/worker.browser.js',
  'dist/worker.js',
  'docs/images/renderer-lecture-light.png',
  'docs/images/renderer-playback.png',
  'media/bpnb.tmLanguage.json',
  'media/language-configuration.json',
  'package.json',
];

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpnb-vsix-'));
  const vsix = path.join(tmp, 'bpnb.vsix');
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    publisher: string; name: string; version: string; scripts: Record<string, string>;
  };
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  try {
    // The same steps as the `package` script, with the output in the temp folder.
    const script = pkg.scripts.package;
    if (!/esbuild\.js --production/.test(script) || !/vsce package/.test(script)) throw new Error(`the package script changed shape: ${script}`);
    run(process.execPath, ['esbuild.js', '--production']);
    const vsceArgs = script.slice(script.indexOf('vsce package') + 'vsce '.length).replace(/-o \S+/, '').trim().split(/\s+/);
    run(vsce, [...vsceArgs, '-o', vsix]);

    // vsce's own list of what it packs (no unzip needed on the machine).
    const listing = run(vsce, ['ls', '--no-dependencies']).split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const missing = EXPECTED.filter((f) => !listing.includes(f));
    const extra = listing.filter((f) => !EXPECTED.includes(f));
    if (missing.length || extra.length) {
      throw new Error(`the .vsix holds the wrong files: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
    }
    console.log(`[vsix] ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB holding ${listing.join(', ')}`);

    const vscodeDir = await ensureServer((line) => console.log(line));
    const extensions = path.join(tmp, 'extensions');
    const out = run(process.execPath, [
      path.join(vscodeDir, 'out', 'server-main.js'),
      '--install-extension', vsix,
      '--extensions-dir', extensions,
      '--server-data-dir', path.join(tmp, 'data'),
      '--accept-server-license-terms',
    ]);
    const installed = path.join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/renderer.js', 'media/bpnb.tmLanguage.json']) {
      if (!fs.existsSync(path.join(installed, f))) throw new Error(`VS Code did not install ${f} (expected under ${installed}):\n${out}`);
    }
    console.log(`[vsix] VS Code 1.100.3 installed it as ${path.basename(installed)}`);
    checkPage(installed);
    console.log('[vsix] the packaged README and the manifest\'s links are for people installing it');
  } finally {
    spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The extension's page as VS Code shows it from the installed folder: a README
 * for people installing the extension (not the development README: no `npm`
 * steps), whose every relative link and image is a file of the package, and a
 * manifest whose repository, homepage and bugs are real addresses or absent.
 */
function checkPage(installed: string): void {
  const readmeName = fs.readdirSync(installed).find((f) => /^readme\.md$/i.test(f));
  if (!readmeName) throw new Error(`the package has no README (files: ${fs.readdirSync(installed).join(', ')})`);
  const readme = fs.readFileSync(path.join(installed, readmeName), 'utf8');
  const dev = /\bnpm (ci|start|test|run)\b/.exec(readme);
  if (dev) throw new Error(`the packaged README tells people to run '${dev[0]}': it is the development README, not the page for people installing the extension`);
  const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
  if (!links.some((l) => /\.(png|svg|gif)$/i.test(l))) throw new Error('the packaged README shows no picture');
  for (const link of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#')) continue;
    if (link.startsWith('/')) throw new Error(`the packaged README links to an absolute path: ${link}`);
    const file = path.join(installed, decodeURIComponent(link.split('#')[0]));
    if (!fs.existsSync(file)) throw new Error(`the packaged README links to ${link}, which is not in the package`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
  for (const field of ['repository', 'homepage', 'bugs']) {
    const value = manifest[field];
    if (value === undefined) continue;
    const url = typeof value === 'string' ? value : (value as { url?: unknown }).url;
    if (typeof url !== 'string' || !/^https:\/\//.test(url) || /example\.(invalid|com|org)/.test(url)) {
      throw new Error(`package.json's ${field} is not a real address: ${JSON.stringify(value)} (give a real one or leave it out)`);
    }
  }
}

main().then(
  () => console.log('[vsix] ok'),
  (err: unknown) => {
    console.error(`[vsix] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
