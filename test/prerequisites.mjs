// The Debian programs `npm test` needs besides Node and the npm packages:
// chromium (the renderer harness, the VS Code tiers, image export), ripgrep
// (VS Code's search inside the test server), rsvg-convert (exported SVGs
// are checked in librsvg) and PyTorch for Debian's python3 (the training
// oracle, test/unit/lang/torch.test.ts). test/run-all.mjs checks them before any tier runs
// and names the packages to install in one line. .ci/run installs the same.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** program → the Debian package that has it. */
export const PREREQUISITES = [
  { program: 'chromium', pkg: 'chromium' },
  { program: 'rg', pkg: 'ripgrep' },
  { program: 'rsvg-convert', pkg: 'librsvg2-bin' },
  { program: 'torch', pkg: 'python3-torch' },
];

/** PyTorch as bench/training.ts uses it: Debian's /usr/bin/python3 importing torch. */
function hasTorch() {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function onPath(program, env) {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, program), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Chromium as test/vscode/runner/browser.ts finds it: BPNB_CHROMIUM, the usual paths, or the PATH. */
function hasChromium(env) {
  const paths = [env.BPNB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return paths.some((p) => p && fs.existsSync(p)) || onPath('chromium', env);
}

/** The prerequisites missing in this environment. */
export function missingPrerequisites(env = process.env) {
  const present = { chromium: () => hasChromium(env), torch: hasTorch };
  return PREREQUISITES.filter(({ program }) => !(present[program] ?? (() => onPath(program, env)))());
}

/** One line for people: what is missing and the command that installs it; undefined when nothing is. */
export function prerequisitesMessage(env = process.env) {
  const missing = missingPrerequisites(env);
  if (missing.length === 0) return undefined;
  return `bpnb: npm test needs ${missing.map((m) => m.program).join(', ')}; install ${missing.length === 1 ? 'it' : 'them'} with: apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`;
}
