// The Debian programs `npm test` needs besides Node and the npm packages:
// chromium (the renderer harness, the VS Code tiers, image export), ripgrep
// (VS Code's search inside the test server) and rsvg-convert (exported SVGs
// are checked in librsvg). test/run-all.mjs checks them before any tier runs
// and names the packages to install in one line. .ci/run installs the same.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** program → the Debian package that has it. */
export const PREREQUISITES = [
  { program: 'chromium', pkg: 'chromium' },
  { program: 'rg', pkg: 'ripgrep' },
  { program: 'rsvg-convert', pkg: 'librsvg2-bin' },
];

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
  return PREREQUISITES.filter(({ program }) => !(program === 'chromium' ? hasChromium(env) : onPath(program, env)));
}

/** One line for people: what is missing and the command that installs it; undefined when nothing is. */
export function prerequisitesMessage(env = process.env) {
  const missing = missingPrerequisites(env);
  if (missing.length === 0) return undefined;
  return `bpnb: npm test needs ${missing.map((m) => m.program).join(', ')}; install ${missing.length === 1 ? 'it' : 'them'} with: apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`;
}
