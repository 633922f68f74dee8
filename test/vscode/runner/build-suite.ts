// Bundles the extension-host tests: test/vscode/suite/index.ts (the mocha
// entry) + mocha + every selected *.test.ts, into one CommonJS file that the
// extension host can load as extensionTestsPath. `vscode` stays external: the
// extension host provides it.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './vscode-server';

export const SUITE_ROOT = path.join(REPO_ROOT, 'test', 'vscode', 'suite');
export const SUITE_ENTRY = path.join(SUITE_ROOT, 'index.ts');

/** Every *.test.ts under root, sorted, as paths relative to root with '/'. */
export function findTests(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) found.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found;
}

/**
 * Which suites: `areas` are the first folder names under the root (BPNB_SUITE=slice,hover);
 * empty means all of them.
 */
export function selectTests(root: string, areas: string[]): string[] {
  const all = findTests(root);
  if (areas.length === 0) return all;
  const chosen = all.filter((f) => areas.includes(f.split('/')[0]));
  const known = new Set(all.map((f) => f.split('/')[0]));
  const unknown = areas.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    throw new Error(`Unknown suite(s) ${unknown.join(', ')} under ${path.relative(REPO_ROOT, root)}; known: ${[...known].join(', ') || '(none)'}`);
  }
  return chosen;
}

export function parseAreas(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export async function buildSuiteBundle(opts: { root: string; files: string[]; outFile: string }): Promise<void> {
  const suitesModule = [
    'export const suites = [',
    ...opts.files.map((f) => `  { file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify(path.join(opts.root, f))}) },`),
    '];',
  ].join('\n');
  await esbuild.build({
    entryPoints: [SUITE_ENTRY],
    outfile: opts.outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'error',
    plugins: [
      {
        name: 'bpnb-suites',
        setup(build) {
          build.onResolve({ filter: /^bpnb:suites$/ }, () => ({ path: 'bpnb:suites', namespace: 'bpnb-suites' }));
          build.onLoad({ filter: /.*/, namespace: 'bpnb-suites' }, () => ({ contents: suitesModule, loader: 'js', resolveDir: opts.root }));
        },
      },
    ],
  });
}

/**
 * `npx tsx test/vscode/runner/build-suite.ts`: bundle the selected suites
 * (BPNB_SUITE) to out/test/suite/index.js, the extensionTestsPath of the
 * "Extension Tests" launch configuration and of run-desktop.ts.
 */
export const DEFAULT_BUNDLE = path.join(REPO_ROOT, 'out', 'test', 'suite', 'index.js');

if (require.main === module) {
  const files = selectTests(SUITE_ROOT, parseAreas(process.env.BPNB_SUITE));
  buildSuiteBundle({ root: SUITE_ROOT, files, outFile: DEFAULT_BUNDLE }).then(
    () => console.log(`${path.relative(REPO_ROOT, DEFAULT_BUNDLE)}: ${files.length} suite file(s)`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
