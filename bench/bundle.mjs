// Bundles the benchmarks the way the product ships its engine: the kernel
// worker and the CLI are esbuild bundles (esbuild.js), so `npm run bench`
// measures the same build of the same code, not tsx's one-module-at-a-time
// transpile (which turns every imported binding into a getter call and kept
// our engine 1.5-3x slower than it runs in the product). tfjs-core and its
// CPU backend go in the bundle too: its gradient registrations are ES modules
// that plain Node cannot load, and its backend's package.json claims to have
// no side effects (it registers itself on import), hence ignoreAnnotations.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// The CLI as it ships (esbuild.js --production: minified; playwright-core, for
// image export only, stays outside) and the naive evaluator it is compared
// with, for the whole-process figure (bench/longCell.ts).
await esbuild.build({
  entryPoints: { cli: path.join(root, 'src', 'cli', 'main.ts'), 'naive-cli': path.join(root, 'bench', 'naiveCli.ts') },
  outdir: path.join(root, '.bench-tmp'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  external: ['playwright-core'],
  logLevel: 'warning',
});

await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'run.ts')],
  outfile: path.join(root, '.bench-tmp', 'run.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  ignoreAnnotations: true,
  minify: true,
  logLevel: 'warning',
});
