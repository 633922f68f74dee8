// One build script for every bundle (see package.json "scripts"):
//   node esbuild.js               development build (sourcemaps)
//   node esbuild.js --production  minified build, as packaged in the .vsix
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const path = require('node:path');
const { flowchartOnly } = require('./scripts/mermaidFlowchartOnly.cjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    // Extension host: Node, CommonJS, the `vscode` module provided at run time.
    entryPoints: { extension: 'src/extension.ts' },
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
  },
  {
    // Kernel worker: runs the language session off the extension host thread.
    entryPoints: { worker: 'src/notebook/worker.ts' },
    platform: 'node', format: 'cjs', target: 'node20',
  },
  {
    // The web extension (package.json "browser"): VS Code for the Web loads it
    // in the browser's web-worker extension host as a CommonJS module. Platform
    // 'browser' makes any Node built-in that reaches it a build error.
    entryPoints: { 'extension.browser': 'src/web/extension.browser.ts' },
    platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'],
  },
  {
    // The web extension's kernel: a dedicated Web Worker (src/web/webTransport.ts).
    entryPoints: { 'worker.browser': 'src/web/worker.browser.ts' },
    platform: 'browser', format: 'iife', target: 'es2022',
  },
  {
    // The `bpnb` command line.
    entryPoints: { cli: 'src/cli/main.ts' },
    // playwright-core (svg/png export only) is a runtime dependency of the package, loaded when needed.
    platform: 'node', format: 'cjs', target: 'node20', external: ['playwright-core'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // Notebook renderer: one ESM file for the output webview, mermaid bundled
    // here and only here. Notebook webviews define an AMD `define`, which would
    // make UMD parts of mermaid's dependencies register themselves instead of
    // exporting; hiding it keeps them on the ESM path.
    entryPoints: { renderer: 'src/renderer/index.ts' },
    platform: 'browser', format: 'esm', target: 'es2022',
    external: ['fs'],
    banner: { js: 'var define = undefined;' },
    loader: { '.css': 'text' },
    plugins: [flowchartOnly],
  },
  {
    // An exported HTML page's one script (bpnb export --format html): the
    // renderer above as a classic script, inlined into the page.
    entryPoints: { page: 'src/web/page.ts' },
    platform: 'browser', format: 'iife', target: 'es2022',
    external: ['fs'],
    banner: { js: 'var define = undefined;' },
    loader: { '.css': 'text' },
    plugins: [flowchartOnly],
  },
  {
    // Notebook preload: loaded when a bpnb notebook opens; it imports the
    // renderer above (the same URL, so one module) before the first output.
    entryPoints: { preload: 'src/renderer/preload.ts' },
    platform: 'browser', format: 'esm', target: 'es2022',
  },
  {
    // Plot renderer: its own ESM file with Observable Plot (and the parts of
    // d3 it uses), loaded by VS Code only for a cell that has a plot output.
    entryPoints: { plotRenderer: 'src/plotRenderer/index.ts' },
    platform: 'browser', format: 'esm', target: 'es2022',
  },
];

async function main() {
  const contexts = await Promise.all(
    bundles.map((b) => esbuild.context({ ...common, ...b, outdir: path.join(__dirname, 'dist') })),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[watch] build started');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  require('node:fs').chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
